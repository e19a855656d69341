package dev.meridian.it;

import static dev.meridian.it.ImportSupport.EXPIRED_TOKEN;
import static dev.meridian.it.ImportSupport.createExternalKey;
import static dev.meridian.it.ImportSupport.importMaterial;
import static dev.meridian.it.ImportSupport.newMaterial;
import static dev.meridian.it.ImportSupport.serverWithClock;
import static dev.meridian.it.ImportSupport.parameters;
import static dev.meridian.it.ImportSupport.wrap;
import static dev.meridian.it.KmsTestSupport.arn;
import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static dev.meridian.it.KmsTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.testkit.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlgorithmSpec;
import software.amazon.awssdk.services.kms.model.ExpirationModelType;
import software.amazon.awssdk.services.kms.model.ExpiredImportTokenException;
import software.amazon.awssdk.services.kms.model.GetParametersForImportResponse;
import software.amazon.awssdk.services.kms.model.ImportState;
import software.amazon.awssdk.services.kms.model.IncludeKeyMaterial;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.RotationsListEntry;

/**
 * Material that expires when its ValidTo comes (clock moved, also across a restart), material deleted and
 * imported again, and import tokens across a restart and past their 24 hours. One server per test.
 */
class ImportExpiryIT {
    private static final String REGION = "us-west-2";

    private static KeyMetadata describe(KmsTestSupport kms, String keyId) {
        return kms.client(REGION).describeKey(request -> request.keyId(keyId)).keyMetadata();
    }

    private static String decrypt(KmsTestSupport kms, SdkBytes ciphertext) {
        return kms.client(REGION).decrypt(request -> request.ciphertextBlob(ciphertext)).plaintext().asUtf8String();
    }

    private static void assertPendingImport(KmsTestSupport kms, String keyId, SdkBytes ciphertext) {
        KeyMetadata key = describe(kms, keyId);
        assertThat(key.keyState()).isEqualTo(KeyState.PENDING_IMPORT);
        assertThat(key.enabled()).isFalse();
        assertThat(key.expirationModel()).isNull();
        assertThat(key.validTo()).isNull();
        String pendingImport = arn(REGION, keyId) + " is pending import.";
        assertKmsError(() -> kms.client(REGION).decrypt(request -> request.ciphertextBlob(ciphertext)),
                KmsInvalidStateException.class, pendingImport);
        assertKmsError(() -> kms.client(REGION).encrypt(request -> request.keyId(keyId).plaintext(bytes("x"))),
                KmsInvalidStateException.class, pendingImport);
    }

    @Test
    void materialExpiresWhenItsValidToComesAndComesBackWithTheSameMaterial() {
        MovableClock clock = new MovableClock();
        try (KmsTestSupport kms = serverWithClock(clock)) {
            KmsClient client = kms.client(REGION);
            String keyId = createExternalKey(client);
            byte[] material = newMaterial();
            String keyMaterialId = importMaterial(client, keyId, material, Instant.now().plus(Duration.ofHours(1)))
                    .keyMaterialId();
            SdkBytes ciphertext = client.encrypt(request -> request.keyId(keyId).plaintext(bytes("before expiry")))
                    .ciphertextBlob();

            clock.advance(Duration.ofMinutes(59));
            kms.server().runDueWork();
            assertThat(describe(kms, keyId).keyState()).isEqualTo(KeyState.ENABLED);

            clock.advance(Duration.ofMinutes(2));
            kms.server().runDueWork();
            assertPendingImport(kms, keyId, ciphertext);
            try (CloudTrailClient trail = AuditSupport.cloudTrail(kms.server().endpoint(), REGION)) {
                String arn = KmsTestSupport.arn(REGION, keyId);
                List<Event> history = AuditSupport.historyOf(trail, arn);
                assertThat(AuditSupport.names(history)).contains("DeleteExpiredKeyMaterial");
                JsonNode expiry = AuditSupport.record(history.get(AuditSupport.names(history).indexOf("DeleteExpiredKeyMaterial")));
                assertThat(expiry.path("eventType").asText()).isEqualTo("AwsServiceEvent");
                assertThat(expiry.path("userIdentity").path("invokedBy").asText()).isEqualTo("AWS Internal");
            }

            assertThat(importMaterial(client, keyId, material).keyMaterialId()).isEqualTo(keyMaterialId);
            assertThat(describe(kms, keyId).keyState()).isEqualTo(KeyState.ENABLED);
            assertThat(decrypt(kms, ciphertext)).isEqualTo("before expiry");
        }
    }

    @Test
    void expiryComesAfterARestartToo() {
        MovableClock clock = new MovableClock();
        try (KmsTestSupport kms = serverWithClock(clock)) {
            String keyId = createExternalKey(kms.client(REGION));
            importMaterial(kms.client(REGION), keyId, newMaterial(), Instant.now().plus(Duration.ofDays(3)));
            SdkBytes ciphertext = kms.client(REGION).encrypt(request -> request.keyId(keyId).plaintext(bytes("r")))
                    .ciphertextBlob();

            kms.server().restart();
            kms.resetClients();
            assertThat(describe(kms, keyId).expirationModel()).isEqualTo(ExpirationModelType.KEY_MATERIAL_EXPIRES);
            assertThat(decrypt(kms, ciphertext)).isEqualTo("r");
            clock.advance(Duration.ofDays(4));
            kms.server().runDueWork();
            assertPendingImport(kms, keyId, ciphertext);
        }
    }

