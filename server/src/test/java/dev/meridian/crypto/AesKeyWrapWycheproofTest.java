package dev.meridian.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Wycheproof's AES-KWP vectors ({@code aes_kwp_test.json}), all of them (128-, 192- and 256-bit keys), through
 * {@link KeyMaterialUnwrapper#aesKeyWrapUnwrap}, the unwrapping of the client-supplied part of an
 * {@code RSA_AES_KEY_WRAP_*} import. A valid vector must unwrap to its message; an invalid one (modified
 * padding or length, too short) must be refused as the importer refuses, with {@link AuthenticationFailedException}
 * and its constant message, never another exception or a plaintext. The wrap is given behind a few bytes, as the
 * importer gives it behind the RSA-OAEP part, so that the offset is exercised too.
 */
class AesKeyWrapWycheproofTest {
    private static final WycheproofVectors VECTORS = WycheproofVectors.load("aes_kwp_test.json");
    private static final int HEADER = 3;

    @TestFactory
    Stream<DynamicTest> aesKwpVectors() {
        return VECTORS.tests(vector -> true, AesKeyWrapWycheproofTest::check);
    }

    private static void check(WycheproofVectors.Vector vector) {
        SecretBytes key = SecretBytes.copyOf(vector.hex("key"));
        byte[] wrapped = vector.hex("ct");
        byte[] input = new byte[HEADER + wrapped.length];
        System.arraycopy(wrapped, 0, input, HEADER, wrapped.length);
        switch (vector.result()) {
            case VALID -> assertThat(KeyMaterialUnwrapper.aesKeyWrapUnwrap(key, input, HEADER, wrapped.length)
                    .toByteArray()).isEqualTo(vector.hex("msg"));
            case INVALID -> assertThatThrownBy(() -> KeyMaterialUnwrapper.aesKeyWrapUnwrap(key, input, HEADER,
                    wrapped.length)).isExactlyInstanceOf(AuthenticationFailedException.class)
                    .hasMessage(new AuthenticationFailedException().getMessage());
            case ACCEPTABLE -> throw WycheproofVectors.undecided(vector);
        }
    }
}
