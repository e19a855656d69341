package dev.meridian.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.model.KeySpec;
import org.junit.jupiter.api.Test;

/** Which lengths of wrapped material a wrapping key can have made, decided before any decryption. */
class KeyMaterialUnwrapperTest {
    @Test
    void rsaOaepGivesExactlyTheModulusLength() {
        for (WrappingAlgorithm oaep : new WrappingAlgorithm[] {WrappingAlgorithm.named("RSAES_OAEP_SHA_1"),
            WrappingAlgorithm.named("RSAES_OAEP_SHA_256")}) {
            assertThat(KeyMaterialUnwrapper.isWrappedLength(256, oaep, 256, KeySpec.SYMMETRIC_DEFAULT)).isTrue();
            assertThat(KeyMaterialUnwrapper.isWrappedLength(384, oaep, 384, KeySpec.SYMMETRIC_DEFAULT)).isTrue();
            assertThat(KeyMaterialUnwrapper.isWrappedLength(256, oaep, 255, KeySpec.SYMMETRIC_DEFAULT)).isFalse();
            assertThat(KeyMaterialUnwrapper.isWrappedLength(256, oaep, 257, KeySpec.SYMMETRIC_DEFAULT)).isFalse();
            assertThat(KeyMaterialUnwrapper.isWrappedLength(256, oaep, 0, KeySpec.SYMMETRIC_DEFAULT)).isFalse();
        }
    }

    @Test
    void rsaAesKeyWrapGivesTheModulusLengthPlusTheKwpWrapOfSixteenOrThirtyTwoBytes() {
        WrappingAlgorithm keyWrap = WrappingAlgorithm.named("RSA_AES_KEY_WRAP_SHA_256");
        assertThat(KeyMaterialUnwrapper.isWrappedLength(512, keyWrap, 512 + 40, KeySpec.SYMMETRIC_DEFAULT)).isTrue();
        assertThat(KeyMaterialUnwrapper.isWrappedLength(512, keyWrap, 512 + 24, KeySpec.SYMMETRIC_DEFAULT)).isTrue();
        for (int extra : new int[] {-1, 0, 8, 16, 32, 39, 41, 48, 64}) {
            assertThat(KeyMaterialUnwrapper.isWrappedLength(512, keyWrap, 512 + extra, KeySpec.SYMMETRIC_DEFAULT)).as("%d", extra).isFalse();
        }
    }
}
