package dev.meridian.it;

import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static dev.meridian.it.KmsTestSupport.assertUndeclaredError;
import static dev.meridian.it.KmsTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.app.ServerConfiguration;
import dev.meridian.crypto.attestation.TestNitroPki;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.DryRunOperationException;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.GenerateRandomResponse;
import software.amazon.awssdk.services.kms.model.KeyEncryptionMechanism;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.RecipientInfo;

/**
 * {@code Recipient}: an enclave's attestation document on Decrypt, GenerateDataKey, GenerateDataKeyPair and
 * GenerateRandom. The server trusts a test root (AWS's Nitro root certifies only the hypervisor's keys); a verified document's
 * public key gets the secret as {@code CiphertextForRecipient} (CMS EnvelopedData) and never in the clear.
 */
class RecipientIT {
    private static final String REGION = "us-east-1";
    private static final TestNitroPki PKI = TestNitroPki.create(Instant.now());
    private static final KeyPair ENCLAVE = TestNitroPki.rsa(2048);
    private static final String INVALID = "Recipient.AttestationDocument is not a valid AWS Nitro Enclaves attestation document: ";

    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass(ServerConfiguration.builder().replicationDelay(Duration.ZERO)
            .attestationRoot(PKI.root()));

    @Test
    void decryptSealsThePlaintextToTheEnclave() throws Exception {
        String keyId = kms.createKey(REGION);
        SdkBytes ciphertext = client().encrypt(request -> request.keyId(keyId).plaintext(bytes("the enclave's secret")))
                .ciphertextBlob();

        DecryptResponse response = client().decrypt(request -> request.ciphertextBlob(ciphertext).recipient(recipient()));

        assertThat(response.plaintext()).isNull();
        assertThat(open(response.ciphertextForRecipient())).isEqualTo(bytes("the enclave's secret").asByteArray());
        assertThat(response.keyId()).isEqualTo(KmsTestSupport.arn(REGION, keyId));
        assertThat(response.encryptionAlgorithmAsString()).isEqualTo("SYMMETRIC_DEFAULT");
        assertThat(response.keyMaterialId()).isNotEmpty();
    }

    @Test
    void decryptWithAnRsaKeySealsThePlaintextToTheEnclave() throws Exception {
        String keyId = client().createKey(request -> request.keySpec(KeySpec.RSA_2048)
                .keyUsage(KeyUsageType.ENCRYPT_DECRYPT)).keyMetadata().keyId();
        SdkBytes ciphertext = client().encrypt(request -> request.keyId(keyId).plaintext(bytes("for the enclave"))
                .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256)).ciphertextBlob();

