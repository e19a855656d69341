package dev.meridian.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.model.KeySpec;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Wycheproof's ML-DSA vectors through {@link MlDsaKeyMaterial}, for the three key specs.
 *
 * <p>{@code mldsa_*_verify_test.json}: every vector without a context or with the empty one (KMS signs with the
 * empty context; the others exercise contexts of other lengths, which KMS has no way to pass) through
 * {@link MlDsaKeyMaterial#verify(KeySpec, byte[], String, byte[], MessageType, byte[])}, the check behind Verify: a
 * valid signature verifies, an invalid one (bad hints, norm violations, wrong lengths, wrong public key lengths)
 * does not, and nothing throws.
 *
 * <p>{@code mldsa_*_sign_seed_test.json}: the key pair expanded from each group's seed has the group's public key
 * and PKCS#8 encoding (RFC 9881 seed form, as Meridian stores it); a seed of another length is refused; each valid
 * vector's signature is reproduced exactly with FIPS 204's deterministic variant (or with the vector's {@code rnd},
 * hedged) over the message (RAW, when the context is empty) and over its {@code mu} (EXTERNAL_MU), and verifies.
 */
class MlDsaWycheproofTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String ALGORITHM = "ML_DSA_SHAKE_256";

    @TestFactory
    Stream<DynamicTest> verifyVectors() {
        return Stream.of(KeySpec.ML_DSA_44, KeySpec.ML_DSA_65, KeySpec.ML_DSA_87).flatMap(spec ->
                WycheproofVectors.load(file(spec, "verify")).tests(MlDsaWycheproofTest::emptyContext,
                        vector -> checkVerify(spec, vector)));
    }

    @TestFactory
    Stream<DynamicTest> signSeedVectors() {
        return Stream.of(KeySpec.ML_DSA_44, KeySpec.ML_DSA_65, KeySpec.ML_DSA_87).flatMap(spec ->
                WycheproofVectors.load(file(spec, "sign_seed")).tests(vector -> true,
                        vector -> checkSign(spec, vector)));
    }

    private static String file(KeySpec spec, String kind) {
        return "mldsa_" + spec.name().substring("ML_DSA_".length()) + "_" + kind + "_test.json";
    }

    private static boolean emptyContext(WycheproofVectors.Vector vector) {
        return !vector.fields().has("ctx") || vector.text("ctx").isEmpty();
    }

    private static void checkVerify(KeySpec spec, WycheproofVectors.Vector vector) {
        boolean verified = MlDsaKeyMaterial.verify(spec, vector.groupHex("publicKeyDer"), ALGORITHM,
                vector.hex("msg"), MessageType.RAW, vector.hex("sig"));
        switch (vector.result()) {
            case VALID -> assertThat(verified).isTrue();
            case INVALID -> assertThat(verified).isFalse();
            case ACCEPTABLE -> throw WycheproofVectors.undecided(vector);
        }
    }

    private static void checkSign(KeySpec spec, WycheproofVectors.Vector vector) {
        byte[] seed = vector.groupHex("privateSeed");
        if (vector.flags().contains("IncorrectPrivateKeyLength")) {
            assertThat(vector.result()).isEqualTo(WycheproofVectors.Result.INVALID);
            assertThatThrownBy(() -> MlDsaKeyMaterial.fromSeed(spec, seed))
                    .isInstanceOf(IllegalArgumentException.class);
            return;
        }
        MlDsaKeyMaterial material = MlDsaKeyMaterial.fromSeed(spec, seed);
        try {
            checkKey(spec, vector, material);
            if (vector.result() == WycheproofVectors.Result.INVALID) {
                // The only other invalid vectors pass a context longer than 255 bytes, which KMS cannot express.
                assertThat(vector.flags()).containsExactly("InvalidContext");
                return;
            }
            assertThat(vector.result()).isEqualTo(WycheproofVectors.Result.VALID);
            byte[] expected = vector.hex("sig");
            if (vector.fields().has("msg") && emptyContext(vector)) {
                byte[] message = vector.hex("msg");
                assertThat(material.sign(ALGORITHM, message, MessageType.RAW, random(vector)))
                        .isEqualTo(expected);
                assertThat(material.verify(ALGORITHM, message, MessageType.RAW, expected)).isTrue();
            }
            if (vector.fields().has("mu")) {
                byte[] mu = vector.hex("mu");
                assertThat(material.sign(ALGORITHM, mu, MessageType.EXTERNAL_MU, random(vector)))
                        .isEqualTo(expected);
                assertThat(material.verify(ALGORITHM, mu, MessageType.EXTERNAL_MU, expected)).isTrue();
            }
        } finally {
            material.destroy();
        }
    }

    /** The group's public key (inside Meridian's SubjectPublicKeyInfo) and PKCS#8 encoding, when it gives one. */
    private static void checkKey(KeySpec spec, WycheproofVectors.Vector vector, MlDsaKeyMaterial material) {
        byte[] publicKey = vector.groupHex("publicKey");
        byte[] publicKeyInfo = material.publicKeyInfo();
        assertThat(Arrays.copyOfRange(publicKeyInfo, publicKeyInfo.length - publicKey.length, publicKeyInfo.length))
                .isEqualTo(publicKey);
        assertThat(MlDsaKeyMaterial.verify(spec, publicKeyInfo, ALGORITHM, new byte[0], MessageType.RAW,
                material.sign(ALGORITHM, new byte[0], MessageType.RAW))).isTrue();
        if (vector.groupParameters().has("privateKeyPkcs8")) {
            SecretBytes encoded = material.privateKeyInfo();
            assertThat(HEX.formatHex(encoded.toByteArray())).isEqualTo(vector.groupText("privateKeyPkcs8"));
            encoded.destroy();
        }
    }

    /** Null (FIPS 204's deterministic variant, rnd all zero) unless the vector gives its {@code rnd}. */
    private static SecureRandom random(WycheproofVectors.Vector vector) {
        if (!vector.fields().has("rnd")) {
            return null;
        }
        byte[] rnd = vector.hex("rnd");
        return new FixedRandom(rnd);
    }

    /** A fake source of randomness that gives the vector's 32 bytes of rnd. */
    private static final class FixedRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] bytes;

        FixedRandom(byte[] bytes) {
            this.bytes = bytes.clone();
        }

        @Override
        public void nextBytes(byte[] into) {
            if (into.length != bytes.length) {
                throw new IllegalStateException("Asked for " + into.length + " random bytes");
            }
            System.arraycopy(bytes, 0, into, 0, into.length);
        }
    }
}
