package dev.meridian.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.model.KeySpec;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Wycheproof's RSA-OAEP vectors for the two OAEP variants that import takes ({@code RSAES_OAEP_SHA_1}: SHA-1 with
 * MGF1-SHA-1; {@code RSAES_OAEP_SHA_256}: SHA-256 with MGF1-SHA-256), all of them, for 2048-, 3072- and 4096-bit
 * keys, through {@link KeyMaterialUnwrapper#oaepDecrypt} and through the importer's entry
 * {@link KeyMaterialUnwrapper#unwrap}.
 *
 * <ul>
 *   <li>A valid vector with the empty label must decrypt to its message, both ways.</li>
 *   <li>An invalid vector (bad OAEP padding, a ciphertext of another length or not below the modulus) must be
 *       refused as the importer refuses, with its constant message: {@link AuthenticationFailedException} from
 *       {@code oaepDecrypt}; from {@code unwrap} that, or {@link EncryptedKeySizeException} when the length is
 *       not the modulus length (checked before decryption).</li>
 *   <li>A vector made with a non-empty label must be refused with {@link AuthenticationFailedException},
 *       valid or not: AWS KMS wraps with the empty label, and Meridian decrypts with it only.</li>
 * </ul>
 * Never another exception, never a plaintext for an input that must be refused.
 */
class RsaOaepWycheproofTest {
    private static final String REFUSED = new AuthenticationFailedException().getMessage();
    private static final String SIZE_REFUSED = new EncryptedKeySizeException().getMessage();

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
        return WycheproofVectors.load(fileName).tests(vector -> true, RsaOaepWycheproofTest::check);
    }

    private static void check(WycheproofVectors.Vector vector) throws GeneralSecurityException {
        WrappingAlgorithm algorithm = algorithm(vector);
        PrivateKey privateKey = KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(vector.groupHex("privateKeyPkcs8")));
        int modulusBytes = vector.groupInt("keySize") / 8;
        byte[] ciphertext = vector.hex("ct");
        if (!vector.text("label").isEmpty()) {
            assertThatThrownBy(() -> KeyMaterialUnwrapper.oaepDecrypt(privateKey, algorithm, ciphertext, 0,
                    ciphertext.length)).isExactlyInstanceOf(AuthenticationFailedException.class).hasMessage(REFUSED);
            assertThatThrownBy(() -> KeyMaterialUnwrapper.unwrap(privateKey, modulusBytes, algorithm, ciphertext, KeySpec.SYMMETRIC_DEFAULT))
                    .isExactlyInstanceOf(AuthenticationFailedException.class).hasMessage(REFUSED);
            return;
        }
        switch (vector.result()) {
            case VALID -> {
                byte[] message = vector.hex("msg");
                assertThat(KeyMaterialUnwrapper.oaepDecrypt(privateKey, algorithm, ciphertext, 0, ciphertext.length)
                        .toByteArray()).isEqualTo(message);
                assertThat(KeyMaterialUnwrapper.unwrap(privateKey, modulusBytes, algorithm, ciphertext, KeySpec.SYMMETRIC_DEFAULT).toByteArray())
                        .isEqualTo(message);
            }
            case INVALID -> {
                assertThatThrownBy(() -> KeyMaterialUnwrapper.oaepDecrypt(privateKey, algorithm, ciphertext, 0,
                        ciphertext.length)).isExactlyInstanceOf(AuthenticationFailedException.class).hasMessage(REFUSED);
                if (ciphertext.length == modulusBytes) {
                    assertThatThrownBy(() -> KeyMaterialUnwrapper.unwrap(privateKey, modulusBytes, algorithm, ciphertext, KeySpec.SYMMETRIC_DEFAULT))
                            .isExactlyInstanceOf(AuthenticationFailedException.class).hasMessage(REFUSED);
                } else {
                    assertThatThrownBy(() -> KeyMaterialUnwrapper.unwrap(privateKey, modulusBytes, algorithm, ciphertext, KeySpec.SYMMETRIC_DEFAULT))
                            .isExactlyInstanceOf(EncryptedKeySizeException.class).hasMessage(SIZE_REFUSED);
                }
            }
            case ACCEPTABLE -> throw WycheproofVectors.undecided(vector);
        }
    }

    /** The import algorithm of the vector's group; the files in use pair each hash with MGF1 over the same one. */
    private static WrappingAlgorithm algorithm(WycheproofVectors.Vector vector) {
        assertThat(vector.groupText("mgf")).isEqualTo("MGF1");
        assertThat(vector.groupText("mgfSha")).isEqualTo(vector.groupText("sha"));
        return switch (vector.groupText("sha")) {
            case "SHA-1" -> WrappingAlgorithm.RSAES_OAEP_SHA_1;
            case "SHA-256" -> WrappingAlgorithm.RSAES_OAEP_SHA_256;
            default -> throw new AssertionError("No import algorithm uses OAEP with " + vector.groupText("sha"));
        };
    }
}
