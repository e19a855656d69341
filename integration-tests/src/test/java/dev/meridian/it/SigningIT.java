package dev.meridian.it;

import static dev.meridian.it.KmsTestSupport.arn;
import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static dev.meridian.it.KmsTestSupport.assertUndeclaredError;
import static dev.meridian.it.KmsTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.app.ServerConfiguration;
import dev.meridian.testkit.MovableClock;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Map;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
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
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SignResponse;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;

/**
 * ECC signing keys through the AWS SDK: CreateKey, DescribeKey and GetPublicKey for every curve, Sign and Verify
 * with RAW and DIGEST messages, signatures checked independently with the JDK (BouncyCastle for secp256k1,
 * which JDK 17 lacks), multi-Region replicas with the same key pair, and AWS's errors.
 */
class SigningIT {
    private static final String REGION = "eu-central-1";
    private static final String REPLICA = "eu-north-1";
    private static final Duration DELAY = Duration.ofMinutes(5);
    private static final MovableClock CLOCK = new MovableClock();
    private static final Map<KeySpec, SigningAlgorithmSpec> ALGORITHMS = Map.of(
            KeySpec.ECC_NIST_P256, SigningAlgorithmSpec.ECDSA_SHA_256,
            KeySpec.ECC_NIST_P384, SigningAlgorithmSpec.ECDSA_SHA_384,
            KeySpec.ECC_NIST_P521, SigningAlgorithmSpec.ECDSA_SHA_512,
            KeySpec.ECC_SECG_P256_K1, SigningAlgorithmSpec.ECDSA_SHA_256);
    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass(ServerConfiguration.builder().replicationDelay(DELAY)
            .clock(CLOCK));
    private static KmsClient client;
    private static String p256KeyId;
    private static String symmetricKeyId;
    private static String hmacKeyId;

    @BeforeAll
    static void start() {
        client = kms.client(REGION);
        p256KeyId = create(KeySpec.ECC_NIST_P256, false).keyId();
        symmetricKeyId = client.createKey(request -> { }).keyMetadata().keyId();
        hmacKeyId = client.createKey(request -> request.keySpec(KeySpec.HMAC_256)
                .keyUsage(KeyUsageType.GENERATE_VERIFY_MAC)).keyMetadata().keyId();
    }

    private static KeyMetadata create(KeySpec spec, boolean multiRegion) {
        return client.createKey(request -> request.keySpec(spec).keyUsage(KeyUsageType.SIGN_VERIFY)
                .multiRegion(multiRegion)).keyMetadata();
    }

    private static SignResponse sign(KmsClient in, String keyId, SigningAlgorithmSpec algorithm, SdkBytes message,
            MessageType type) {
        return in.sign(request -> request.keyId(keyId).signingAlgorithm(algorithm).message(message).messageType(type));
    }

    private static boolean verify(KmsClient in, String keyId, SigningAlgorithmSpec algorithm, SdkBytes message,
            MessageType type, SdkBytes signature) {
        return in.verify(request -> request.keyId(keyId).signingAlgorithm(algorithm).message(message)
                .messageType(type).signature(signature)).signatureValid();
    }

    private static String hash(SigningAlgorithmSpec algorithm) {
        return "SHA-" + algorithm.toString().substring("ECDSA_SHA_".length());
    }

