package dev.meridian.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Wycheproof's RSASSA-PKCS1-v1_5 ({@code rsa_signature_*}) and RSASSA-PSS ({@code rsa_pss_*}, salt as long as the
 * hash, MGF1 with the same hash: KMS's parameters) vectors for 2048-, 3072- and 4096-bit keys through
 * {@link RsaKeyMaterial#verify(byte[], String, byte[], boolean, byte[])}, the check behind Verify. The one
 * {@code acceptable} kind, a DigestInfo without its NULL parameters ({@code MissingNull}), is accepted over a RAW
 * message: BouncyCastle takes both encodings, as RFC 8017 section 8.2.2 note 2 allows.
 */
class RsaSignatureWycheproofTest {

    @TestFactory
    Stream<DynamicTest> pkcs1Vectors() {
        return Stream.of("2048", "3072", "4096").flatMap(bits -> Stream.of("256", "384", "512").flatMap(hash ->
                tests("rsa_signature_" + bits + "_sha" + hash + "_test.json", "RSASSA_PKCS1_V1_5_SHA_" + hash)));
    }

    @TestFactory
    Stream<DynamicTest> pssVectors() {
        return Stream.of(
                tests("rsa_pss_2048_sha256_mgf1_32_test.json", "RSASSA_PSS_SHA_256"),
                tests("rsa_pss_2048_sha384_mgf1_48_test.json", "RSASSA_PSS_SHA_384"),
                tests("rsa_pss_3072_sha256_mgf1_32_test.json", "RSASSA_PSS_SHA_256"),
                tests("rsa_pss_4096_sha256_mgf1_32_test.json", "RSASSA_PSS_SHA_256"),
                tests("rsa_pss_4096_sha384_mgf1_48_test.json", "RSASSA_PSS_SHA_384"),
                tests("rsa_pss_4096_sha512_mgf1_64_test.json", "RSASSA_PSS_SHA_512")).flatMap(tests -> tests);
    }

    private static Stream<DynamicTest> tests(String fileName, String signingAlgorithm) {
        return WycheproofVectors.load(fileName).tests(vector -> true, vector -> check(vector, signingAlgorithm));
    }

    private static void check(WycheproofVectors.Vector vector, String signingAlgorithm) {
        boolean verified = RsaKeyMaterial.verify(vector.groupHex("publicKeyDer"), signingAlgorithm, vector.hex("msg"),
                MessageType.RAW, vector.hex("sig"));
        switch (vector.result()) {
            case VALID -> assertThat(verified).isTrue();
            case INVALID -> assertThat(verified).isFalse();
            case ACCEPTABLE -> {
                if (!vector.flags().equals(java.util.Set.of("MissingNull"))) {
                    throw WycheproofVectors.undecided(vector);
                }
                assertThat(verified).isTrue();
            }
        }
    }
}
