package dev.meridian.it;

import static dev.meridian.it.AuditSupport.historyOf;
import static dev.meridian.it.AuditSupport.names;
import static dev.meridian.it.AuditSupport.record;
import static dev.meridian.it.KmsTestSupport.ACCOUNT;
import static dev.meridian.it.KmsTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.app.ServerConfiguration;
import dev.meridian.testkit.EmbeddedMeridian;
import dev.meridian.testkit.MovableClock;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.GrantOperation;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.ReplicateKeyResponse;

/**
 * The audit trail of a multi-Region flow (CreateKey, ReplicateKey and the replica's CreateKey,
 * SynchronizeMultiRegionKey, UpdatePrimaryRegion in both Regions, DeleteKey at the end of a window), read
 * back through LookupEvents in each Region, across a restart; and no secret in any stored record.
 */
class AuditMultiRegionIT {
    private static final String EAST = "us-east-1";
    private static final String WEST = "us-west-2";
    private static final MovableClock CLOCK = new MovableClock();
    private static KmsTestSupport kms;

    @BeforeAll
    static void start() {
        // Tests here move the clock by months; retention (AuditRetentionIT) would prune what they look up.
        kms = new KmsTestSupport(EmbeddedMeridian.start(ServerConfiguration.builder().replicationDelay(Duration.ofSeconds(2))
                .clock(CLOCK).auditRetention(Duration.ZERO)));
    }

    @AfterAll
    static void stop() {
        kms.close();
    }

    private static CloudTrailClient cloudTrail(String region) {
        return AuditSupport.cloudTrail(kms.server().endpoint(), region);
    }

    private static void completeReplication() {
        CLOCK.advance(Duration.ofSeconds(3));
        kms.server().runDueWork();
    }

    @Test
    void aMultiRegionFlowIsRecordedInEachRegionAndSurvivesARestart() {
        KmsClient east = kms.client(EAST);
        String keyId = east.createKey(request -> request.multiRegion(true)).keyMetadata().keyId();
        String eastArn = KmsTestSupport.arn(EAST, keyId);
        String westArn = KmsTestSupport.arn(WEST, keyId);
        ReplicateKeyResponse replicated = east.replicateKey(request -> request.keyId(keyId).replicaRegion(WEST)
                .description("west copy"));
        completeReplication();
        east.updatePrimaryRegion(request -> request.keyId(keyId).primaryRegion(WEST));
        completeReplication();

        kms.server().restart();
        kms.resetClients();
        try (CloudTrailClient eastTrail = cloudTrail(EAST); CloudTrailClient westTrail = cloudTrail(WEST)) {
            List<Event> eastHistory = historyOf(eastTrail, eastArn);
            assertThat(names(eastHistory)).containsExactly("CreateKey", "ReplicateKey", "SynchronizeMultiRegionKey",
                    "UpdatePrimaryRegion");
            List<Event> westHistory = historyOf(westTrail, westArn);
            assertThat(names(westHistory)).containsExactly("CreateKey", "UpdatePrimaryRegion", "SynchronizeMultiRegionKey");

            JsonNode replicate = record(eastHistory.get(1));
            assertThat(replicate.path("awsRegion").asText()).isEqualTo(EAST);
            assertThat(replicate.path("requestParameters").path("replicaRegion").asText()).isEqualTo(WEST);
            assertThat(replicate.path("requestParameters").path("keyId").asText()).isEqualTo(keyId);
            assertThat(replicate.path("responseElements").path("replicaKeyMetadata").path("arn").asText()).isEqualTo(westArn);
            assertThat(replicate.path("responseElements").path("replicaKeyMetadata").path("keyState").asText()).isEqualTo("Creating");
            assertThat(replicate.path("responseElements").path("replicaPolicy").asText()).contains("Statement");
            assertThat(replicate.path("resources").get(0).path("ARN").asText()).isEqualTo(eastArn);
            assertThat(replicate.path("requestID").asText()).isEqualTo(replicated.responseMetadata().requestId());

            JsonNode replicaCreate = record(westHistory.get(0));
            assertThat(replicaCreate.path("awsRegion").asText()).isEqualTo(WEST);
            assertThat(replicaCreate.path("userIdentity").path("type").asText()).isEqualTo("Root");
            assertThat(replicaCreate.path("userIdentity").path("invokedBy").asText()).isEqualTo("kms.amazonaws.com");
            assertThat(replicaCreate.path("requestParameters").path("description").asText()).isEqualTo("west copy");
            assertThat(replicaCreate.path("requestParameters").path("multiRegion").asBoolean()).isTrue();
            assertThat(replicaCreate.path("responseElements").path("keyMetadata").path("arn").asText()).isEqualTo(westArn);
            assertThat(replicaCreate.path("requestID").asText()).isEqualTo(replicated.responseMetadata().requestId());
            assertThat(replicaCreate.path("eventID").asText()).isNotEqualTo(replicate.path("eventID").asText());

            JsonNode synchronize = record(eastHistory.get(2));
            assertThat(synchronize.path("userIdentity").path("accountId").asText()).isEqualTo(ACCOUNT);
            assertThat(synchronize.path("userIdentity").path("invokedBy").asText()).isEqualTo("AWS Internal");
            assertThat(synchronize.path("userIdentity").has("type")).isFalse();
            assertThat(synchronize.path("sourceIPAddress").asText()).isEqualTo("AWS Internal");
            assertThat(synchronize.path("requestParameters").isNull()).isTrue();
            assertThat(synchronize.path("responseElements").path("keyId").asText()).isEqualTo(eastArn);
            assertThat(synchronize.path("eventType").asText()).isEqualTo("AwsApiCall");
            assertThat(synchronize.path("requestID").asText()).isNotEmpty();
            assertThat(eastHistory.get(2).username()).isNull();

            JsonNode updateEast = record(eastHistory.get(3));
            JsonNode updateWest = record(westHistory.get(1));
            assertThat(updateEast.path("requestParameters").path("primaryRegion").asText()).isEqualTo(WEST);
            assertThat(updateEast.path("responseElements").path("keyId").asText()).isEqualTo(eastArn);
            assertThat(updateWest.path("requestParameters").path("keyId").asText()).isEqualTo(westArn);
            assertThat(updateWest.path("userIdentity").path("invokedBy").asText()).isEqualTo("kms.amazonaws.com");
            assertThat(updateWest.path("requestID").asText()).isEqualTo(updateEast.path("requestID").asText());

            JsonNode synchronizeWest = record(westHistory.get(2));
            assertThat(synchronizeWest.path("responseElements").path("keyId").asText()).isEqualTo(westArn);
        }
    }

