package dev.meridian.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Wycheproof's ECDSA vectors for the curves and hashes of KMS's ECC signing keys
 * ({@code ecdsa_secp{256r1,256k1,384r1,521r1}_sha*_test.json}), all of them, through
 * {@link EcKeyMaterial#verify(byte[], String, byte[], boolean, byte[])}, the check behind Verify: a valid
 * signature verifies, an invalid one (malformed DER, out-of-range values, wrong points) does not, and never
 * throws. The files have no {@code acceptable} vector.
 */
class EcdsaWycheproofTest {

    @TestFactory
    Stream<DynamicTest> secp256r1Sha256Vectors() {
        return tests("ecdsa_secp256r1_sha256_test.json", "ECDSA_SHA_256");
    }

    @TestFactory
    Stream<DynamicTest> secp256k1Sha256Vectors() {
        return tests("ecdsa_secp256k1_sha256_test.json", "ECDSA_SHA_256");
    }

    @TestFactory
    Stream<DynamicTest> secp384r1Sha384Vectors() {
        return tests("ecdsa_secp384r1_sha384_test.json", "ECDSA_SHA_384");
    }

    @TestFactory
    Stream<DynamicTest> secp521r1Sha512Vectors() {
        return tests("ecdsa_secp521r1_sha512_test.json", "ECDSA_SHA_512");
    }

    private static Stream<DynamicTest> tests(String fileName, String signingAlgorithm) {
        return WycheproofVectors.load(fileName).tests(vector -> true, vector -> check(vector, signingAlgorithm));
    }

    private static void check(WycheproofVectors.Vector vector, String signingAlgorithm) {
        boolean verified = EcKeyMaterial.verify(vector.groupHex("publicKeyDer"), signingAlgorithm, vector.hex("msg"),
                MessageType.RAW, vector.hex("sig"));
        switch (vector.result()) {
            case VALID -> assertThat(verified).isTrue();
            case INVALID -> assertThat(verified).isFalse();
            case ACCEPTABLE -> throw WycheproofVectors.undecided(vector);
        }
    }
}