    /** Verifies with the JDK (BouncyCastle for secp256k1, which JDK 17 lacks), never with Meridian's code. */
    private static boolean verifiesIndependently(byte[] publicKeyInfo, SigningAlgorithmSpec algorithm, byte[] message,
            byte[] signature) throws Exception {
        String name = "SHA" + algorithm.toString().substring("ECDSA_SHA_".length()) + "withECDSA";
        PublicKey publicKey = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(publicKeyInfo));
        boolean secp256k1 = publicKey.toString().contains("secp256k1")
                || java.util.Arrays.equals(java.util.Arrays.copyOfRange(publicKeyInfo, 15, 20),
                        new byte[] {0x2b, (byte) 0x81, 0x04, 0x00, 0x0a});
        Signature verifier = secp256k1 ? Signature.getInstance(name, new BouncyCastleProvider())
                : Signature.getInstance(name);
        verifier.initVerify(publicKey);
        verifier.update(message);
        return verifier.verify(signature);
    }

    @Test
    void everyCurveIsCreatedDescribedAndGivesItsPublicKey() {
        for (KeySpec spec : ALGORITHMS.keySet()) {
            KeyMetadata created = create(spec, false);
            KeyMetadata described = client.describeKey(request -> request.keyId(created.keyId())).keyMetadata();
            for (KeyMetadata metadata : new KeyMetadata[] {created, described}) {
                assertThat(metadata.keySpec()).isEqualTo(spec);
                assertThat(metadata.keyUsage()).isEqualTo(KeyUsageType.SIGN_VERIFY);
                assertThat(metadata.signingAlgorithms()).containsExactly(ALGORITHMS.get(spec));
                assertThat(metadata.hasEncryptionAlgorithms()).isFalse();
                assertThat(metadata.hasMacAlgorithms()).isFalse();
                assertThat(metadata.currentKeyMaterialId()).isNull();
            }
            GetPublicKeyResponse publicKey = client.getPublicKey(request -> request.keyId(created.keyId()));
            assertThat(publicKey.keyId()).isEqualTo(arn(REGION, created.keyId()));
            assertThat(publicKey.keySpec()).isEqualTo(spec);
            assertThat(publicKey.keyUsage()).isEqualTo(KeyUsageType.SIGN_VERIFY);
            assertThat(publicKey.signingAlgorithms()).containsExactly(ALGORITHMS.get(spec));
            assertThat(publicKey.hasEncryptionAlgorithms()).isFalse();
            assertThat(publicKey.publicKey().asByteArray()[0]).isEqualTo((byte) 0x30);
        }
    }

    @Test
    void everyCurveSignsRawAndDigestMessagesThatTheJdkVerifies() throws Exception {
        byte[] message = "the message".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (KeySpec spec : ALGORITHMS.keySet()) {
            String keyId = create(spec, false).keyId();
            SigningAlgorithmSpec algorithm = ALGORITHMS.get(spec);
            byte[] publicKey = client.getPublicKey(request -> request.keyId(keyId)).publicKey().asByteArray();
            SignResponse raw = sign(client, keyId, algorithm, SdkBytes.fromByteArray(message), MessageType.RAW);
            assertThat(raw.keyId()).isEqualTo(arn(REGION, keyId));
            assertThat(raw.signingAlgorithm()).isEqualTo(algorithm);
            assertThat(verifiesIndependently(publicKey, algorithm, message, raw.signature().asByteArray())).isTrue();
            assertThat(verify(client, keyId, algorithm, SdkBytes.fromByteArray(message), MessageType.RAW,
                    raw.signature())).isTrue();
            SdkBytes digest = SdkBytes.fromByteArray(MessageDigest.getInstance(hash(algorithm)).digest(message));
            SignResponse digested = sign(client, keyId, algorithm, digest, MessageType.DIGEST);
            assertThat(verifiesIndependently(publicKey, algorithm, message, digested.signature().asByteArray()))
                    .isTrue();
            assertThat(verify(client, keyId, algorithm, SdkBytes.fromByteArray(message), MessageType.RAW,
                    digested.signature())).isTrue();
            assertThat(verify(client, keyId, algorithm, digest, MessageType.DIGEST, raw.signature())).isTrue();
        }
        SdkBytes longest = SdkBytes.fromByteArray(new byte[4096]);
        SdkBytes signature = sign(client, p256KeyId, SigningAlgorithmSpec.ECDSA_SHA_256, longest, MessageType.RAW)
                .signature();
        assertThat(verify(client, p256KeyId, SigningAlgorithmSpec.ECDSA_SHA_256, longest, null, signature)).isTrue();
    }

    @Test
    void aWrongSignatureOrMessageIsInvalidWithoutAMessage() {
        SdkBytes message = bytes("signed");
        byte[] signature = sign(client, p256KeyId, SigningAlgorithmSpec.ECDSA_SHA_256, message, MessageType.RAW)
                .signature().asByteArray();
        byte[] flipped = signature.clone();
        flipped[signature.length - 1] ^= 1;
        assertKmsError(() -> verify(client, p256KeyId, SigningAlgorithmSpec.ECDSA_SHA_256, message, MessageType.RAW,
                SdkBytes.fromByteArray(flipped)), KmsInvalidSignatureException.class, null);
        assertKmsError(() -> verify(client, p256KeyId, SigningAlgorithmSpec.ECDSA_SHA_256, bytes("other"),
                MessageType.RAW, SdkBytes.fromByteArray(signature)), KmsInvalidSignatureException.class, null);
        assertKmsError(() -> verify(client, p256KeyId, SigningAlgorithmSpec.ECDSA_SHA_256, message, MessageType.RAW,
                bytes("not DER")), KmsInvalidSignatureException.class, null);
        String otherKey = create(KeySpec.ECC_NIST_P256, false).keyId();
        assertKmsError(() -> verify(client, otherKey, SigningAlgorithmSpec.ECDSA_SHA_256, message, MessageType.RAW,
                SdkBytes.fromByteArray(signature)), KmsInvalidSignatureException.class, null);
    }

    @Test
    void aDigestOfTheWrongLengthOrAnAlgorithmOfAnotherSpecIsRefused() {
        assertUndeclaredError(() -> sign(client, p256KeyId, SigningAlgorithmSpec.ECDSA_SHA_256,
                SdkBytes.fromByteArray(new byte[31]), MessageType.DIGEST), "ValidationException",
                "Digest is invalid length for algorithm ECDSA_SHA_256.");
        assertUndeclaredError(() -> verify(client, p256KeyId, SigningAlgorithmSpec.ECDSA_SHA_256,
                SdkBytes.fromByteArray(new byte[48]), MessageType.DIGEST, bytes("x")), "ValidationException",
                "Digest is invalid length for algorithm ECDSA_SHA_256.");
        assertKmsError(() -> sign(client, p256KeyId, SigningAlgorithmSpec.ECDSA_SHA_384, bytes("x"), MessageType.RAW),
                InvalidKeyUsageException.class, "Algorithm ECDSA_SHA_384 is incompatible with key spec ECC_NIST_P256.");
        assertKmsError(() -> verify(client, p256KeyId, SigningAlgorithmSpec.RSASSA_PSS_SHA_256, bytes("x"),
                MessageType.RAW, bytes("x")), InvalidKeyUsageException.class,
                "Algorithm RSASSA_PSS_SHA_256 is incompatible with key spec ECC_NIST_P256.");
    }

    @Test
    void keysAreUsedOnlyForTheirUsage() {
        String signingArn = arn(REGION, p256KeyId);
        assertKmsError(() -> client.encrypt(request -> request.keyId(p256KeyId).plaintext(bytes("x"))),
                InvalidKeyUsageException.class, signingArn + " key usage is SIGN_VERIFY which is not valid for Encrypt.");
        assertKmsError(() -> client.generateMac(request -> request.keyId(p256KeyId)
                .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256).message(bytes("x"))), InvalidKeyUsageException.class,
                signingArn + " key usage is SIGN_VERIFY which is not valid for GenerateMac.");
        assertKmsError(() -> sign(client, symmetricKeyId, SigningAlgorithmSpec.ECDSA_SHA_256, bytes("x"),
                MessageType.RAW), InvalidKeyUsageException.class, arn(REGION, symmetricKeyId)
                        + " key usage is ENCRYPT_DECRYPT which is not valid for Sign.");
        assertKmsError(() -> verify(client, hmacKeyId, SigningAlgorithmSpec.ECDSA_SHA_256, bytes("x"),
                MessageType.RAW, bytes("x")), InvalidKeyUsageException.class, arn(REGION, hmacKeyId)
                        + " key usage is GENERATE_VERIFY_MAC which is not valid for Verify.");
        assertKmsError(() -> client.getPublicKey(request -> request.keyId(symmetricKeyId)),
                UnsupportedOperationException.class, arn(REGION, symmetricKeyId)
                        + " key usage is ENCRYPT_DECRYPT which is not valid for GetPublicKey.");
    }

    @Test
    void createKeyRefusesAWrongUsage() {
        assertUndeclaredError(() -> client.createKey(request -> request.keySpec(KeySpec.ECC_NIST_P384)),
                "ValidationException", "You must specify a KeyUsage value for all KMS keys except for symmetric"
                        + " encryption keys.");
        assertUndeclaredError(() -> client.createKey(request -> request.keySpec(KeySpec.ECC_SECG_P256_K1)
                .keyUsage(KeyUsageType.GENERATE_VERIFY_MAC)), "ValidationException",
                "KeyUsage GENERATE_VERIFY_MAC is not compatible with KeySpec ECC_SECG_P256K1");
    }

    @Test
    void aDisabledKeyNeitherSignsNorVerifies() {
        String keyId = create(KeySpec.ECC_NIST_P384, false).keyId();
        client.disableKey(request -> request.keyId(keyId));
        assertKmsError(() -> sign(client, keyId, SigningAlgorithmSpec.ECDSA_SHA_384, bytes("x"), MessageType.RAW),
                DisabledException.class, arn(REGION, keyId) + " is disabled.");
        assertKmsError(() -> verify(client, keyId, SigningAlgorithmSpec.ECDSA_SHA_384, bytes("x"), MessageType.RAW,
                bytes("x")), DisabledException.class, arn(REGION, keyId) + " is disabled.");
        assertKmsError(() -> client.getPublicKey(request -> request.keyId(keyId)), DisabledException.class,
                arn(REGION, keyId) + " is disabled.");
    }

    @Test
    void rotationIsRefusedAndDryRunsGrantsAndLastUsageWork() {
        assertKmsError(() -> client.enableKeyRotation(request -> request.keyId(p256KeyId)),
                UnsupportedOperationException.class, null);
        assertKmsError(() -> client.rotateKeyOnDemand(request -> request.keyId(p256KeyId)),
                UnsupportedOperationException.class, null);
        assertKmsError(() -> client.sign(request -> request.keyId(p256KeyId)
                .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256).message(bytes("x")).dryRun(true)),
                DryRunOperationException.class, "The request would have succeeded, but the DryRun option is set.");
        client.createGrant(request -> request.keyId(p256KeyId).granteePrincipal("arn:aws:iam::111122223333:role/sign")
                .operations(GrantOperation.SIGN, GrantOperation.VERIFY, GrantOperation.GET_PUBLIC_KEY,
                        GrantOperation.DESCRIBE_KEY));
        assertUndeclaredError(() -> client.createGrant(request -> request.keyId(p256KeyId)
                .granteePrincipal("arn:aws:iam::111122223333:role/sign").operations(GrantOperation.ENCRYPT,
                        GrantOperation.SIGN)), "ValidationException", "The grant operations Encrypt are not valid for "
                + arn(REGION, p256KeyId) + " whose key spec is ECC_NIST_P256.");
        String keyId = create(KeySpec.ECC_NIST_P521, false).keyId();
        sign(client, keyId, SigningAlgorithmSpec.ECDSA_SHA_512, bytes("x"), MessageType.RAW);
        assertThat(client.getKeyLastUsage(request -> request.keyId(keyId)).keyLastUsage().operationAsString())
                .isEqualTo("Sign");
    }

    @Test
    void aSignatureMadeInOneRegionVerifiesInTheReplicasRegion() throws Exception {
        String keyId = create(KeySpec.ECC_SECG_P256_K1, true).keyId();
        assertThat(keyId).startsWith("mrk-");
        client.replicateKey(request -> request.keyId(keyId).replicaRegion(REPLICA));
        CLOCK.advance(DELAY.plusSeconds(1));
        kms.server().runDueWork();
        KmsClient replica = kms.client(REPLICA);
        KeyMetadata replicated = replica.describeKey(request -> request.keyId(keyId)).keyMetadata();
        assertThat(replicated.keySpec()).isEqualTo(KeySpec.ECC_SECG_P256_K1);
        assertThat(replicated.signingAlgorithms()).containsExactly(SigningAlgorithmSpec.ECDSA_SHA_256);
        SdkBytes publicKey = client.getPublicKey(request -> request.keyId(keyId)).publicKey();
        assertThat(replica.getPublicKey(request -> request.keyId(keyId)).publicKey()).isEqualTo(publicKey);
        SdkBytes message = bytes("across Regions");
        SdkBytes made = sign(client, keyId, SigningAlgorithmSpec.ECDSA_SHA_256, message, MessageType.RAW).signature();
        assertThat(verify(replica, keyId, SigningAlgorithmSpec.ECDSA_SHA_256, message, MessageType.RAW, made)).isTrue();
        SdkBytes back = sign(replica, keyId, SigningAlgorithmSpec.ECDSA_SHA_256, message, MessageType.RAW).signature();
        assertThat(verify(client, keyId, SigningAlgorithmSpec.ECDSA_SHA_256, message, MessageType.RAW, back)).isTrue();
        assertThat(verifiesIndependently(publicKey.asByteArray(), SigningAlgorithmSpec.ECDSA_SHA_256,
                message.asByteArray(), back.asByteArray())).isTrue();
    }

    /** Verifies an RSA signature with the JDK alone (SunRsaSign), never with Meridian's code. */
    private static boolean rsaVerifiesIndependently(byte[] publicKeyInfo, SigningAlgorithmSpec algorithm,
            byte[] message, byte[] signature) throws Exception {
        PublicKey publicKey = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(publicKeyInfo));
        String bits = algorithm.toString().substring(algorithm.toString().length() - 3);
        Signature verifier;
        if (algorithm.toString().startsWith("RSASSA_PSS_")) {
            verifier = Signature.getInstance("RSASSA-PSS");
            verifier.setParameter(new java.security.spec.PSSParameterSpec("SHA-" + bits, "MGF1",
                    new java.security.spec.MGF1ParameterSpec("SHA-" + bits), Integer.parseInt(bits) / 8, 1));
        } else {
            verifier = Signature.getInstance("SHA" + bits + "withRSA");
        }
        verifier.initVerify(publicKey);
        verifier.update(message);
        return verifier.verify(signature);
    }

    @Test
    void rsaKeysSignWithEveryAlgorithmRawAndDigestAndTheJdkVerifies() throws Exception {
        byte[] message = "the RSA message".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (KeySpec spec : new KeySpec[] {KeySpec.RSA_2048, KeySpec.RSA_3072, KeySpec.RSA_4096}) {
            KeyMetadata created = create(spec, false);
            String keyId = created.keyId();
            assertThat(created.signingAlgorithms()).containsExactly(SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256,
                    SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_384, SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_512,
                    SigningAlgorithmSpec.RSASSA_PSS_SHA_256, SigningAlgorithmSpec.RSASSA_PSS_SHA_384,
                    SigningAlgorithmSpec.RSASSA_PSS_SHA_512);
            GetPublicKeyResponse publicKey = client.getPublicKey(request -> request.keyId(keyId));
            assertThat(publicKey.keySpec()).isEqualTo(spec);
            assertThat(publicKey.signingAlgorithms()).isEqualTo(created.signingAlgorithms());
            byte[] publicKeyInfo = publicKey.publicKey().asByteArray();
            for (SigningAlgorithmSpec algorithm : created.signingAlgorithms()) {
                String bits = algorithm.toString().substring(algorithm.toString().length() - 3);
                SignResponse raw = sign(client, keyId, algorithm, SdkBytes.fromByteArray(message), MessageType.RAW);
                assertThat(raw.signature().asByteArray()).hasSize(Integer.parseInt(spec.toString().substring(4)) / 8);
                assertThat(rsaVerifiesIndependently(publicKeyInfo, algorithm, message, raw.signature().asByteArray()))
                        .as("%s %s", spec, algorithm).isTrue();
                SdkBytes digest = SdkBytes.fromByteArray(MessageDigest.getInstance("SHA-" + bits).digest(message));
                SignResponse digested = sign(client, keyId, algorithm, digest, MessageType.DIGEST);
                assertThat(rsaVerifiesIndependently(publicKeyInfo, algorithm, message,
                        digested.signature().asByteArray())).as("%s %s digest", spec, algorithm).isTrue();
                assertThat(verify(client, keyId, algorithm, SdkBytes.fromByteArray(message), MessageType.RAW,
                        digested.signature())).isTrue();
                assertThat(verify(client, keyId, algorithm, digest, MessageType.DIGEST, raw.signature())).isTrue();
            }
        }
    }

    @Test
    void rsaErrors() {
        String keyId = create(KeySpec.RSA_2048, false).keyId();
        assertUndeclaredError(() -> sign(client, keyId, SigningAlgorithmSpec.RSASSA_PSS_SHA_384,
                SdkBytes.fromByteArray(new byte[32]), MessageType.DIGEST), "ValidationException",
                "Digest is invalid length for algorithm RSASSA_PSS_SHA_384.");
        assertKmsError(() -> sign(client, keyId, SigningAlgorithmSpec.ECDSA_SHA_256, bytes("x"), MessageType.RAW),
                InvalidKeyUsageException.class, "Algorithm ECDSA_SHA_256 is incompatible with key spec RSA_2048.");
        SdkBytes signature = sign(client, keyId, SigningAlgorithmSpec.RSASSA_PSS_SHA_256, bytes("x"), MessageType.RAW)
                .signature();
        assertKmsError(() -> verify(client, keyId, SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256, bytes("x"),
                MessageType.RAW, signature), KmsInvalidSignatureException.class, null);
        String encryptionKeyId = client.createKey(request -> request.keySpec(KeySpec.RSA_2048)
                .keyUsage(KeyUsageType.ENCRYPT_DECRYPT)).keyMetadata().keyId();
        assertKmsError(() -> sign(client, encryptionKeyId, SigningAlgorithmSpec.RSASSA_PSS_SHA_256, bytes("x"),
                MessageType.RAW), InvalidKeyUsageException.class, arn(REGION, encryptionKeyId)
                        + " key usage is ENCRYPT_DECRYPT which is not valid for Sign.");
    }
}
