package dev.meridian.it;

import static dev.meridian.it.KmsTestSupport.arn;
import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static dev.meridian.it.KmsTestSupport.assertUndeclaredError;
import static dev.meridian.it.KmsTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.app.ServerConfiguration;
import dev.meridian.crypto.attestation.TestNitroPki;
import dev.meridian.testkit.MovableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.KeyAgreement;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DeriveSharedSecretResponse;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.DryRunOperationException;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.kms.model.GrantOperation;
import software.amazon.awssdk.services.kms.model.InvalidKeyUsageException;
import software.amazon.awssdk.services.kms.model.KeyAgreementAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.KeyEncryptionMechanism;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.RecipientInfo;

/**
 * Key agreement keys through the AWS SDK: CreateKey, DescribeKey and GetPublicKey for every NIST curve, and
 * DeriveSharedSecret, whose secret is checked independently against the JDK's ECDH and {@code openssl pkeyutl
 * -derive} with a peer key pair the test makes; the same secret in every Region of a multi-Region key; the
 * secret sealed to an attested enclave; DryRun, grants, GetKeyLastUsage; and AWS's errors, exactly.
 */
class KeyAgreementIT {
    private static final String REGION = "ap-northeast-1";
    private static final String REPLICA = "ap-south-1";
    private static final Duration DELAY = Duration.ofMinutes(5);
    private static final MovableClock CLOCK = new MovableClock();
    private static final TestNitroPki PKI = TestNitroPki.create(Instant.now());
    private static final KeyPair ENCLAVE = TestNitroPki.rsa(2048);
    private static final Map<KeySpec, String> CURVES = Map.of(KeySpec.ECC_NIST_P256, "secp256r1",
            KeySpec.ECC_NIST_P384, "secp384r1", KeySpec.ECC_NIST_P521, "secp521r1");
    private static final String DRY_RUN = "The request would have succeeded, but the DryRun option is set.";
    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass(ServerConfiguration.builder().replicationDelay(DELAY)
            .clock(CLOCK).attestationRoot(PKI.root()));
    private static KmsClient client;
    private static String p256KeyId;
    private static KeyPair p256Peer;

    @TempDir
    Path folder;

    @BeforeAll
    static void start() throws Exception {
        client = kms.client(REGION);
        p256KeyId = create(KeySpec.ECC_NIST_P256, false).keyId();
        p256Peer = peer("secp256r1");
    }

    private static KeyMetadata create(KeySpec spec, boolean multiRegion) {
        return client.createKey(request -> request.keySpec(spec).keyUsage(KeyUsageType.KEY_AGREEMENT)
                .multiRegion(multiRegion)).keyMetadata();
    }

    private static KeyPair peer(String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    private static DeriveSharedSecretResponse derive(KmsClient in, String keyId, byte[] publicKey) {
        return in.deriveSharedSecret(request -> request.keyId(keyId)
                .keyAgreementAlgorithm(KeyAgreementAlgorithmSpec.ECDH).publicKey(SdkBytes.fromByteArray(publicKey)));
    }

    /** The JDK's ECDH of the peer's private key and the KMS key's public key: never Meridian's code. */
    private static byte[] jdkSecret(KeyPair peer, byte[] kmsPublicKey) throws Exception {
        KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
        agreement.init(peer.getPrivate());
        agreement.doPhase(KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(kmsPublicKey)), true);
        return agreement.generateSecret();
    }

