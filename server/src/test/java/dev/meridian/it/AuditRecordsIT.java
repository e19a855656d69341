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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GrantOperation;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

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
}