        DecryptResponse response = client().decrypt(request -> request.ciphertextBlob(ciphertext).keyId(keyId)
                .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256).recipient(recipient()));

        assertThat(response.plaintext()).isNull();
        assertThat(open(response.ciphertextForRecipient())).isEqualTo(bytes("for the enclave").asByteArray());
        assertThat(response.encryptionAlgorithm()).isEqualTo(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256);
        assertThat(response.keyMaterialId()).isNull();
    }

    @Test
    void generateDataKeySealsTheDataKeyAndStillEncryptsItUnderTheKey() throws Exception {
        String keyId = kms.createKey(REGION);

        GenerateDataKeyResponse response = client().generateDataKey(request -> request.keyId(keyId).keySpec("AES_256")
                .recipient(recipient()));

        assertThat(response.plaintext()).isNull();
        byte[] dataKey = open(response.ciphertextForRecipient());
        assertThat(dataKey).hasSize(32);
        assertThat(client().decrypt(request -> request.ciphertextBlob(response.ciphertextBlob())).plaintext().asByteArray())
                .isEqualTo(dataKey);
        assertThat(response.keyId()).isEqualTo(KmsTestSupport.arn(REGION, keyId));
        assertThat(response.keyMaterialId()).isNotEmpty();
    }

    @Test
    void generateDataKeyPairSealsThePrivateKeyAndKeepsThePublicKeyInTheClear() throws Exception {
        String keyId = kms.createKey(REGION);
        var response = client().generateDataKeyPair(request -> request.keyId(keyId).keyPairSpec("ECC_NIST_P384")
                .recipient(recipient()));

        assertThat(response.privateKeyPlaintext()).isNull();
        byte[] privateKey = open(response.ciphertextForRecipient());
        assertThat(client().decrypt(request -> request.ciphertextBlob(response.privateKeyCiphertextBlob())).plaintext()
                .asByteArray()).isEqualTo(privateKey);
        // The sealed private key is the PKCS#8 of the pair whose public key is in the clear.
        var factory = java.security.KeyFactory.getInstance("EC");
        var parsed = (java.security.interfaces.ECPrivateKey) factory.generatePrivate(
                new java.security.spec.PKCS8EncodedKeySpec(privateKey));
        var publicKey = (java.security.interfaces.ECPublicKey) factory.generatePublic(
                new java.security.spec.X509EncodedKeySpec(response.publicKey().asByteArray()));
        assertThat(parsed.getParams().getCurve()).isEqualTo(publicKey.getParams().getCurve());
        var signer = java.security.Signature.getInstance("SHA384withECDSA");
        signer.initSign(parsed);
        signer.update(bytes("sealed pair").asByteArray());
        byte[] signature = signer.sign();
        var verifier = java.security.Signature.getInstance("SHA384withECDSA");
        verifier.initVerify(publicKey);
        verifier.update(bytes("sealed pair").asByteArray());
        assertThat(verifier.verify(signature)).isTrue();
        assertThat(response.keyPairSpecAsString()).isEqualTo("ECC_NIST_P384");
        assertThat(response.keyId()).isEqualTo(KmsTestSupport.arn(REGION, keyId));
    }

    @Test
    void generateRandomSealsTheBytes() throws Exception {
        GenerateRandomResponse response = client().generateRandom(request -> request.numberOfBytes(64)
                .recipient(recipient(PKI.document().untagged().publicKey(ENCLAVE.getPublic().getEncoded()).build())));

        assertThat(response.plaintext()).isNull();
        assertThat(open(response.ciphertextForRecipient())).hasSize(64);
    }

    @Test
    void theKeyEncryptionAlgorithmMayBeLeftOut() throws Exception {
        GenerateRandomResponse response = client().generateRandom(request -> request.numberOfBytes(16)
                .recipient(RecipientInfo.builder().attestationDocument(SdkBytes.fromByteArray(validDocument())).build()));
        assertThat(open(response.ciphertextForRecipient())).hasSize(16);
    }

    @Test
    void anAttestationDocumentThatDoesNotVerifyIsRefused() {
        byte[] publicKey = ENCLAVE.getPublic().getEncoded();
        refused(PKI.document().publicKey(publicKey).corruptSignature().build(), INVALID + "its signature does not verify.");
        refused(TestNitroPki.create(Instant.now()).document().publicKey(publicKey).build(),
                INVALID + "its certificate chain does not lead to the trusted root.");
        refused(PKI.withSigner(Instant.now().minus(Duration.ofHours(5)), Instant.now().minus(Duration.ofHours(2))).document()
                .publicKey(publicKey).build(), INVALID + "its certificate chain is not valid now.");
        refused(new byte[] {(byte) 0x84, 0x40}, INVALID + "it is not valid CBOR.");
        refused(PKI.document().build(), INVALID + "it has no public_key.");
        refused(PKI.document().publicKey(TestNitroPki.p384().getPublic().getEncoded()).build(),
                INVALID + "its public_key is not an RSA key of 2048 to 4096 bits.");
    }

    @Test
    void aRecipientWithoutDocumentOrWithAnotherAlgorithmIsRefused() {
        assertUndeclaredError(() -> client().generateRandom(request -> request.numberOfBytes(16)
                .recipient(RecipientInfo.builder().keyEncryptionAlgorithm(KeyEncryptionMechanism.RSAES_OAEP_SHA_256).build())),
                "ValidationException", "1 validation error detected: Value null at 'recipient.attestationDocument' failed to"
                        + " satisfy constraint: Member must not be null");
        assertUndeclaredError(() -> client().generateRandom(request -> request.numberOfBytes(16)
                .recipient(RecipientInfo.builder().keyEncryptionAlgorithm("RSAES_OAEP_SHA_1")
                        .attestationDocument(SdkBytes.fromByteArray(validDocument())).build())),
                "ValidationException", "1 validation error detected: Value 'RSAES_OAEP_SHA_1' at 'recipient.keyEncryptionAlgorithm'"
                        + " failed to satisfy constraint: Member must satisfy enum value set: [RSAES_OAEP_SHA_256]");
    }

    @Test
    void theRecipientIsCheckedBeforeTheKeyAndUnderDryRun() {
        String keyId = kms.createKey(REGION);
        SdkBytes ciphertext = client().encrypt(request -> request.keyId(keyId).plaintext(bytes("x"))).ciphertextBlob();
        assertKmsError(() -> client().decrypt(request -> request.ciphertextBlob(ciphertext).recipient(recipient()).dryRun(true)),
                DryRunOperationException.class, "The request would have succeeded, but the DryRun option is set.");
        assertUndeclaredError(() -> client().decrypt(request -> request.ciphertextBlob(ciphertext).dryRun(true)
                .recipient(recipient(PKI.document().build()))), "ValidationException", INVALID + "it has no public_key.");
        assertKmsError(() -> client().generateDataKey(request -> request.keyId("alias/none").keySpec("AES_256")
                .recipient(recipient())), NotFoundException.class,
                "Alias arn:aws:kms:us-east-1:111122223333:alias/none is not found.");
    }

    @Test
    void theAuditRecordHoldsNeitherTheDocumentNorTheSecret() throws Exception {
        String keyId = kms.createKey(REGION);
        SdkBytes ciphertext = client().encrypt(request -> request.keyId(keyId).plaintext(bytes("audited secret"))).ciphertextBlob();
        byte[] document = validDocument();
        DecryptResponse response = client().decrypt(request -> request.ciphertextBlob(ciphertext)
                .recipient(recipient(document)));

        try (CloudTrailClient cloudTrail = AuditSupport.cloudTrail(kms.server().endpoint(), REGION)) {
            List<Event> events = AuditSupport.lookup(cloudTrail, LookupAttributeKey.RESOURCE_NAME, KmsTestSupport.arn(REGION, keyId));
            Event decrypt = events.stream().filter(event -> event.eventName().equals("Decrypt")).findFirst().orElseThrow();
            String record = decrypt.cloudTrailEvent();
            assertThat(record).doesNotContain(Base64.getEncoder().encodeToString(document).substring(0, 40))
                    .doesNotContain(Base64.getEncoder().encodeToString(response.ciphertextForRecipient().asByteArray()).substring(0, 40))
                    .doesNotContain(Base64.getEncoder().encodeToString(bytes("audited secret").asByteArray()));
            JsonNode json = AuditSupport.record(decrypt);
            assertThat(json.path("requestParameters").has("recipient")).isFalse();
            assertThat(json.path("responseElements").isNull()).isTrue();
            // What AWS's records name of the enclave: module ID, image digest (PCR0) and PCRs 1-4 and 8, base64.
            JsonNode recipient = json.path("additionalEventData").path("recipient");
            assertThat(recipient.path("attestationDocumentModuleId").asText()).isEqualTo("i-0123456789abcdef0-enc0123456789abcdef");
            assertThat(recipient.path("attestationDocumentEnclaveImageDigest").asText())
                    .isEqualTo(Base64.getEncoder().encodeToString(new byte[48]));
            for (int index : new int[] {1, 2, 3, 4, 8}) {
                byte[] pcr = new byte[48];
                pcr[0] = (byte) index;
                assertThat(recipient.path("attestationDocumentEnclavePCR" + index).asText()).as("PCR%d", index)
                        .isEqualTo(Base64.getEncoder().encodeToString(pcr));
            }
            assertThat(recipient.size()).isEqualTo(7);
            assertThat(json.path("additionalEventData").path("keyMaterialId").asText()).hasSize(64);
        }
    }

    private static void refused(byte[] document, String message) {
        assertUndeclaredError(() -> client().generateRandom(request -> request.numberOfBytes(16).recipient(recipient(document))),
                "ValidationException", message);
    }

    private static KmsClient client() {
        return kms.client(REGION);
    }

    private static byte[] validDocument() {
        return PKI.document().publicKey(ENCLAVE.getPublic().getEncoded()).build();
    }

    private static RecipientInfo recipient() {
        return recipient(validDocument());
    }

    private static RecipientInfo recipient(byte[] document) {
        return RecipientInfo.builder().keyEncryptionAlgorithm(KeyEncryptionMechanism.RSAES_OAEP_SHA_256)
                .attestationDocument(SdkBytes.fromByteArray(document)).build();
    }

    /** What the enclave does: opens the CMS EnvelopedData with its private key. */
    private static byte[] open(SdkBytes ciphertextForRecipient) throws Exception {
        assertThat(ciphertextForRecipient).isNotNull();
        return new CMSEnvelopedData(ciphertextForRecipient.asByteArray()).getRecipientInfos().getRecipients().iterator().next()
                .getContent(new JceKeyTransEnvelopedRecipient(ENCLAVE.getPrivate()));
    }
}