    @Test
    void deletionAtTheEndOfTheWindowIsAServiceEvent() {
        KmsClient east = kms.client(EAST);
        String arn = east.createKey(request -> { }).keyMetadata().arn();
        east.scheduleKeyDeletion(request -> request.keyId(arn).pendingWindowInDays(7));
        CLOCK.advance(Duration.ofDays(8));
        kms.server().runDueWork();
        try (CloudTrailClient trail = cloudTrail(EAST)) {
            List<Event> history = historyOf(trail, arn);
            assertThat(names(history)).containsExactly("CreateKey", "ScheduleKeyDeletion", "DeleteKey");
            JsonNode schedule = record(history.get(1));
            assertThat(schedule.path("responseElements").path("keyState").asText()).isEqualTo("PendingDeletion");
            JsonNode deletion = record(history.get(2));
            assertThat(deletion.path("eventType").asText()).isEqualTo("AwsServiceEvent");
            assertThat(deletion.path("userIdentity").path("invokedBy").asText()).isEqualTo("AWS Internal");
            assertThat(deletion.path("serviceEventDetails").path("keyId").asText()).isEqualTo(arn.substring(arn.indexOf('/') + 1));
            assertThat(deletion.has("requestID")).isFalse();
            assertThat(deletion.path("requestParameters").isNull()).isTrue();
        }
    }

    @Test
    void automaticRotationIsAServiceEvent() {
        KmsClient east = kms.client(EAST);
        String arn = east.createKey(request -> { }).keyMetadata().arn();
        String before = east.describeKey(request -> request.keyId(arn)).keyMetadata().currentKeyMaterialId();
        east.enableKeyRotation(request -> request.keyId(arn).rotationPeriodInDays(90));
        CLOCK.advance(Duration.ofDays(91));
        kms.server().runDueWork();
        String after = east.describeKey(request -> request.keyId(arn)).keyMetadata().currentKeyMaterialId();
        try (CloudTrailClient trail = cloudTrail(EAST)) {
            List<Event> history = historyOf(trail, arn);
            assertThat(names(history)).containsSubsequence("CreateKey", "EnableKeyRotation", "RotateKey")
                    .containsOnly("CreateKey", "DescribeKey", "EnableKeyRotation", "RotateKey")
                    .containsOnlyOnce("RotateKey");
            JsonNode rotation = record(history.stream().filter(event -> event.eventName().equals("RotateKey"))
                    .findFirst().orElseThrow());
            assertThat(rotation.path("eventType").asText()).isEqualTo("AwsServiceEvent");
            assertThat(rotation.path("userIdentity").path("invokedBy").asText()).isEqualTo("AWS Internal");
            JsonNode details = rotation.path("serviceEventDetails");
            assertThat(details.path("keyId").asText()).isEqualTo(arn.substring(arn.indexOf('/') + 1));
            assertThat(details.path("rotationType").asText()).isEqualTo("AUTOMATIC");
            assertThat(details.path("keyOrigin").asText()).isEqualTo("AWS_KMS");
            assertThat(details.path("previousKeyMaterialId").asText()).isEqualTo(before);
            assertThat(details.path("currentKeyMaterialId").asText()).isEqualTo(after).isNotEqualTo(before);
        }
    }

