package dev.meridian.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Wycheproof's AES-GCM vectors ({@code aes_gcm_test.json}) through {@link AesGcm}: every group with a 12-byte IV
 * and a 16-byte tag, the only sizes the class takes (all three key sizes; Meridian itself uses 256-bit keys).
 * The groups with other IV lengths (0 to 2056 bits) cannot be expressed through it and are left out.
 *
 * <p>A valid vector must open to its message and seal back to its ciphertext and tag; an invalid one must be
 * refused with {@link AuthenticationFailedException}, never another exception or a plaintext. The ciphertext is
 * given behind a one-byte header, as Meridian's formats do, so that the offsets are exercised too.
 */
class AesGcmWycheproofTest {
    private static final WycheproofVectors VECTORS = WycheproofVectors.load("aes_gcm_test.json");

    @TestFactory
    Stream<DynamicTest> aesGcmVectorsWithTwelveByteIvAndSixteenByteTag() {
        return VECTORS.tests(vector -> vector.groupInt("ivSize") == AesGcm.IV_LENGTH * 8
                && vector.groupInt("tagSize") == AesGcm.TAG_LENGTH * 8, AesGcmWycheproofTest::check);
    }

    private static void check(WycheproofVectors.Vector vector) {
        byte[] key = vector.hex("key");
        byte[] iv = vector.hex("iv");
        byte[] aad = vector.hex("aad");
        byte[] message = vector.hex("msg");
        byte[] sealed = concatenate(vector.hex("ct"), vector.hex("tag"));
        byte[] input = concatenate(new byte[] {1}, iv, sealed);
        switch (vector.result()) {
            case VALID -> {
                assertThat(AesGcm.open(key, input, 1, 1 + iv.length, sealed.length, aad)).isEqualTo(message);
                assertThat(AesGcm.seal(key, iv, message, aad)).isEqualTo(sealed);
            }
            case INVALID -> assertThatThrownBy(() -> AesGcm.open(key, input, 1, 1 + iv.length, sealed.length, aad))
                    .isExactlyInstanceOf(AuthenticationFailedException.class);
            case ACCEPTABLE -> throw WycheproofVectors.undecided(vector);
        }
    }

    private static byte[] concatenate(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] whole = new byte[length];
        int position = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, whole, position, part.length);
            position += part.length;
        }
        return whole;
    }
}
