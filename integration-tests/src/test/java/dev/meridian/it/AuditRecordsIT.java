package dev.meridian.it;

import static dev.meridian.it.AuditSupport.historyOf;
import static dev.meridian.it.AuditSupport.names;
import static dev.meridian.it.AuditSupport.record;
import static dev.meridian.it.ImportSupport.createExternalKey;
import static dev.meridian.it.ImportSupport.importMaterial;
import static dev.meridian.it.ImportSupport.importNewMaterial;
import static dev.meridian.it.ImportSupport.newMaterial;
import static dev.meridian.it.KmsTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.app.ServerConfiguration;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GrantOperation;
import software.amazon.awssdk.services.kms.model.KeyAgreementAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * Records whose shape AWS documents operation by operation: grants (no token is ever recorded, RetireGrant
 * names its grant in additionalEventData), the encryption algorithm that cryptographic records always
 * carry, and RotateKey and DeleteExpiredKeyMaterial service events with their details.
 */
class AuditRecordsIT {
    private static final String REGION = "eu-north-1";
    private static final String GRANTEE = "arn:aws:iam::" + KmsTestSupport.ACCOUNT + ":role/auditor";
    private static final dev.meridian.testkit.MovableClock CLOCK = new dev.meridian.testkit.MovableClock();

    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass(ServerConfiguration.builder().clock(CLOCK)
            .replicationDelay(Duration.ZERO));

    private static KmsClient client() {
        return kms.client(REGION);
    }

    private static List<Event> history(String arn) {
        try (CloudTrailClient trail = AuditSupport.cloudTrail(kms.server().endpoint(), REGION)) {
            return historyOf(trail, arn);
        }
    }

    private static JsonNode only(List<Event> history, String eventName) {
        List<Event> matching = history.stream().filter(event -> event.eventName().equals(eventName)).toList();
        assertThat(matching).as(eventName).hasSize(1);
        return record(matching.get(0));
    }

    @Test
    void grantRecordsNameTheGrantAndTheKeyButNeverAToken() {
        KeyMetadata key = client().createKey(request -> { }).keyMetadata();
        var grant = client().createGrant(request -> request.keyId(key.keyId()).granteePrincipal(GRANTEE)
                .operations(GrantOperation.ENCRYPT, GrantOperation.DECRYPT));
        SdkBytes ciphertext = client().encrypt(request -> request.keyId(key.keyId()).plaintext(bytes("x"))
                .grantTokens(grant.grantToken())).ciphertextBlob();
        client().decrypt(request -> request.ciphertextBlob(ciphertext).grantTokens(grant.grantToken()));
        client().retireGrant(request -> request.grantToken(grant.grantToken()));

        List<Event> history = history(key.arn());
        assertThat(names(history)).containsExactly("CreateKey", "CreateGrant", "Encrypt", "Decrypt", "RetireGrant");
        JsonNode created = only(history, "CreateGrant");
        assertThat(created.path("responseElements").path("grantId").asText()).isEqualTo(grant.grantId());
        assertThat(created.path("responseElements").path("keyId").asText()).isEqualTo(key.arn());
        assertThat(created.path("responseElements").has("grantToken")).isFalse();
        JsonNode encrypt = only(history, "Encrypt");
        assertThat(encrypt.path("requestParameters").path("encryptionAlgorithm").asText()).isEqualTo("SYMMETRIC_DEFAULT");
        assertThat(encrypt.path("requestParameters").has("grantTokens")).isFalse();
        assertThat(only(history, "Decrypt").path("requestParameters").path("encryptionAlgorithm").asText())
                .isEqualTo("SYMMETRIC_DEFAULT");
        JsonNode retired = only(history, "RetireGrant");
        assertThat(retired.path("requestParameters").isNull()).isTrue();
        assertThat(retired.path("additionalEventData").path("grantId").asText()).isEqualTo(grant.grantId());
        assertThat(retired.path("resources").get(0).path("ARN").asText()).isEqualTo(key.arn());
        for (Event event : history) {
            assertThat(event.cloudTrailEvent()).as(event.eventName()).doesNotContain(grant.grantToken());
        }
    }

