package dev.meridian.it;

import static dev.meridian.it.KmsTestSupport.arn;
import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static dev.meridian.it.KmsTestSupport.assertUndeclaredError;
import static dev.meridian.it.KmsTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.meridian.app.ServerConfiguration;
import dev.meridian.testkit.MovableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.DryRunOperationException;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.kms.model.GrantOperation;
import software.amazon.awssdk.services.kms.model.InvalidKeyUsageException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsInvalidSignatureException;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SignResponse;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;

/**
 * {@code ML_DSA_44}, {@code ML_DSA_65} and {@code ML_DSA_87} signing keys through the AWS SDK:
 * {@code ML_DSA_SHAKE_256} over RAW messages (pure ML-DSA, empty context, up to 4096 bytes) and over a 64-byte
 * {@code EXTERNAL_MU} (FIPS 204's μ, for messages of any size), hedged signatures of 2420, 3309 and 4627 bytes that
 * an independent implementation verifies ({@link MlDsaReference}: Python's {@code cryptography} with OpenSSL's
 * ML-DSA, μ computed with Python's SHAKE256), multi-Region replicas with the same key pair, the China partition,
 * and every error with AWS's code and message.
 */
class MlDsaIT {
    private static final String REGION = "eu-west-3";
    private static final String REPLICA = "ap-south-1";
    private static final Duration DELAY = Duration.ofMinutes(5);
    private static final MovableClock CLOCK = new MovableClock();
    private static final SigningAlgorithmSpec ML_DSA = SigningAlgorithmSpec.ML_DSA_SHAKE_256;
    private static final byte[] MESSAGE = "the ML-DSA message".getBytes(StandardCharsets.UTF_8);
    /** Signature and DER SubjectPublicKeyInfo sizes (FIPS 204 Table 2, plus 22 bytes of DER). */
    private static final Map<KeySpec, int[]> SIZES = Map.of(KeySpec.ML_DSA_44, new int[] {2420, 1334},
            KeySpec.ML_DSA_65, new int[] {3309, 1974}, KeySpec.ML_DSA_87, new int[] {4627, 2614});
    private static final Map<KeySpec, String> OIDS = Map.of(KeySpec.ML_DSA_44, "0609608648016503040311",
            KeySpec.ML_DSA_65, "0609608648016503040312", KeySpec.ML_DSA_87, "0609608648016503040313");
    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass(ServerConfiguration.builder().replicationDelay(DELAY)
            .clock(CLOCK));
    private static KmsClient client;
    private static String keyId;

    @BeforeAll
    static void start() {
        client = kms.client(REGION);
        keyId = create(client, KeySpec.ML_DSA_65, false).keyId();
    }

    private static KeyMetadata create(KmsClient in, KeySpec spec, boolean multiRegion) {
        return in.createKey(request -> request.keySpec(spec).keyUsage(KeyUsageType.SIGN_VERIFY)
                .multiRegion(multiRegion)).keyMetadata();
    }

    private static byte[] publicKey(KmsClient in, String id) {
        return in.getPublicKey(request -> request.keyId(id)).publicKey().asByteArray();
    }

    private static SignResponse sign(KmsClient in, String id, SigningAlgorithmSpec algorithm, byte[] message,
            MessageType type) {
        return in.sign(request -> request.keyId(id).signingAlgorithm(algorithm)
                .message(SdkBytes.fromByteArray(message)).messageType(type));
    }

    private static byte[] signature(KmsClient in, String id, byte[] message, MessageType type) {
        return sign(in, id, ML_DSA, message, type).signature().asByteArray();
    }

    private static boolean verify(KmsClient in, String id, SigningAlgorithmSpec algorithm, byte[] message,
            MessageType type, byte[] signature) {
        return in.verify(request -> request.keyId(id).signingAlgorithm(algorithm)
                .message(SdkBytes.fromByteArray(message)).messageType(type)
                .signature(SdkBytes.fromByteArray(signature))).signatureValid();
    }

