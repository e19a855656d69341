package dev.meridian.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.model.KeySpec;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Wycheproof's ECDH vectors for the curves of KMS's key agreement keys ({@code ecdh_secp{256r1,384r1,521r1}_test.json},
 * public keys as DER SubjectPublicKeyInfo, as DeriveSharedSecret takes them), all of them, through
 * {@link EcKeyMaterial#deriveSharedSecret}, the agreement behind DeriveSharedSecret: the key material is made from
 * the vector's private key (as PKCS#8, the form Meridian keeps), the public key goes in as given. A valid vector
 * derives exactly the vector's shared secret; an invalid one (wrong curve, points off the curve or on a twist,
 * modified groups, bad encodings) is refused with {@link IllegalArgumentException}.
 *
 * <p>The {@code acceptable} vectors, decided (EcdhAgreement's rules): {@code CompressedPublic} (a compressed point
 * of the right curve, which RFC 5480 allows) is accepted and derives the vector's secret; {@code InvalidAsn}
 * (BER or otherwise non-DER encodings of a right key) and {@code UnnamedCurve} with {@code UnusedParam} (explicit
 * curve parameters instead of the curve's OID, RFC 5480 forbids them for these keys) are refused.
 */
class EcdhWycheproofTest {

    @TestFactory
    Stream<DynamicTest> secp256r1Vectors() {
        return tests("ecdh_secp256r1_test.json", KeySpec.ECC_NIST_P256, "secp256r1");
    }

    @TestFactory
    Stream<DynamicTest> secp384r1Vectors() {
        return tests("ecdh_secp384r1_test.json", KeySpec.ECC_NIST_P384, "secp384r1");
    }

    @TestFactory
    Stream<DynamicTest> secp521r1Vectors() {
        return tests("ecdh_secp521r1_test.json", KeySpec.ECC_NIST_P521, "secp521r1");
    }

    private static Stream<DynamicTest> tests(String fileName, KeySpec spec, String curveName) {
        WycheproofVectors vectors = WycheproofVectors.load(fileName);
        assertThat(vectors.groups()).allSatisfy(group -> {
            assertThat(group.parameters().get("curve").asText()).isEqualTo(curveName);
            assertThat(group.parameters().get("encoding").asText()).isEqualTo("asn");
        });
        return vectors.tests(vector -> true, vector -> check(vector, spec, curveName));
    }

    private static void check(WycheproofVectors.Vector vector, KeySpec spec, String curveName) throws Exception {
        EcKeyMaterial material = material(spec, curveName, new BigInteger(1, vector.hex("private")));
        byte[] publicKey = vector.hex("public");
        boolean accepted = switch (vector.result()) {
            case VALID -> true;
            case INVALID -> false;
            case ACCEPTABLE -> {
                if (vector.flags().contains("CompressedPublic")) {
                    yield true;
                }
                if (vector.flags().contains("InvalidAsn") || vector.flags().contains("UnnamedCurve")) {
                    yield false;
                }
                throw WycheproofVectors.undecided(vector);
            }
        };
        try {
            if (accepted) {
                SecretBytes shared = material.deriveSharedSecret(publicKey);
                assertThat(shared.toByteArray()).isEqualTo(vector.hex("shared"));
            } else {
                assertThatThrownBy(() -> material.deriveSharedSecret(publicKey))
                        .isInstanceOf(IllegalArgumentException.class);
            }
        } finally {
            material.destroy();
        }
    }

    /** Key material of {@code spec} holding the private scalar {@code d}, made by the JDK as PKCS#8. */
    private static EcKeyMaterial material(KeySpec spec, String curveName, BigInteger d) throws Exception {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec(curveName));
        byte[] pkcs8 = KeyFactory.getInstance("EC").generatePrivate(
                new ECPrivateKeySpec(d, parameters.getParameterSpec(ECParameterSpec.class))).getEncoded();
        return new EcKeyMaterial(spec, SecretBytes.copyOf(pkcs8));
    }
}