    @Test
    void noPlaintextCiphertextDataKeyOrGrantTokenAppearsInAnyStoredRecord() throws SQLException {
        KmsClient east = kms.client(EAST);
        String keyId = east.createKey(request -> { }).keyMetadata().keyId();
        String plaintext = "TOP-SECRET-" + java.util.UUID.randomUUID();
        SdkBytes ciphertext = east.encrypt(request -> request.keyId(keyId).plaintext(bytes(plaintext))).ciphertextBlob();
        east.decrypt(request -> request.ciphertextBlob(ciphertext));
        GenerateDataKeyResponse dataKey = east.generateDataKey(request -> request.keyId(keyId).numberOfBytes(32));
        east.reEncrypt(request -> request.ciphertextBlob(ciphertext).destinationKeyId(keyId));
        SdkBytes random = east.generateRandom(request -> request.numberOfBytes(32)).plaintext();
        String grantToken = east.createGrant(request -> request.keyId(keyId).operations(GrantOperation.ENCRYPT)
                .granteePrincipal("arn:aws:iam::" + KmsTestSupport.ACCOUNT + ":role/audited")).grantToken();
        east.encrypt(request -> request.keyId(keyId).plaintext(bytes("with a token")).grantTokens(grantToken));
        east.retireGrant(request -> request.grantToken(grantToken));
        assertThat(catchThrowable(() -> east.encrypt(request -> request.keyId("alias/none").plaintext(bytes(plaintext)))))
                .isInstanceOf(NotFoundException.class);
        String encoded = base64(plaintext.getBytes(StandardCharsets.UTF_8));
        WireHttp http = new WireHttp(kms.server().endpoint());
        assertThat(http.post("Encrypt", "{\"KeyId\":\"" + keyId + "\",\"Plaintext\":\"" + encoded + "\",\"plaintext\":\""
                + plaintext + "\"}").status()).isEqualTo(200);
        assertThat(http.post("Encrypt", "{\"KeyId\":\"" + keyId + "\",\"Plaintext\":12}").status()).isEqualTo(400);
        List<String> secrets = new ArrayList<>(List.of(plaintext, base64(plaintext.getBytes(StandardCharsets.UTF_8)),
                base64(ciphertext.asByteArray()), base64(dataKey.plaintext().asByteArray()),
                base64(dataKey.ciphertextBlob().asByteArray()), base64(random.asByteArray()), grantToken));
        try (CloudTrailClient trail = cloudTrail(EAST)) {
            List<Event> history = historyOf(trail, KmsTestSupport.arn(EAST, keyId));
            assertThat(names(history)).startsWith("CreateKey", "Encrypt", "Decrypt", "GenerateDataKey", "ReEncrypt");
        }
        List<String> stored = kms.server().configuration().database().isPresent() ? EmbeddedPostgresDatabases.everyRow(kms.server().configuration().database().get()) : auditDatabaseRows();
        assertThat(stored).anyMatch(row -> row.contains("GenerateRandom"));
        for (String secret : secrets) {
            assertThat(stored).as("no record holds %s", secret).noneMatch(row -> row.contains(secret));
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Every row of {@code audit.db}'s chunks, its records column as bytes (inflated where DEFLATE'd). */
    private List<String> auditDatabaseRows() throws SQLException {
        List<String> stored = new ArrayList<>();
        try (Connection database = DriverManager.getConnection("jdbc:sqlite:"
                + kms.server().dataDirectory().resolve("audit.db").toAbsolutePath());
                Statement statement = database.createStatement();
                ResultSet rows = statement.executeQuery("SELECT * FROM audit_chunks")) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                StringBuilder row = new StringBuilder();
                for (int column = 1; column <= columns; column++) {
                    row.append(rows.getString(column)).append('\n');
                }
                // The records column holds each string in UTF-8 (binary chunks) or DEFLATE over the JSON
                // (chunks moved from schema version 1, first byte 0x78): search what it holds, byte for byte.
                byte[] records = rows.getBytes("records");
                if (records[0] == 0x78) {
                    try (var inflated = new java.util.zip.InflaterInputStream(new java.io.ByteArrayInputStream(records))) {
                        records = inflated.readAllBytes();
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
                row.append(new String(records, StandardCharsets.ISO_8859_1));
                stored.add(row.toString());
            }
        }
        return stored;
    }
}