    private static void assumeReference() {
        assumeTrue(MlDsaReference.available(), "python3 with ML-DSA in its cryptography package is not installed");
    }

    @Test
    void eachSpecIsDescribedGivesItsPublicKeyAndSignsWhatAnIndependentVerifierAccepts() {
        assumeReference();
        for (KeySpec spec : new KeySpec[] {KeySpec.ML_DSA_44, KeySpec.ML_DSA_65, KeySpec.ML_DSA_87}) {
            String id = create(client, spec, false).keyId();
            KeyMetadata described = client.describeKey(request -> request.keyId(id)).keyMetadata();
            assertThat(described.keySpec()).isEqualTo(spec);
            assertThat(described.keyUsage()).isEqualTo(KeyUsageType.SIGN_VERIFY);
            assertThat(described.signingAlgorithms()).containsExactly(ML_DSA);
            assertThat(described.hasEncryptionAlgorithms()).isFalse();
            assertThat(described.hasMacAlgorithms()).isFalse();
            assertThat(described.currentKeyMaterialId()).isNull();
            GetPublicKeyResponse response = client.getPublicKey(request -> request.keyId(id));
            assertThat(response.keyId()).isEqualTo(arn(REGION, id));
            assertThat(response.keySpec()).isEqualTo(spec);
            assertThat(response.keyUsage()).isEqualTo(KeyUsageType.SIGN_VERIFY);
            assertThat(response.signingAlgorithms()).containsExactly(ML_DSA);
            byte[] publicKey = response.publicKey().asByteArray();
            assertThat(publicKey).hasSize(SIZES.get(spec)[1]);
            assertThat(HexFormat.of().formatHex(publicKey, 4, 17)).isEqualTo("300b" + OIDS.get(spec));

            SignResponse signed = sign(client, id, ML_DSA, MESSAGE, MessageType.RAW);
            assertThat(signed.keyId()).isEqualTo(arn(REGION, id));
            assertThat(signed.signingAlgorithm()).isEqualTo(ML_DSA);
            byte[] signature = signed.signature().asByteArray();
            assertThat(signature).hasSize(SIZES.get(spec)[0]);
            assertThat(MlDsaReference.verifies(publicKey, MESSAGE, signature)).isTrue();
            assertThat(MlDsaReference.verifies(publicKey, "another".getBytes(StandardCharsets.UTF_8), signature))
                    .isFalse();
            assertThat(verify(client, id, ML_DSA, MESSAGE, MessageType.RAW, signature)).isTrue();
            assertThat(client.verify(request -> request.keyId(id).signingAlgorithm(ML_DSA)
                    .message(SdkBytes.fromByteArray(MESSAGE)).signature(signed.signature())).signatureValid())
                    .isTrue();
        }
    }