    @Test
    void reEncryptRecordsBothAlgorithms() {
        String keyId = client().createKey(request -> { }).keyMetadata().keyId();
        SdkBytes ciphertext = client().encrypt(request -> request.keyId(keyId).plaintext(bytes("y"))).ciphertextBlob();
        String arn = client().reEncrypt(request -> request.ciphertextBlob(ciphertext).destinationKeyId(keyId)).keyId();
        JsonNode reEncrypt = only(history(arn), "ReEncrypt").path("requestParameters");
        assertThat(reEncrypt.path("sourceEncryptionAlgorithm").asText()).isEqualTo("SYMMETRIC_DEFAULT");
        assertThat(reEncrypt.path("destinationEncryptionAlgorithm").asText()).isEqualTo("SYMMETRIC_DEFAULT");
    }

    @Test
    void cryptographicRecordsNameTheKeyMaterialTheyUsed() {
        KeyMetadata key = client().createKey(request -> { }).keyMetadata();
        String first = client().describeKey(request -> request.keyId(key.keyId())).keyMetadata().currentKeyMaterialId();
        SdkBytes ciphertext = client().encrypt(request -> request.keyId(key.keyId()).plaintext(bytes("m")))
                .ciphertextBlob();
        client().rotateKeyOnDemand(request -> request.keyId(key.keyId()));
        String second = client().describeKey(request -> request.keyId(key.keyId())).keyMetadata().currentKeyMaterialId();
        assertThat(second).isNotEqualTo(first);
        String decrypted = client().decrypt(request -> request.ciphertextBlob(ciphertext)).keyMaterialId();
        String generated = client().generateDataKey(request -> request.keyId(key.arn()).numberOfBytes(16))
                .keyMaterialId();
        String withoutPlaintext = client().generateDataKeyWithoutPlaintext(request -> request.keyId(key.keyId())
                .numberOfBytes(16)).keyMaterialId();
        var reEncrypted = client().reEncrypt(request -> request.ciphertextBlob(ciphertext).destinationKeyId(key.keyId()));
        assertThat(decrypted).isEqualTo(first);
        assertThat(List.of(generated, withoutPlaintext, reEncrypted.destinationKeyMaterialId())).containsOnly(second);

        List<Event> history = history(key.arn());
        assertThat(only(history, "Encrypt").path("additionalEventData").path("keyMaterialId").asText()).isEqualTo(first);
        assertThat(only(history, "Decrypt").path("additionalEventData").path("keyMaterialId").asText()).isEqualTo(first);
        assertThat(only(history, "GenerateDataKey").path("additionalEventData").path("keyMaterialId").asText())
                .isEqualTo(second);
        assertThat(only(history, "GenerateDataKeyWithoutPlaintext").path("additionalEventData").path("keyMaterialId")
                .asText()).isEqualTo(second);
        JsonNode reEncrypt = only(history, "ReEncrypt").path("additionalEventData");
        assertThat(reEncrypt.path("destinationKeyMaterialId").asText()).isEqualTo(second);
        assertThat(reEncrypt.path("sourceKeyMaterialId").asText()).isEqualTo(first);
        assertThat(reEncrypt.has("keyMaterialId")).isFalse();
        assertThat(only(history, "CreateKey").has("additionalEventData")).isFalse();
    }

