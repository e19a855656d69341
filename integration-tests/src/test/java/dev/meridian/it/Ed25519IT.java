package dev.meridian.it;

import static dev.meridian.it.KmsTestSupport.arn;
import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static dev.meridian.it.KmsTestSupport.assertUndeclaredError;
import static dev.meridian.it.KmsTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.app.ServerConfiguration;
import dev.meridian.testkit.MovableClock;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.EdDSAParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.HexFormat;
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
 * {@code ECC_NIST_EDWARDS25519} signing keys through the AWS SDK: {@code ED25519_SHA_512} over RAW messages and
 * {@code ED25519_PH_SHA_512} (Ed25519ph) over 64-byte DIGEST messages (which Ed25519ph prehashes once more with
 * SHA-512, as reported of AWS), signatures checked by the JDK alone with the public key from GetPublicKey, multi-Region replicas with the same key pair, and the errors.
 */
class Ed25519IT {
    private static final String REGION = "eu-central-1";
    private static final String REPLICA = "eu-north-1";
    private static final Duration DELAY = Duration.ofMinutes(5);
    private static final MovableClock CLOCK = new MovableClock();
    private static final SigningAlgorithmSpec PURE = SigningAlgorithmSpec.ED25519_SHA_512;
    private static final SigningAlgorithmSpec PREHASH = SigningAlgorithmSpec.ED25519_PH_SHA_512;
    private static final byte[] MESSAGE = "the Ed25519 message".getBytes(StandardCharsets.UTF_8);
    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass(ServerConfiguration.builder().replicationDelay(DELAY)
            .clock(CLOCK));
    private static KmsClient client;
    private static String keyId;

    @BeforeAll
    static void start() {
        client = kms.client(REGION);
        keyId = create(false).keyId();
    }

    private static KeyMetadata create(boolean multiRegion) {
        return client.createKey(request -> request.keySpec(KeySpec.ECC_NIST_EDWARDS25519)
                .keyUsage(KeyUsageType.SIGN_VERIFY).multiRegion(multiRegion)).keyMetadata();
    }

    private static SignResponse sign(KmsClient in, String id, SigningAlgorithmSpec algorithm, byte[] message,
            MessageType type) {
        return in.sign(request -> request.keyId(id).signingAlgorithm(algorithm)
                .message(SdkBytes.fromByteArray(message)).messageType(type));
    }

    private static boolean verify(KmsClient in, String id, SigningAlgorithmSpec algorithm, byte[] message,
            MessageType type, byte[] signature) {
        return in.verify(request -> request.keyId(id).signingAlgorithm(algorithm)
                .message(SdkBytes.fromByteArray(message)).messageType(type)
                .signature(SdkBytes.fromByteArray(signature))).signatureValid();
    }

    private static byte[] sha512(byte[] message) throws Exception {
        return MessageDigest.getInstance("SHA-512").digest(message);
    }