    @Test
    void materialThatExpiredWhileTheServerWasDownIsGoneWhenItStarts() {
        MovableClock clock = new MovableClock();
        try (KmsTestSupport kms = serverWithClock(clock)) {
            String keyId = createExternalKey(kms.client(REGION));
            importMaterial(kms.client(REGION), keyId, newMaterial(), Instant.now().plus(Duration.ofDays(1)));
            SdkBytes ciphertext = kms.client(REGION).encrypt(request -> request.keyId(keyId).plaintext(bytes("d")))
                    .ciphertextBlob();

            clock.advance(Duration.ofDays(2));
            kms.server().restart();
            kms.resetClients();

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> describe(kms, keyId).keyState() == KeyState.PENDING_IMPORT);
            assertPendingImport(kms, keyId, ciphertext);
        }
    }

    @Test
    void deletedMaterialComesBackOnlyWithTheSameMaterial() {
        MovableClock clock = new MovableClock();
        try (KmsTestSupport kms = serverWithClock(clock)) {
            KmsClient client = kms.client(REGION);
            String keyId = createExternalKey(client);
            byte[] material = newMaterial();
            String keyMaterialId = importMaterial(client, keyId, material).keyMaterialId();
            SdkBytes ciphertext = client.encrypt(request -> request.keyId(keyId).plaintext(bytes("deleted"))).ciphertextBlob();

            var deleted = client.deleteImportedKeyMaterial(request -> request.keyId(keyId));
            assertThat(deleted.keyId()).isEqualTo(arn(REGION, keyId));
            assertThat(deleted.keyMaterialId()).isEqualTo(keyMaterialId);
            assertPendingImport(kms, keyId, ciphertext);
            kms.server().restart();
            kms.resetClients();
            assertPendingImport(kms, keyId, ciphertext);
            RotationsListEntry waiting = kms.client(REGION).listKeyRotations(request -> request.keyId(keyId)
                    .includeKeyMaterial(IncludeKeyMaterial.ALL_KEY_MATERIAL)).rotations().get(0);
            assertThat(waiting.keyMaterialId()).isEqualTo(keyMaterialId);
            assertThat(waiting.importState()).isEqualTo(ImportState.PENDING_IMPORT);
            assertThat(waiting.expirationModel()).isNull();

            assertKmsError(() -> importMaterial(kms.client(REGION), keyId, newMaterial()),
                    software.amazon.awssdk.services.kms.model.IncorrectKeyMaterialException.class,
                    ImportSupport.INCORRECT_MATERIAL);
            importMaterial(kms.client(REGION), keyId, material);
            assertThat(decrypt(kms, ciphertext)).isEqualTo("deleted");

            var byId = kms.client(REGION).deleteImportedKeyMaterial(request -> request.keyId(keyId)
                    .keyMaterialId(keyMaterialId));
            assertThat(byId.keyMaterialId()).isEqualTo(keyMaterialId);
            assertPendingImport(kms, keyId, ciphertext);
            var again = kms.client(REGION).deleteImportedKeyMaterial(request -> request.keyId(keyId));
            assertThat(again.keyMaterialId()).isEqualTo(keyMaterialId);
            assertThat(describe(kms, keyId).keyState()).isEqualTo(KeyState.PENDING_IMPORT);
        }
    }

    @Test
    void deletingMaterialDuringADeletionWindowLeavesTheWindowRunning() {
        MovableClock clock = new MovableClock();
        try (KmsTestSupport kms = serverWithClock(clock)) {
            KmsClient client = kms.client(REGION);
            String keyId = createExternalKey(client);
            importMaterial(client, keyId, newMaterial());
            Instant deletionDate = client.scheduleKeyDeletion(request -> request.keyId(keyId).pendingWindowInDays(7))
                    .deletionDate();

            client.deleteImportedKeyMaterial(request -> request.keyId(keyId));

            KeyMetadata key = describe(kms, keyId);
            assertThat(key.keyState()).isEqualTo(KeyState.PENDING_DELETION);
            assertThat(key.deletionDate()).isEqualTo(deletionDate);
            assertThat(key.expirationModel()).isNull();
            String fresh = createExternalKey(client);
            var none = client.deleteImportedKeyMaterial(request -> request.keyId(fresh));
            assertThat(none.keyMaterialId()).isNull();
            assertThat(describe(kms, fresh).keyState()).isEqualTo(KeyState.PENDING_IMPORT);
        }
    }

    @Test
    void tokensSurviveARestartAndExpireAfterTwentyFourHours() {
        MovableClock clock = new MovableClock();
        try (KmsTestSupport kms = serverWithClock(clock)) {
            String keyId = createExternalKey(kms.client(REGION));
            String expiringKeyId = createExternalKey(kms.client(REGION));
            GetParametersForImportResponse parameters = parameters(kms.client(REGION), keyId);
            GetParametersForImportResponse expiring = parameters(kms.client(REGION), expiringKeyId);

            kms.server().restart();
            kms.resetClients();
            clock.advance(Duration.ofHours(23));
            kms.client(REGION).importKeyMaterial(request -> request.keyId(keyId).importToken(parameters.importToken())
                    .encryptedKeyMaterial(wrap(parameters, AlgorithmSpec.RSAES_OAEP_SHA_256, newMaterial()))
                    .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE));
            assertThat(describe(kms, keyId).keyState()).isEqualTo(KeyState.ENABLED);

            clock.advance(Duration.ofHours(1));
            assertKmsError(() -> kms.client(REGION).importKeyMaterial(request -> request.keyId(expiringKeyId)
                    .importToken(expiring.importToken())
                    .encryptedKeyMaterial(wrap(expiring, AlgorithmSpec.RSAES_OAEP_SHA_256, newMaterial()))
                    .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)),
                    ExpiredImportTokenException.class, EXPIRED_TOKEN);
            assertThat(describe(kms, expiringKeyId).keyState()).isEqualTo(KeyState.PENDING_IMPORT);
        }
    }
}