    /** {@code openssl pkeyutl -derive -inkey peer.pem -peerkey kms_pub.pem}, with the key pair's PEM files. */
    private byte[] opensslSecret(KeyPair peer, byte[] kmsPublicKey) throws Exception {
        Path peerPem = Files.writeString(folder.resolve("peer.pem"), pem("PRIVATE KEY", peer.getPrivate().getEncoded()));
        Path kmsPem = Files.writeString(folder.resolve("kms_pub.pem"), pem("PUBLIC KEY", kmsPublicKey));
        Path secret = folder.resolve("secret.bin");
        Files.deleteIfExists(secret);
        Process openssl = new ProcessBuilder("openssl", "pkeyutl", "-derive", "-inkey", peerPem.toString(), "-peerkey",
                kmsPem.toString(), "-out", secret.toString()).redirectErrorStream(true).start();
        String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(openssl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(openssl.exitValue()).as("openssl: %s", output).isZero();
        return Files.readAllBytes(secret);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    @Test
    void everyNistCurveAgreesTheSecretThatTheJdkAndOpensslDerive() throws Exception {
        for (Map.Entry<KeySpec, String> curve : CURVES.entrySet()) {
            KeySpec spec = curve.getKey();
            KeyMetadata created = create(spec, false);
            KeyMetadata described = client.describeKey(request -> request.keyId(created.keyId())).keyMetadata();
            for (KeyMetadata metadata : new KeyMetadata[] {created, described}) {
                assertThat(metadata.keySpec()).isEqualTo(spec);
                assertThat(metadata.keyUsage()).isEqualTo(KeyUsageType.KEY_AGREEMENT);
                assertThat(metadata.keyAgreementAlgorithms()).containsExactly(KeyAgreementAlgorithmSpec.ECDH);
                assertThat(metadata.hasSigningAlgorithms()).isFalse();
                assertThat(metadata.hasEncryptionAlgorithms()).isFalse();
                assertThat(metadata.hasMacAlgorithms()).isFalse();
            }
            GetPublicKeyResponse publicKey = client.getPublicKey(request -> request.keyId(created.keyId()));
            assertThat(publicKey.keyUsage()).isEqualTo(KeyUsageType.KEY_AGREEMENT);
            assertThat(publicKey.keySpec()).isEqualTo(spec);
            assertThat(publicKey.keyAgreementAlgorithms()).containsExactly(KeyAgreementAlgorithmSpec.ECDH);
            assertThat(publicKey.hasSigningAlgorithms()).isFalse();
            byte[] kmsPublicKey = publicKey.publicKey().asByteArray();

            KeyPair peer = peer(curve.getValue());
            DeriveSharedSecretResponse derived = derive(client, created.keyId(), peer.getPublic().getEncoded());
            assertThat(derived.keyId()).isEqualTo(arn(REGION, created.keyId()));
            assertThat(derived.keyAgreementAlgorithm()).isEqualTo(KeyAgreementAlgorithmSpec.ECDH);
            assertThat(derived.keyOrigin()).isEqualTo(OriginType.AWS_KMS);
            assertThat(derived.ciphertextForRecipient()).isNull();
            byte[] secret = derived.sharedSecret().asByteArray();
            assertThat(secret).as("%s", spec).hasSize(spec == KeySpec.ECC_NIST_P256 ? 32
                    : spec == KeySpec.ECC_NIST_P384 ? 48 : 66);
            assertThat(secret).as("the JDK's ECDH, %s", spec).isEqualTo(jdkSecret(peer, kmsPublicKey));
            assertThat(secret).as("openssl pkeyutl -derive, %s", spec).isEqualTo(opensslSecret(peer, kmsPublicKey));
        }
    }

    @Test
    void twoKmsKeysAgreeWithEachOther() {
        String other = create(KeySpec.ECC_NIST_P256, false).keyId();
        byte[] mine = client.getPublicKey(request -> request.keyId(p256KeyId)).publicKey().asByteArray();
        byte[] theirs = client.getPublicKey(request -> request.keyId(other)).publicKey().asByteArray();
        assertThat(derive(client, p256KeyId, theirs).sharedSecret())
                .isEqualTo(derive(client, other, mine).sharedSecret());
    }

    @Test
    void aMultiRegionKeyDerivesTheSameSecretInEveryRegion() throws Exception {
        String keyId = create(KeySpec.ECC_NIST_P521, true).keyId();
        client.replicateKey(request -> request.keyId(keyId).replicaRegion(REPLICA));
        KmsClient replica = kms.client(REPLICA);
        assertKmsError(() -> derive(replica, keyId, peer("secp521r1").getPublic().getEncoded()),
                KmsInvalidStateException.class, arn(REPLICA, keyId) + " is creating.");
        CLOCK.advance(DELAY.plusSeconds(1));
        kms.server().runDueWork();

        byte[] primaryPublicKey = client.getPublicKey(request -> request.keyId(keyId)).publicKey().asByteArray();
        assertThat(replica.getPublicKey(request -> request.keyId(keyId)).publicKey().asByteArray())
                .isEqualTo(primaryPublicKey);
        KeyPair peer = peer("secp521r1");
        DeriveSharedSecretResponse inReplica = derive(replica, keyId, peer.getPublic().getEncoded());
        assertThat(inReplica.keyId()).isEqualTo(arn(REPLICA, keyId));
        assertThat(inReplica.sharedSecret()).isEqualTo(derive(client, keyId, peer.getPublic().getEncoded()).sharedSecret());
        assertThat(inReplica.sharedSecret().asByteArray()).isEqualTo(jdkSecret(peer, primaryPublicKey));
    }

    @Test
    void aRecipientGetsTheSecretOnlySealedToTheEnclave() throws Exception {
        byte[] document = PKI.document().publicKey(ENCLAVE.getPublic().getEncoded()).build();
        DeriveSharedSecretResponse derived = client.deriveSharedSecret(request -> request.keyId(p256KeyId)
                .keyAgreementAlgorithm(KeyAgreementAlgorithmSpec.ECDH)
                .publicKey(SdkBytes.fromByteArray(p256Peer.getPublic().getEncoded()))
                .recipient(RecipientInfo.builder().keyEncryptionAlgorithm(KeyEncryptionMechanism.RSAES_OAEP_SHA_256)
                        .attestationDocument(SdkBytes.fromByteArray(document)).build()));
        assertThat(derived.sharedSecret()).isNull();
        byte[] opened = new CMSEnvelopedData(derived.ciphertextForRecipient().asByteArray()).getRecipientInfos()
                .getRecipients().iterator().next().getContent(new JceKeyTransEnvelopedRecipient(ENCLAVE.getPrivate()));
        byte[] kmsPublicKey = client.getPublicKey(request -> request.keyId(p256KeyId)).publicKey().asByteArray();
        assertThat(opened).isEqualTo(jdkSecret(p256Peer, kmsPublicKey));
        assertThat(derived.keyAgreementAlgorithm()).isEqualTo(KeyAgreementAlgorithmSpec.ECDH);
        assertThat(derived.keyOrigin()).isEqualTo(OriginType.AWS_KMS);

        assertUndeclaredError(() -> client.deriveSharedSecret(request -> request.keyId(p256KeyId)
                .keyAgreementAlgorithm(KeyAgreementAlgorithmSpec.ECDH)
                .publicKey(SdkBytes.fromByteArray(p256Peer.getPublic().getEncoded()))
                .recipient(RecipientInfo.builder().attestationDocument(SdkBytes.fromByteArray(PKI.document().build()))
                        .build())), "ValidationException",
                "Recipient.AttestationDocument is not a valid AWS Nitro Enclaves attestation document: it has no public_key.");
    }

    @Test
    void aPublicKeyThatIsNotAPointOfTheKeysCurveIsAValidationErrorWithoutMessage() throws Exception {
        String keyId = create(KeySpec.ECC_NIST_P256, false).keyId();
        byte[] valid = p256Peer.getPublic().getEncoded();
        // AWS's answer to a malformed key, recorded by LocalStack's AWS-validated snapshot: no message at all.
        assertUndeclaredError(() -> derive(client, keyId, "InvalidPublicKey".getBytes(StandardCharsets.US_ASCII)),
                "ValidationException", null);
        assertUndeclaredError(() -> derive(client, keyId, peer("secp384r1").getPublic().getEncoded()),
                "ValidationException", null);
        byte[] offTheCurve = valid.clone();
        offTheCurve[offTheCurve.length - 1] ^= 1;
        assertUndeclaredError(() -> derive(client, keyId, offTheCurve), "ValidationException", null);
        byte[] trailing = java.util.Arrays.copyOf(valid, valid.length + 1);
        assertUndeclaredError(() -> derive(client, keyId, trailing), "ValidationException", null);
        byte[] rsa = TestNitroPki.rsa(2048).getPublic().getEncoded();
        assertUndeclaredError(() -> derive(client, keyId, rsa), "ValidationException", null);
        assertThat(client.getKeyLastUsage(request -> request.keyId(keyId)).keyLastUsage()).isNull();
    }

    @Test
    void theAlgorithmAndThePublicKeyAreCheckedByTheModel() {
        assertUndeclaredError(() -> client.deriveSharedSecret(request -> request.keyId(p256KeyId)
                .keyAgreementAlgorithm("INVALID").publicKey(SdkBytes.fromByteArray(p256Peer.getPublic().getEncoded()))),
                "ValidationException", "1 validation error detected: Value 'INVALID' at 'keyAgreementAlgorithm' failed to"
                        + " satisfy constraint: Member must satisfy enum value set: [ECDH]");
        assertUndeclaredError(() -> client.deriveSharedSecret(request -> request.keyId(p256KeyId)
                .keyAgreementAlgorithm(KeyAgreementAlgorithmSpec.ECDH)), "ValidationException",
                "1 validation error detected: Value null at 'publicKey' failed to satisfy constraint: Member must not be"
                        + " null");
    }

    @Test
    void onlyKeyAgreementKeysDeriveAndOnlyNistCurvesAgree() {
        byte[] publicKey = p256Peer.getPublic().getEncoded();
        String signing = client.createKey(request -> request.keySpec(KeySpec.ECC_NIST_P256)
                .keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata().keyId();
        assertKmsError(() -> derive(client, signing, publicKey), InvalidKeyUsageException.class,
                arn(REGION, signing) + " key usage is SIGN_VERIFY which is not valid for DeriveSharedSecret.");
        String symmetric = kms.createKey(REGION);
        assertKmsError(() -> derive(client, symmetric, publicKey), InvalidKeyUsageException.class,
                arn(REGION, symmetric) + " key usage is ENCRYPT_DECRYPT which is not valid for DeriveSharedSecret.");
        String hmac = client.createKey(request -> request.keySpec(KeySpec.HMAC_256)
                .keyUsage(KeyUsageType.GENERATE_VERIFY_MAC)).keyMetadata().keyId();
        assertKmsError(() -> derive(client, hmac, publicKey), InvalidKeyUsageException.class,
                arn(REGION, hmac) + " key usage is GENERATE_VERIFY_MAC which is not valid for DeriveSharedSecret.");
        assertKmsError(() -> client.sign(request -> request.keyId(p256KeyId).message(bytes("x"))
                .signingAlgorithm("ECDSA_SHA_256")), InvalidKeyUsageException.class,
                arn(REGION, p256KeyId) + " key usage is KEY_AGREEMENT which is not valid for Sign.");
        assertKmsError(() -> derive(client, "alias/no-such-key", publicKey), NotFoundException.class,
                "Alias arn:aws:kms:" + REGION + ":" + KmsTestSupport.ACCOUNT + ":alias/no-such-key is not found.");

        assertUndeclaredError(() -> client.createKey(request -> request.keySpec(KeySpec.ECC_SECG_P256_K1)
                .keyUsage(KeyUsageType.KEY_AGREEMENT)), "ValidationException",
                "KeyUsage KEY_AGREEMENT is not compatible with KeySpec ECC_SECG_P256K1");
        assertUndeclaredError(() -> client.createKey(request -> request.keySpec(KeySpec.RSA_2048)
                .keyUsage(KeyUsageType.KEY_AGREEMENT)), "ValidationException",
                "KeyUsage KEY_AGREEMENT is not compatible with KeySpec RSA_2048");
    }

    @Test
    void theKeyStateIsCheckedBeforeTheUsageAndThePublicKey() {
        String keyId = create(KeySpec.ECC_NIST_P384, false).keyId();
        byte[] malformed = {1, 2, 3};
        client.disableKey(request -> request.keyId(keyId));
        assertKmsError(() -> derive(client, keyId, malformed), DisabledException.class, arn(REGION, keyId) + " is disabled.");
        client.scheduleKeyDeletion(request -> request.keyId(keyId).pendingWindowInDays(7));
        assertKmsError(() -> derive(client, keyId, malformed), KmsInvalidStateException.class,
                arn(REGION, keyId) + " is pending deletion.");
        // A key being moved to another primary Region (Updating) still derives, as for the other cryptographic operations.
        String moving = create(KeySpec.ECC_NIST_P256, true).keyId();
        client.replicateKey(request -> request.keyId(moving).replicaRegion(REPLICA));
        CLOCK.advance(DELAY.plusSeconds(1));
        kms.server().runDueWork();
        client.updatePrimaryRegion(request -> request.keyId(moving).primaryRegion(REPLICA));
        assertThat(client.describeKey(request -> request.keyId(moving)).keyMetadata().keyStateAsString()).isEqualTo("Updating");
        assertThat(derive(client, moving, p256Peer.getPublic().getEncoded()).sharedSecret().asByteArray()).hasSize(32);
        CLOCK.advance(DELAY.plusSeconds(1));
        kms.server().runDueWork();
    }

    @Test
    void dryRunGrantsAndLastUsage() {
        String keyId = create(KeySpec.ECC_NIST_P256, false).keyId();
        byte[] publicKey = p256Peer.getPublic().getEncoded();
        assertKmsError(() -> client.deriveSharedSecret(request -> request.keyId(keyId)
                .keyAgreementAlgorithm(KeyAgreementAlgorithmSpec.ECDH).publicKey(SdkBytes.fromByteArray(publicKey))
                .dryRun(true)), DryRunOperationException.class, DRY_RUN);
        // A dry run does every check: a refused public key is refused, not "would have succeeded".
        assertUndeclaredError(() -> client.deriveSharedSecret(request -> request.keyId(keyId)
                .keyAgreementAlgorithm(KeyAgreementAlgorithmSpec.ECDH).publicKey(bytes("not a key")).dryRun(true)),
                "ValidationException", null);
        assertThat(client.getKeyLastUsage(request -> request.keyId(keyId)).keyLastUsage()).isNull();

        String grantToken = client.createGrant(request -> request.keyId(keyId)
                .granteePrincipal("arn:aws:iam::111122223333:role/agree").operations(GrantOperation.DERIVE_SHARED_SECRET,
                        GrantOperation.GET_PUBLIC_KEY, GrantOperation.DESCRIBE_KEY)).grantToken();
        assertUndeclaredError(() -> client.createGrant(request -> request.keyId(keyId)
                .granteePrincipal("arn:aws:iam::111122223333:role/agree").operations(GrantOperation.SIGN,
                        GrantOperation.DERIVE_SHARED_SECRET)), "ValidationException",
                "The grant operations Sign are not valid for " + arn(REGION, keyId) + " whose key spec is ECC_NIST_P256.");
        client.deriveSharedSecret(request -> request.keyId(keyId).keyAgreementAlgorithm(KeyAgreementAlgorithmSpec.ECDH)
                .publicKey(SdkBytes.fromByteArray(publicKey)).grantTokens(grantToken));
        assertThat(client.getKeyLastUsage(request -> request.keyId(keyId)).keyLastUsage().operationAsString())
                .isEqualTo("DeriveSharedSecret");
    }
}
