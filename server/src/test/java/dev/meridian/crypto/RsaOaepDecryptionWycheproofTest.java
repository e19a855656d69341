package dev.meridian.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.model.KeySpec;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Wycheproof's RSA-OAEP vectors through {@link RsaKeyMaterial#decrypt}, the parser of the attacker-supplied
 * ciphertext of a Decrypt with an RSA {@code ENCRYPT_DECRYPT} key: each file's private key becomes the material of
 * its spec ({@code RSA_2048}, {@code RSA_3072}, {@code RSA_4096}), and each vector is decrypted with the
 * algorithm of its group ({@code RSAES_OAEP_SHA_1}: SHA-1 with MGF1-SHA-1; {@code RSAES_OAEP_SHA_256}: SHA-256
 * with MGF1-SHA-256).
 * <ul>
 *   <li>A valid vector with the empty label decrypts to its message.</li>
 *   <li>An invalid vector (bad padding, a ciphertext of another length or not below the modulus) and any vector
 *       made with a non-empty label (AWS KMS encrypts with the empty label) give
 *       {@link AuthenticationFailedException} with its constant message, never another exception or a
 *       plaintext.</li>
 * </ul>
 */
class RsaOaepDecryptionWycheproofTest {
    private static final String REFUSED = new AuthenticationFailedException().getMessage();

    @TestFactory
    Stream<DynamicTest> rsa2048Sha1Mgf1Sha1() {
        return testsOf("rsa_oaep_2048_sha1_mgf1sha1_test.json");
    }

    @TestFactory
    Stream<DynamicTest> rsa2048Sha256Mgf1Sha256() {
        return testsOf("rsa_oaep_2048_sha256_mgf1sha256_test.json");
    }

    @TestFactory
    Stream<DynamicTest> rsa3072Sha256Mgf1Sha256() {
        return testsOf("rsa_oaep_3072_sha256_mgf1sha256_test.json");
    }

    @TestFactory
    Stream<DynamicTest> rsa4096Sha256Mgf1Sha256() {
        return testsOf("rsa_oaep_4096_sha256_mgf1sha256_test.json");
    }

    private static Stream<DynamicTest> testsOf(String fileName) {
        return WycheproofVectors.load(fileName).tests(vector -> true, RsaOaepDecryptionWycheproofTest::check);
    }

    private static void check(WycheproofVectors.Vector vector) {
        RsaKeyMaterial material = new RsaKeyMaterial(spec(vector.groupInt("keySize")),
                SecretBytes.copyOf(vector.groupHex("privateKeyPkcs8")));
        try {
            String algorithm = algorithm(vector);
            byte[] ciphertext = vector.hex("ct");
            if (!vector.text("label").isEmpty() || vector.result() == WycheproofVectors.Result.INVALID) {
                assertThatThrownBy(() -> material.decrypt(algorithm, ciphertext))
                        .isExactlyInstanceOf(AuthenticationFailedException.class).hasMessage(REFUSED);
                return;
            }
            if (vector.result() == WycheproofVectors.Result.ACCEPTABLE) {
                throw WycheproofVectors.undecided(vector);
            }
            SecretBytes plaintext = material.decrypt(algorithm, ciphertext);
            assertThat(plaintext.toByteArray()).isEqualTo(vector.hex("msg"));
            plaintext.destroy();
        } finally {
            material.destroy();
        }
    }

    private static KeySpec spec(int keySize) {
        return switch (keySize) {
            case 2048 -> KeySpec.RSA_2048;
            case 3072 -> KeySpec.RSA_3072;
            case 4096 -> KeySpec.RSA_4096;
            default -> throw new AssertionError("No RSA key spec of " + keySize + " bits");
        };
    }

    /** The encryption algorithm of the vector's group; the files in use pair each hash with MGF1 over the same one. */
    private static String algorithm(WycheproofVectors.Vector vector) {
        assertThat(vector.groupText("mgf")).isEqualTo("MGF1");
        assertThat(vector.groupText("mgfSha")).isEqualTo(vector.groupText("sha"));
        return switch (vector.groupText("sha")) {
            case "SHA-1" -> "RSAES_OAEP_SHA_1";
            case "SHA-256" -> "RSAES_OAEP_SHA_256";
            default -> throw new AssertionError("No encryption algorithm uses OAEP with " + vector.groupText("sha"));
        };
    }
}