    @Test
    void lookupEventsListsTheBareKeyIdARequestNamedBesideTheArn() {
        KeyMetadata key = client().createKey(request -> { }).keyMetadata();
        client().encrypt(request -> request.keyId(key.keyId()).plaintext(bytes("by id")));
        client().encrypt(request -> request.keyId(key.arn()).plaintext(bytes("by arn")));
        client().createAlias(request -> request.aliasName("alias/looked-up").targetKeyId(key.keyId()));
        client().encrypt(request -> request.keyId("alias/looked-up").plaintext(bytes("by alias")));

        List<Event> history = history(key.arn());
        assertThat(names(history)).containsExactly("CreateKey", "Encrypt", "Encrypt", "CreateAlias", "Encrypt");
        java.util.function.Function<Event, List<String>> names = event -> event.resources().stream()
                .map(resource -> resource.resourceType() + " " + resource.resourceName()).toList();
        String byArn = "AWS::KMS::Key " + key.arn();
        String byId = "AWS::KMS::Key " + key.keyId();
        assertThat(names.apply(history.get(1))).containsExactly(byArn, byId);
        assertThat(names.apply(history.get(2))).containsExactly(byArn);
        assertThat(names.apply(history.get(3))).containsExactly(byArn, byId);
        assertThat(names.apply(history.get(4))).containsExactly(byArn);
        assertThat(record(history.get(1)).path("resources")).hasSize(1);

        try (CloudTrailClient trail = AuditSupport.cloudTrail(kms.server().endpoint(), REGION)) {
            List<Event> byKeyId = AuditSupport.lookup(trail,
                    software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey.RESOURCE_NAME, key.keyId());
            assertThat(byKeyId).extracting(Event::eventId)
                    .containsExactly(history.get(3).eventId(), history.get(1).eventId());
        }
    }

    @Test
    void onDemandRotationsAreRotateKeyServiceEvents() {
        KeyMetadata key = client().createKey(request -> { }).keyMetadata();
        client().rotateKeyOnDemand(request -> request.keyId(key.keyId()));
        String current = client().describeKey(request -> request.keyId(key.keyId())).keyMetadata().currentKeyMaterialId();
        JsonNode rotation = only(history(key.arn()), "RotateKey");
        assertThat(rotation.path("eventType").asText()).isEqualTo("AwsServiceEvent");
        JsonNode details = rotation.path("serviceEventDetails");
        assertThat(details.path("rotationType").asText()).isEqualTo("ON_DEMAND");
        assertThat(details.path("keyOrigin").asText()).isEqualTo("AWS_KMS");
        assertThat(details.path("previousKeyMaterialId").asText()).isEqualTo(key.currentKeyMaterialId());
        assertThat(details.path("currentKeyMaterialId").asText()).isEqualTo(current).isNotEqualTo(key.currentKeyMaterialId());

        String imported = createExternalKey(client());
        String first = importMaterial(client(), imported, newMaterial()).keyMaterialId();
        String second = importNewMaterial(client(), imported, newMaterial()).keyMaterialId();
        client().rotateKeyOnDemand(request -> request.keyId(imported));
        String importedArn = KmsTestSupport.arn(REGION, imported);
        JsonNode importedDetails = only(history(importedArn), "RotateKey").path("serviceEventDetails");
        assertThat(importedDetails.path("keyOrigin").asText()).isEqualTo("EXTERNAL");
        assertThat(importedDetails.path("previousKeyMaterialId").asText()).isEqualTo(first);
        assertThat(importedDetails.path("currentKeyMaterialId").asText()).isEqualTo(second);
    }

    @Test
    void expiredMaterialIsRecordedWithItsKeyMaterialId() {
        String keyId = createExternalKey(client());
        String keyMaterialId = importMaterial(client(), keyId, newMaterial(), CLOCK.instant().plus(Duration.ofHours(1)))
                .keyMaterialId();
        CLOCK.advance(Duration.ofHours(2));
        kms.server().runDueWork();
        JsonNode expired = only(history(KmsTestSupport.arn(REGION, keyId)), "DeleteExpiredKeyMaterial");
        assertThat(expired.path("serviceEventDetails").path("keyId").asText()).isEqualTo(keyId);
        assertThat(expired.path("serviceEventDetails").path("keyMaterialId").asText()).isEqualTo(keyMaterialId);
        assertThat(Instant.parse(expired.path("eventTime").asText())).isAfter(CLOCK.instant().minus(Duration.ofHours(1)));
    }