    @Test
    void aKeyMadeByAnotherImplementationImportsAndSignsForItsOriginalPublicKey() {
        assumeReference();
        byte[][] pair = MlDsaReference.generate65();
        String id = client.createKey(request -> request.keySpec(KeySpec.ML_DSA_65).keyUsage(KeyUsageType.SIGN_VERIFY)
                .origin(software.amazon.awssdk.services.kms.model.OriginType.EXTERNAL)).keyMetadata().keyId();
        byte[] ecKey;
        try {
            ecKey = java.security.KeyPairGenerator.getInstance("EC").generateKeyPair().getPrivate().getEncoded();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        KmsTestSupport.assertKmsError(() -> ImportSupport.importMaterial(client, id, ecKey),
                software.amazon.awssdk.services.kms.model.IncorrectKeyMaterialException.class,
                ImportSupport.INCORRECT_MATERIAL);

        ImportSupport.importMaterial(client, id, pair[0]);
        assertThat(client.getPublicKey(request -> request.keyId(id)).publicKey().asByteArray()).isEqualTo(pair[1]);
        byte[] signature = sign(client, id, ML_DSA, MESSAGE, MessageType.RAW).signature().asByteArray();
        assertThat(MlDsaReference.verifies(pair[1], MESSAGE, signature)).isTrue();
    }

    @Test
    void anExternalMuSignsMessagesOfAnySizeAsRawWould() {
        assumeReference();
        byte[] publicKey = publicKey(client, keyId);
        byte[] large = new byte[100_000];
        Arrays.fill(large, (byte) 'x');
        byte[] mu = MlDsaReference.mu(publicKey, large);
        byte[] overMu = signature(client, keyId, mu, MessageType.EXTERNAL_MU);
        assertThat(overMu).hasSize(3309);
        assertThat(MlDsaReference.verifies(publicKey, large, overMu)).isTrue();
        assertThat(verify(client, keyId, ML_DSA, mu, MessageType.EXTERNAL_MU, overMu)).isTrue();

        byte[] smallMu = MlDsaReference.mu(publicKey, MESSAGE);
        byte[] raw = signature(client, keyId, MESSAGE, MessageType.RAW);
        assertThat(verify(client, keyId, ML_DSA, smallMu, MessageType.EXTERNAL_MU, raw)).isTrue();
        byte[] external = signature(client, keyId, smallMu, MessageType.EXTERNAL_MU);
        assertThat(verify(client, keyId, ML_DSA, MESSAGE, MessageType.RAW, external)).isTrue();
        assertThat(MlDsaReference.verifies(publicKey, MESSAGE, external)).isTrue();

        byte[] longest = new byte[4096];
        assertThat(MlDsaReference.verifies(publicKey, longest, signature(client, keyId, longest, MessageType.RAW)))
                .isTrue();
    }

    @Test
    void signingIsHedged() {
        byte[] first = signature(client, keyId, MESSAGE, MessageType.RAW);
        byte[] second = signature(client, keyId, MESSAGE, MessageType.RAW);
        assertThat(first).isNotEqualTo(second);
        assertThat(verify(client, keyId, ML_DSA, MESSAGE, MessageType.RAW, first)).isTrue();
        assertThat(verify(client, keyId, ML_DSA, MESSAGE, MessageType.RAW, second)).isTrue();
    }

    @Test
    void aWrongSignatureIsInvalidWithoutAMessage() {
        byte[] signature = signature(client, keyId, MESSAGE, MessageType.RAW);
        byte[] flipped = signature.clone();
        flipped[100] ^= 1;
        assertKmsError(() -> verify(client, keyId, ML_DSA, MESSAGE, MessageType.RAW, flipped),
                KmsInvalidSignatureException.class, null);
        assertKmsError(() -> verify(client, keyId, ML_DSA, bytes("other").asByteArray(), MessageType.RAW, signature),
                KmsInvalidSignatureException.class, null);
        assertKmsError(() -> verify(client, keyId, ML_DSA, MESSAGE, MessageType.RAW, new byte[3]),
                KmsInvalidSignatureException.class, null);
        assertKmsError(() -> verify(client, keyId, ML_DSA, MESSAGE, MessageType.RAW,
                Arrays.copyOf(signature, signature.length + 1)), KmsInvalidSignatureException.class, null);
        assertKmsError(() -> verify(client, keyId, ML_DSA, new byte[64], MessageType.EXTERNAL_MU, signature),
                KmsInvalidSignatureException.class, null);
        String otherKey = create(client, KeySpec.ML_DSA_65, false).keyId();
        assertKmsError(() -> verify(client, otherKey, ML_DSA, MESSAGE, MessageType.RAW, signature),
                KmsInvalidSignatureException.class, null);
        String smaller = create(client, KeySpec.ML_DSA_44, false).keyId();
        assertKmsError(() -> verify(client, smaller, ML_DSA, MESSAGE, MessageType.RAW, signature),
                KmsInvalidSignatureException.class, null);
    }

    @Test
    void digestsAndMessagesOfTheWrongLengthAreRefused() {
        assertUndeclaredError(() -> sign(client, keyId, ML_DSA, new byte[64], MessageType.DIGEST),
                "ValidationException", "Message type DIGEST is incompatible with algorithm ML_DSA_SHAKE_256.");
        assertUndeclaredError(() -> verify(client, keyId, ML_DSA, new byte[64], MessageType.DIGEST, new byte[3309]),
                "ValidationException", "Message type DIGEST is incompatible with algorithm ML_DSA_SHAKE_256.");
        assertUndeclaredError(() -> sign(client, keyId, ML_DSA, new byte[32], MessageType.EXTERNAL_MU),
                "ValidationException", "External Mu is invalid length for algorithm ML_DSA_SHAKE_256.");
        assertUndeclaredError(() -> verify(client, keyId, ML_DSA, new byte[65], MessageType.EXTERNAL_MU,
                new byte[3309]), "ValidationException",
                "External Mu is invalid length for algorithm ML_DSA_SHAKE_256.");
        assertUndeclaredError(() -> sign(client, keyId, ML_DSA, new byte[4097], MessageType.RAW),
                "ValidationException", "1 validation error detected: Value at 'message' failed to satisfy"
                        + " constraint: Member must have length less than or equal to 4096");
        String p256 = client.createKey(request -> request.keySpec(KeySpec.ECC_NIST_P256)
                .keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata().keyId();
        assertUndeclaredError(() -> sign(client, p256, SigningAlgorithmSpec.ECDSA_SHA_256, new byte[64],
                MessageType.EXTERNAL_MU), "ValidationException",
                "Message type EXTERNAL_MU is incompatible with algorithm ECDSA_SHA_256.");
        assertKmsError(() -> sign(client, p256, ML_DSA, MESSAGE, MessageType.RAW), InvalidKeyUsageException.class,
                "Algorithm ML_DSA_SHAKE_256 is incompatible with key spec ECC_NIST_P256.");
        assertKmsError(() -> sign(client, keyId, SigningAlgorithmSpec.ECDSA_SHA_256, MESSAGE, MessageType.RAW),
                InvalidKeyUsageException.class, "Algorithm ECDSA_SHA_256 is incompatible with key spec ML_DSA_65.");
        assertKmsError(() -> sign(client, keyId, SigningAlgorithmSpec.ED25519_SHA_512, MESSAGE, MessageType.RAW),
                InvalidKeyUsageException.class, "Algorithm ED25519_SHA_512 is incompatible with key spec ML_DSA_65.");
        assertKmsError(() -> client.encrypt(request -> request.keyId(keyId).plaintext(bytes("x"))),
                InvalidKeyUsageException.class,
                arn(REGION, keyId) + " key usage is SIGN_VERIFY which is not valid for Encrypt.");
        assertKmsError(() -> client.generateMac(request -> request.keyId(keyId).message(bytes("x"))
                .macAlgorithm("HMAC_SHA_256")), InvalidKeyUsageException.class,
                arn(REGION, keyId) + " key usage is SIGN_VERIFY which is not valid for GenerateMac.");
    }

    @Test
    void createKeyRefusesAnotherUsage() {
        assertUndeclaredError(() -> client.createKey(request -> request.keySpec(KeySpec.ML_DSA_87)),
                "ValidationException", "You must specify a KeyUsage value for all KMS keys except for symmetric"
                        + " encryption keys.");
        assertUndeclaredError(() -> client.createKey(request -> request.keySpec(KeySpec.ML_DSA_44)
                .keyUsage(KeyUsageType.ENCRYPT_DECRYPT)), "ValidationException",
                "KeyUsage ENCRYPT_DECRYPT is not compatible with KeySpec ML_DSA_44");
        assertUndeclaredError(() -> client.createKey(request -> request.keySpec(KeySpec.ML_DSA_65)
                .keyUsage(KeyUsageType.KEY_AGREEMENT)), "ValidationException",
                "KeyUsage KEY_AGREEMENT is not compatible with KeySpec ML_DSA_65");
    }

    @Test
    void statesRotationDryRunGrantsAndLastUsage() {
        String id = create(client, KeySpec.ML_DSA_44, false).keyId();
        assertKmsError(() -> client.enableKeyRotation(request -> request.keyId(id)),
                UnsupportedOperationException.class, null);
        assertKmsError(() -> client.rotateKeyOnDemand(request -> request.keyId(id)),
                UnsupportedOperationException.class, null);
        assertKmsError(() -> client.sign(request -> request.keyId(id).signingAlgorithm(ML_DSA).message(bytes("x"))
                .dryRun(true)), DryRunOperationException.class,
                "The request would have succeeded, but the DryRun option is set.");
        client.createGrant(request -> request.keyId(id).granteePrincipal("arn:aws:iam::111122223333:role/sign")
                .operations(GrantOperation.SIGN, GrantOperation.VERIFY, GrantOperation.GET_PUBLIC_KEY));
        assertUndeclaredError(() -> client.createGrant(request -> request.keyId(id)
                .granteePrincipal("arn:aws:iam::111122223333:role/sign").operations(GrantOperation.GENERATE_MAC)),
                "ValidationException", "The grant operations GenerateMac are not valid for " + arn(REGION, id)
                        + " whose key spec is ML_DSA_44.");
        sign(client, id, ML_DSA, MESSAGE, MessageType.RAW);
        assertThat(client.getKeyLastUsage(request -> request.keyId(id)).keyLastUsage().operationAsString())
                .isEqualTo("Sign");
        client.disableKey(request -> request.keyId(id));
        assertKmsError(() -> sign(client, id, ML_DSA, MESSAGE, MessageType.RAW), DisabledException.class,
                arn(REGION, id) + " is disabled.");
        assertKmsError(() -> verify(client, id, ML_DSA, new byte[64], MessageType.EXTERNAL_MU, new byte[2420]),
                DisabledException.class, arn(REGION, id) + " is disabled.");
        assertKmsError(() -> client.getPublicKey(request -> request.keyId(id)), DisabledException.class,
                arn(REGION, id) + " is disabled.");
    }

    @Test
    void aSignatureMadeInOneRegionVerifiesInTheReplicasRegion() {
        String id = create(client, KeySpec.ML_DSA_87, true).keyId();
        assertThat(id).startsWith("mrk-");
        client.replicateKey(request -> request.keyId(id).replicaRegion(REPLICA));
        CLOCK.advance(DELAY.plusSeconds(1));
        kms.server().runDueWork();
        KmsClient replica = kms.client(REPLICA);
        KeyMetadata replicated = replica.describeKey(request -> request.keyId(id)).keyMetadata();
        assertThat(replicated.keySpec()).isEqualTo(KeySpec.ML_DSA_87);
        assertThat(replicated.signingAlgorithms()).containsExactly(ML_DSA);
        byte[] publicKey = publicKey(client, id);
        assertThat(publicKey(replica, id)).isEqualTo(publicKey);
        byte[] made = signature(client, id, MESSAGE, MessageType.RAW);
        assertThat(verify(replica, id, ML_DSA, MESSAGE, MessageType.RAW, made)).isTrue();
        byte[] mu = new byte[64];
        Arrays.fill(mu, (byte) 7);
        byte[] back = signature(replica, id, mu, MessageType.EXTERNAL_MU);
        assertThat(back).hasSize(4627);
        assertThat(verify(client, id, ML_DSA, mu, MessageType.EXTERNAL_MU, back)).isTrue();
        if (MlDsaReference.available()) {
            assertThat(MlDsaReference.verifies(publicKey, MESSAGE, signature(replica, id, MESSAGE, MessageType.RAW)))
                    .isTrue();
        }
    }

    @Test
    void theChinaRegionsHaveMlDsaKeysToo() {
        KmsClient beijing = kms.client("cn-north-1");
        KeyMetadata key = create(beijing, KeySpec.ML_DSA_65, false);
        assertThat(key.arn()).startsWith("arn:aws-cn:kms:cn-north-1:");
        byte[] signature = signature(beijing, key.keyId(), MESSAGE, MessageType.RAW);
        assertThat(verify(beijing, key.keyId(), ML_DSA, MESSAGE, MessageType.RAW, signature)).isTrue();
    }
}
