package dev.meridian.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which lengths of wrapped material a wrapping key can have made, decided before any decryption. */
class KeyMaterialUnwrapperTest {
    @Test
    void rsaOaepGivesExactlyTheModulusLength() {
        for (WrappingAlgorithm oaep : new WrappingAlgorithm[] {WrappingAlgorithm.named("RSAES_OAEP_SHA_1"),
            WrappingAlgorithm.named("RSAES_OAEP_SHA_256")}) {
            assertThat(KeyMaterialUnwrapper.isWrappedLength(256, oaep, 256)).isTrue();
            assertThat(KeyMaterialUnwrapper.isWrappedLength(384, oaep, 384)).isTrue();
            assertThat(KeyMaterialUnwrapper.isWrappedLength(256, oaep, 255)).isFalse();
            assertThat(KeyMaterialUnwrapper.isWrappedLength(256, oaep, 257)).isFalse();
            assertThat(KeyMaterialUnwrapper.isWrappedLength(256, oaep, 0)).isFalse();
        }
    }

    @Test
    void rsaAesKeyWrapGivesTheModulusLengthPlusTheKwpWrapOfSixteenOrThirtyTwoBytes() {
        WrappingAlgorithm keyWrap = WrappingAlgorithm.named("RSA_AES_KEY_WRAP_SHA_256");
        assertThat(KeyMaterialUnwrapper.isWrappedLength(512, keyWrap, 512 + 40)).isTrue();
        assertThat(KeyMaterialUnwrapper.isWrappedLength(512, keyWrap, 512 + 24)).isTrue();
        for (int extra : new int[] {-1, 0, 8, 16, 32, 39, 41, 48, 64}) {
            assertThat(KeyMaterialUnwrapper.isWrappedLength(512, keyWrap, 512 + extra)).as("%d", extra).isFalse();
        }
    }
}