    @Test
    void macRecordsNameTheAlgorithmButNeverTheMessageOrTheMac() {
        KeyMetadata key = client().createKey(request -> request.keySpec(KeySpec.HMAC_256)
                .keyUsage(KeyUsageType.GENERATE_VERIFY_MAC)).keyMetadata();
        SdkBytes mac = client().generateMac(request -> request.keyId(key.keyId()).message(bytes("secret message"))
                .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)).mac();
        client().verifyMac(request -> request.keyId(key.keyId()).message(bytes("secret message")).mac(mac)
                .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256));

        List<Event> history = history(key.arn());
        assertThat(names(history)).containsExactly("CreateKey", "GenerateMac", "VerifyMac");
        for (String name : List.of("GenerateMac", "VerifyMac")) {
            JsonNode recorded = only(history, name);
            JsonNode parameters = recorded.path("requestParameters");
            // As AWS's samples of both records: the algorithm and the key, nothing of the message or the MAC.
            assertThat(fieldNames(parameters)).containsExactlyInAnyOrder("keyId", "macAlgorithm");
            assertThat(recorded.path("responseElements").isNull()).as("responseElements of %s", name).isTrue();
            assertThat(parameters.path("macAlgorithm").asText()).isEqualTo("HMAC_SHA_256");
            assertThat(parameters.path("keyId").asText()).isEqualTo(key.keyId());
            assertThat(parameters.has("message")).isFalse();
            assertThat(parameters.has("mac")).isFalse();
            assertThat(recorded.toString()).doesNotContain(Base64.getEncoder().encodeToString(mac.asByteArray()))
                    .doesNotContain(Base64.getEncoder().encodeToString(bytes("secret message").asByteArray()))
                    .doesNotContain("secret message");
        }
    }

    @Test
    void dataKeyPairRecordsNameTheSpecAndContextButNeverAKey() {
        KeyMetadata key = client().createKey(request -> { }).keyMetadata();
        var pair = client().generateDataKeyPair(request -> request.keyId(key.keyId()).keyPairSpec("ECC_NIST_P256")
                .encryptionContext(java.util.Map.of("Project", "Alpha")));
        var withoutPlaintext = client().generateDataKeyPairWithoutPlaintext(request -> request.keyId(key.keyId())
                .keyPairSpec("RSA_2048").encryptionContext(java.util.Map.of("Index", "5")));

        List<Event> history = history(key.arn());
        assertThat(names(history)).containsExactly("CreateKey", "GenerateDataKeyPair",
                "GenerateDataKeyPairWithoutPlaintext");
        JsonNode generated = only(history, "GenerateDataKeyPair");
        assertThat(generated.path("requestParameters").path("keyPairSpec").asText()).isEqualTo("ECC_NIST_P256");
        assertThat(generated.path("requestParameters").path("encryptionContext").path("Project").asText())
                .isEqualTo("Alpha");
        assertThat(generated.path("requestParameters").path("keyId").asText()).isEqualTo(key.keyId());
        assertThat(generated.path("responseElements").isNull()).isTrue();
        assertThat(generated.path("readOnly").asBoolean()).isTrue();
        assertThat(generated.path("additionalEventData").path("keyMaterialId").asText())
                .isEqualTo(pair.keyMaterialId());
        JsonNode other = only(history, "GenerateDataKeyPairWithoutPlaintext");
        assertThat(other.path("requestParameters").path("keyPairSpec").asText()).isEqualTo("RSA_2048");
        assertThat(other.path("requestParameters").path("encryptionContext").path("Index").asText()).isEqualTo("5");
        assertThat(other.path("responseElements").isNull()).isTrue();
        assertThat(other.path("additionalEventData").path("keyMaterialId").asText())
                .isEqualTo(withoutPlaintext.keyMaterialId());
        String records = generated.toString() + other;
        for (SdkBytes blob : List.of(pair.privateKeyPlaintext(), pair.privateKeyCiphertextBlob(), pair.publicKey(),
                withoutPlaintext.privateKeyCiphertextBlob(), withoutPlaintext.publicKey())) {
            assertThat(records).doesNotContain(Base64.getEncoder().encodeToString(blob.asByteArray()).substring(0, 40));
        }
    }

    @Test
    void signingRecordsNameTheAlgorithmButNeverTheMessageOrTheSignature() {
        KeyMetadata key = client().createKey(request -> request.keySpec(KeySpec.ECC_NIST_P256)
                .keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata();
        SdkBytes signature = client().sign(request -> request.keyId(key.keyId()).message(bytes("secret message"))
                .messageType(MessageType.RAW).signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)).signature();
        SdkBytes digest = SdkBytes.fromByteArray(sha256(bytes("secret message").asByteArray()));
        client().verify(request -> request.keyId(key.keyId()).message(digest).messageType(MessageType.DIGEST)
                .signature(signature).signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256));
        client().getPublicKey(request -> request.keyId(key.keyId()));

        List<Event> history = history(key.arn());
        assertThat(names(history)).containsExactly("CreateKey", "Sign", "Verify", "GetPublicKey");
        for (String name : List.of("Sign", "Verify")) {
            JsonNode recorded = only(history, name);
            JsonNode parameters = recorded.path("requestParameters");
            // As AWS's samples of both records: key, algorithm and message type, nothing of message or signature.
            assertThat(fieldNames(parameters)).containsExactlyInAnyOrder("keyId", "signingAlgorithm", "messageType");
            assertThat(parameters.path("messageType").asText()).isEqualTo(name.equals("Sign") ? "RAW" : "DIGEST");
            assertThat(recorded.path("responseElements").isNull()).as("responseElements of %s", name).isTrue();
            assertThat(parameters.path("signingAlgorithm").asText()).isEqualTo("ECDSA_SHA_256");
            assertThat(parameters.path("keyId").asText()).isEqualTo(key.keyId());
            assertThat(parameters.has("message")).isFalse();
            assertThat(parameters.has("signature")).isFalse();
            assertThat(recorded.toString())
                    .doesNotContain(Base64.getEncoder().encodeToString(signature.asByteArray()))
                    .doesNotContain(Base64.getEncoder().encodeToString(bytes("secret message").asByteArray()))
                    .doesNotContain(Base64.getEncoder().encodeToString(digest.asByteArray()))
                    .doesNotContain("secret message");
        }
        assertThat(fieldNames(only(history, "GetPublicKey").path("requestParameters"))).containsExactly("keyId");
        assertThat(only(history, "GetPublicKey").toString()).doesNotContain("BEGIN PUBLIC KEY")
                .doesNotContain("\"publicKey\"");
        assertThat(only(history, "GetPublicKey").path("requestParameters").path("keyId").asText())
                .isEqualTo(key.keyId());
    }

    @Test
    void keyAgreementRecordsNameTheAlgorithmButNeitherThePublicKeyNorTheSecret() throws Exception {
        KeyMetadata key = client().createKey(request -> request.keySpec(KeySpec.ECC_NIST_P256)
                .keyUsage(KeyUsageType.KEY_AGREEMENT)).keyMetadata();
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        byte[] peer = generator.generateKeyPair().getPublic().getEncoded();
        SdkBytes secret = client().deriveSharedSecret(request -> request.keyId(key.keyId())
                .keyAgreementAlgorithm(KeyAgreementAlgorithmSpec.ECDH).publicKey(SdkBytes.fromByteArray(peer)))
                .sharedSecret();

        List<Event> history = history(key.arn());
        assertThat(names(history)).containsExactly("CreateKey", "DeriveSharedSecret");
        JsonNode recorded = only(history, "DeriveSharedSecret");
        JsonNode parameters = recorded.path("requestParameters");
        assertThat(parameters.path("keyAgreementAlgorithm").asText()).isEqualTo("ECDH");
        assertThat(parameters.path("keyId").asText()).isEqualTo(key.keyId());
        assertThat(parameters.has("publicKey")).isFalse();
        assertThat(recorded.path("readOnly").asBoolean()).isTrue();
        assertThat(recorded.path("responseElements").isNull()).isTrue();
        assertThat(recorded.toString())
                .doesNotContain(Base64.getEncoder().encodeToString(secret.asByteArray()))
                .doesNotContain(Base64.getEncoder().encodeToString(peer));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static byte[] sha256(byte[] message) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(message);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