    /** Verifies with the JDK's EdDSA alone (SunEC; Ed25519ph with {@code EdDSAParameterSpec(true)}). */
    private static boolean verifiesIndependently(byte[] publicKeyInfo, boolean prehash, byte[] message,
            byte[] signature) throws Exception {
        Signature verifier = Signature.getInstance("Ed25519");
        if (prehash) {
            verifier.setParameter(new EdDSAParameterSpec(true));
        }
        verifier.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(publicKeyInfo)));
        verifier.update(message);
        return verifier.verify(signature);
    }

    @Test
    void theKeyIsCreatedDescribedAndGivesItsPublicKey() {
        KeyMetadata described = client.describeKey(request -> request.keyId(keyId)).keyMetadata();
        assertThat(described.keySpec()).isEqualTo(KeySpec.ECC_NIST_EDWARDS25519);
        assertThat(described.keyUsage()).isEqualTo(KeyUsageType.SIGN_VERIFY);
        assertThat(described.signingAlgorithms()).containsExactly(PURE, PREHASH);
        assertThat(described.hasEncryptionAlgorithms()).isFalse();
        assertThat(described.currentKeyMaterialId()).isNull();
        GetPublicKeyResponse publicKey = client.getPublicKey(request -> request.keyId(keyId));
        assertThat(publicKey.keyId()).isEqualTo(arn(REGION, keyId));
        assertThat(publicKey.keySpec()).isEqualTo(KeySpec.ECC_NIST_EDWARDS25519);
        assertThat(publicKey.keyUsage()).isEqualTo(KeyUsageType.SIGN_VERIFY);
        assertThat(publicKey.signingAlgorithms()).containsExactly(PURE, PREHASH);
        assertThat(publicKey.publicKey().asByteArray()).hasSize(44)
                .startsWith(HexFormat.of().parseHex("302a300506032b6570032100"));
    }

    @Test
    void rawAndDigestMessagesSignAndTheJdkVerifies() throws Exception {
        byte[] publicKey = client.getPublicKey(request -> request.keyId(keyId)).publicKey().asByteArray();
        SignResponse raw = sign(client, keyId, PURE, MESSAGE, MessageType.RAW);
        assertThat(raw.keyId()).isEqualTo(arn(REGION, keyId));
        assertThat(raw.signingAlgorithm()).isEqualTo(PURE);
        byte[] pure = raw.signature().asByteArray();
        assertThat(pure).hasSize(64);
        assertThat(verifiesIndependently(publicKey, false, MESSAGE, pure)).isTrue();
        assertThat(verify(client, keyId, PURE, MESSAGE, MessageType.RAW, pure)).isTrue();
        assertThat(client.verify(request -> request.keyId(keyId).signingAlgorithm(PURE)
                .message(SdkBytes.fromByteArray(MESSAGE)).signature(raw.signature())).signatureValid()).isTrue();

        SignResponse digested = sign(client, keyId, PREHASH, sha512(MESSAGE), MessageType.DIGEST);
        assertThat(digested.signingAlgorithm()).isEqualTo(PREHASH);
        byte[] prehashed = digested.signature().asByteArray();
        assertThat(verifiesIndependently(publicKey, true, sha512(MESSAGE), prehashed)).isTrue();
        assertThat(verifiesIndependently(publicKey, true, MESSAGE, prehashed)).isFalse();
        assertThat(verify(client, keyId, PREHASH, sha512(MESSAGE), MessageType.DIGEST, prehashed)).isTrue();

        byte[] longest = new byte[4096];
        byte[] signature = sign(client, keyId, PURE, longest, MessageType.RAW).signature().asByteArray();
        assertThat(verifiesIndependently(publicKey, false, longest, signature)).isTrue();
    }

    @Test
    void aWrongSignatureIsInvalidWithoutAMessage() throws Exception {
        byte[] pure = sign(client, keyId, PURE, MESSAGE, MessageType.RAW).signature().asByteArray();
        byte[] flipped = pure.clone();
        flipped[63] ^= 1;
        assertKmsError(() -> verify(client, keyId, PURE, MESSAGE, MessageType.RAW, flipped),
                KmsInvalidSignatureException.class, null);
        assertKmsError(() -> verify(client, keyId, PURE, bytes("other").asByteArray(), MessageType.RAW, pure),
                KmsInvalidSignatureException.class, null);
        assertKmsError(() -> verify(client, keyId, PURE, MESSAGE, MessageType.RAW, new byte[3]),
                KmsInvalidSignatureException.class, null);
        assertKmsError(() -> verify(client, keyId, PREHASH, sha512(MESSAGE), MessageType.DIGEST, pure),
                KmsInvalidSignatureException.class, null);
        String otherKey = create(false).keyId();
        assertKmsError(() -> verify(client, otherKey, PURE, MESSAGE, MessageType.RAW, pure),
                KmsInvalidSignatureException.class, null);
    }

    @Test
    void eachAlgorithmTakesOnlyItsMessageType() throws Exception {
        byte[] digest = sha512(MESSAGE);
        assertUndeclaredError(() -> sign(client, keyId, PURE, digest, MessageType.DIGEST), "ValidationException",
                "Message type DIGEST is incompatible with algorithm ED25519_SHA_512.");
        assertUndeclaredError(() -> verify(client, keyId, PURE, digest, MessageType.DIGEST, new byte[64]),
                "ValidationException", "Message type DIGEST is incompatible with algorithm ED25519_SHA_512.");
        assertUndeclaredError(() -> sign(client, keyId, PREHASH, MESSAGE, MessageType.RAW), "ValidationException",
                "Message type RAW is incompatible with algorithm ED25519_PH_SHA_512.");
        assertUndeclaredError(() -> client.sign(request -> request.keyId(keyId).signingAlgorithm(PREHASH)
                .message(SdkBytes.fromByteArray(digest))), "ValidationException",
                "Message type RAW is incompatible with algorithm ED25519_PH_SHA_512.");
        assertUndeclaredError(() -> sign(client, keyId, PREHASH, new byte[32], MessageType.DIGEST),
                "ValidationException", "Digest is invalid length for algorithm ED25519_PH_SHA_512.");
        assertKmsError(() -> sign(client, keyId, SigningAlgorithmSpec.ECDSA_SHA_256, MESSAGE, MessageType.RAW),
                InvalidKeyUsageException.class,
                "Algorithm ECDSA_SHA_256 is incompatible with key spec ECC_NIST_EDWARDS25519.");
        String p256 = client.createKey(request -> request.keySpec(KeySpec.ECC_NIST_P256)
                .keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata().keyId();
        assertKmsError(() -> sign(client, p256, PURE, MESSAGE, MessageType.RAW), InvalidKeyUsageException.class,
                "Algorithm ED25519_SHA_512 is incompatible with key spec ECC_NIST_P256.");
        assertKmsError(() -> client.encrypt(request -> request.keyId(keyId).plaintext(bytes("x"))),
                InvalidKeyUsageException.class,
                arn(REGION, keyId) + " key usage is SIGN_VERIFY which is not valid for Encrypt.");
    }

    @Test
    void createKeyRefusesAnotherUsage() {
        assertUndeclaredError(() -> client.createKey(request -> request.keySpec(KeySpec.ECC_NIST_EDWARDS25519)),
                "ValidationException", "You must specify a KeyUsage value for all KMS keys except for symmetric"
                        + " encryption keys.");
        assertUndeclaredError(() -> client.createKey(request -> request.keySpec(KeySpec.ECC_NIST_EDWARDS25519)
                .keyUsage(KeyUsageType.ENCRYPT_DECRYPT)), "ValidationException",
                "KeyUsage ENCRYPT_DECRYPT is not compatible with KeySpec ECC_NIST_EDWARDS25519");
    }

    @Test
    void statesRotationDryRunGrantsAndLastUsage() {
        String id = create(false).keyId();
        assertKmsError(() -> client.enableKeyRotation(request -> request.keyId(id)),
                UnsupportedOperationException.class, null);
        assertKmsError(() -> client.rotateKeyOnDemand(request -> request.keyId(id)),
                UnsupportedOperationException.class, null);
        assertKmsError(() -> client.sign(request -> request.keyId(id).signingAlgorithm(PURE).message(bytes("x"))
                .dryRun(true)), DryRunOperationException.class,
                "The request would have succeeded, but the DryRun option is set.");
        client.createGrant(request -> request.keyId(id).granteePrincipal("arn:aws:iam::111122223333:role/sign")
                .operations(GrantOperation.SIGN, GrantOperation.VERIFY, GrantOperation.GET_PUBLIC_KEY));
        assertUndeclaredError(() -> client.createGrant(request -> request.keyId(id)
                .granteePrincipal("arn:aws:iam::111122223333:role/sign").operations(GrantOperation.DECRYPT)),
                "ValidationException", "The grant operations Decrypt are not valid for " + arn(REGION, id)
                        + " whose key spec is ECC_NIST_EDWARDS25519.");
        sign(client, id, PURE, MESSAGE, MessageType.RAW);
        assertThat(client.getKeyLastUsage(request -> request.keyId(id)).keyLastUsage().operationAsString())
                .isEqualTo("Sign");
        client.disableKey(request -> request.keyId(id));
        assertKmsError(() -> sign(client, id, PURE, MESSAGE, MessageType.RAW), DisabledException.class,
                arn(REGION, id) + " is disabled.");
        assertKmsError(() -> verify(client, id, PURE, MESSAGE, MessageType.RAW, new byte[64]),
                DisabledException.class, arn(REGION, id) + " is disabled.");
        assertKmsError(() -> client.getPublicKey(request -> request.keyId(id)), DisabledException.class,
                arn(REGION, id) + " is disabled.");
    }

    @Test
    void aSignatureMadeInOneRegionVerifiesInTheReplicasRegion() throws Exception {
        String id = create(true).keyId();
        assertThat(id).startsWith("mrk-");
        client.replicateKey(request -> request.keyId(id).replicaRegion(REPLICA));
        CLOCK.advance(DELAY.plusSeconds(1));
        kms.server().runDueWork();
        KmsClient replica = kms.client(REPLICA);
        KeyMetadata replicated = replica.describeKey(request -> request.keyId(id)).keyMetadata();
        assertThat(replicated.keySpec()).isEqualTo(KeySpec.ECC_NIST_EDWARDS25519);
        assertThat(replicated.signingAlgorithms()).containsExactly(PURE, PREHASH);
        byte[] publicKey = client.getPublicKey(request -> request.keyId(id)).publicKey().asByteArray();
        assertThat(replica.getPublicKey(request -> request.keyId(id)).publicKey().asByteArray()).isEqualTo(publicKey);
        byte[] made = sign(client, id, PURE, MESSAGE, MessageType.RAW).signature().asByteArray();
        assertThat(verify(replica, id, PURE, MESSAGE, MessageType.RAW, made)).isTrue();
        byte[] back = sign(replica, id, PREHASH, sha512(MESSAGE), MessageType.DIGEST).signature().asByteArray();
        assertThat(verify(client, id, PREHASH, sha512(MESSAGE), MessageType.DIGEST, back)).isTrue();
        assertThat(verifiesIndependently(publicKey, true, sha512(MESSAGE), back)).isTrue();
    }
}
