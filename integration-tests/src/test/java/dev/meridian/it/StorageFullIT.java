package dev.meridian.it;

import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static dev.meridian.it.KmsTestSupport.assertUndeclaredError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.app.MeridianServer;
import dev.meridian.app.ServerConfiguration;
import dev.meridian.audit.AuditEvent;
import dev.meridian.audit.UserIdentity;
import dev.meridian.audit.sqlite.SqliteAuditStore;
import dev.meridian.store.sqlite.SqliteStore;
import dev.meridian.testkit.EmbeddedMeridian;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.KmsInternalException;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * A full disk, made with SQLite's {@code max_page_count} (no small file system needed): the key store
 * refuses writes with AWS's retryable internal error and keeps nothing of them; the audit trail keeps its
 * records queued, refuses requests once the queue is full, and writes everything once there is room. The
 * audit trail is bounded by size, the oldest records going first.
 */
class StorageFullIT {
    private static final String REGION = "ap-southeast-2";
    private static final String INTERNAL_ERROR =
            "The request was rejected because an internal exception occurred. The request can be retried.";

    @TempDir
    Path folder;

    @org.junit.jupiter.api.BeforeEach
    void onSqlite() {
        EmbeddedPostgresDatabases.assumeSqlite("a full disk is SQLite's max_page_count (SqliteStore.capAtCurrentSize) and"
                + " audit.db's size bound");
    }

    /** A CreateKey that needs several pages: a long description and fifty long tags. */
    private static void createLargeKey(KmsClient client) {
        client.createKey(request -> request.description("d".repeat(8192)).tags(IntStream.range(0, 50)
                .mapToObj(number -> Tag.builder().tagKey("key-" + number + "k".repeat(100)).tagValue("v".repeat(256)).build())
                .toList()));
    }

    @Test
    void aFullKeyStoreRefusesWritesWithAnInternalErrorAndKeepsNothingOfThem() {
        AtomicReference<SqliteStore> keyStore = new AtomicReference<>();
        try (KmsTestSupport kms = new KmsTestSupport(EmbeddedMeridian.start(
                ServerConfiguration.builder().replicationDelay(Duration.ZERO), store -> {
                    keyStore.set((SqliteStore) store);
                    return store;
                }))) {
            KmsClient client = kms.client(REGION);
            String keyId = client.createKey(request -> request.description("before")).keyMetadata().keyId();
            List<KeyListEntry> keys = client.listKeys(request -> { }).keys();
            keyStore.get().capAtCurrentSize();

            assertKmsError(() -> createLargeKey(client), KmsInternalException.class, INTERNAL_ERROR, 500);
            assertKmsError(() -> client.updateKeyDescription(request -> request.keyId(keyId).description("u".repeat(8192))),
                    KmsInternalException.class, INTERNAL_ERROR, 500);
            assertThat(client.listKeys(request -> { }).keys()).isEqualTo(keys);
            assertThat(client.describeKey(request -> request.keyId(keyId)).keyMetadata().description()).isEqualTo("before");
            assertThat(client.encrypt(request -> request.keyId(keyId).plaintext(KmsTestSupport.bytes("still served")))
                    .ciphertextBlob()).as("reading and cryptography go on").isNotNull();

            kms.server().restart();
            kms.resetClients();
            KmsClient restarted = kms.client(REGION);
            assertThat(restarted.listKeys(request -> { }).keys()).as("nothing half-written survives").isEqualTo(keys);
            assertThat(restarted.describeKey(request -> request.keyId(keyId)).keyMetadata().description()).isEqualTo("before");

            keyStore.get().capAtCurrentSize();
            assertKmsError(() -> createLargeKey(restarted), KmsInternalException.class, INTERNAL_ERROR, 500);
            keyStore.get().liftSizeCap();
            createLargeKey(restarted);
            restarted.updateKeyDescription(request -> request.keyId(keyId).description("u".repeat(8192)));
            assertThat(restarted.listKeys(request -> { }).keys()).hasSize(keys.size() + 1);
            assertThat(restarted.describeKey(request -> request.keyId(keyId)).keyMetadata().description())
                    .isEqualTo("u".repeat(8192));
        }
    }

    @Test
    void aFullAuditDiskKeepsTheRecordsQueuedThrottlesOnceTheQueueIsFullAndWritesThemWhenThereIsRoom() {
        AtomicReference<SqliteAuditStore> auditStore = new AtomicReference<>();
        MeridianServer.Storage storage = MeridianServer.Storage.AS_OPENED.withAuditStore(store -> {
            auditStore.set((SqliteAuditStore) store);
            return store;
        }, 30);
        try (KmsTestSupport kms = new KmsTestSupport(EmbeddedMeridian.start(
                ServerConfiguration.builder().replicationDelay(Duration.ZERO), storage));
                CloudTrailClient trail = AuditSupport.cloudTrail(kms.server().endpoint(), REGION)) {
            KmsClient client = kms.client(REGION);
            String keyId = client.createKey(request -> { }).keyMetadata().keyId();
            assertThat(AuditSupport.lookup(trail, LookupAttributeKey.EVENT_NAME, "CreateKey")).hasSize(1);
            auditStore.get().capAtCurrentSize();

            // Each record holds its 8 KB description: no batch of them fits in the pages the database has.
            int served = 0;
            while (served < 1_000) {
                int number = served;
                try {
                    client.updateKeyDescription(request -> request.keyId(keyId).description(number + "d".repeat(8_000)));
                    served++;
                } catch (KmsException e) {
                    break;
                }
            }
            assertThat(served).as("the queue of 30 filled").isBetween(30, 31);
            assertUndeclaredError(() -> client.updateKeyDescription(request -> request.keyId(keyId).description("refused")),
                    "ThrottlingException", "Rate exceeded");
            assertUndeclaredError(() -> client.generateRandom(request -> request.numberOfBytes(16)),
                    "ThrottlingException", "Rate exceeded");
            assertThat(AuditSupport.lookup(trail, LookupAttributeKey.EVENT_NAME, "UpdateKeyDescription"))
                    .as("a lookup answers with what is stored, without waiting").hasSizeLessThanOrEqualTo(served - 30);

            auditStore.get().liftSizeCap();
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> client.generateRandom(request -> request.numberOfBytes(16)).plaintext() != null);
            List<Event> updates = AuditSupport.lookup(trail, LookupAttributeKey.EVENT_NAME, "UpdateKeyDescription");
            assertThat(updates).as("every served request has its record; the refused ones none").hasSize(served);
            assertThat(AuditSupport.record(updates.get(0)).path("requestParameters").path("description").asText())
                    .isEqualTo((served - 1) + "d".repeat(8_000));
        }
    }

    @Test
    void pastItsSizeBoundTheAuditTrailLosesItsOldestRecordsFirst() throws Exception {
        Path data = folder.resolve("data");
        Files.createDirectories(data);
        Instant start = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        int prefilled = 30_000;
        try (SqliteAuditStore store = SqliteAuditStore.open(data.resolve(MeridianServer.AUDIT_DATABASE_FILE))) {
            for (int first = 0; first < prefilled; first += 2_000) {
                List<AuditEvent> batch = new ArrayList<>();
                for (int number = first; number < first + 2_000; number++) {
                    batch.add(AuditEvent.builder().eventTime(start.plusSeconds(number)).eventName("Prefill").awsRegion(REGION)
                            .userIdentity(UserIdentity.root(KmsTestSupport.ACCOUNT, "arn:aws:iam::" + KmsTestSupport.ACCOUNT
                                    + ":root", "AKIDPREFILL")).requestId("request-" + number).readOnly(true)
                            .eventType(AuditEvent.EventType.AwsApiCall).recipientAccountId(KmsTestSupport.ACCOUNT).build());
                }
                store.append(batch);
            }
            assertThat(store.storedBytes()).isGreaterThan(2L << 20);
        }
        long bound = 1L << 20;
        AtomicReference<SqliteAuditStore> auditStore = new AtomicReference<>();
        MeridianServer.Storage storage = MeridianServer.Storage.AS_OPENED.withAuditStore(store -> {
            auditStore.set((SqliteAuditStore) store);
            return store;
        }, 100_000);
        try (KmsTestSupport kms = new KmsTestSupport(EmbeddedMeridian.start(ServerConfiguration.builder()
                .replicationDelay(Duration.ZERO).dataDirectory(data).auditMaxSize(bound), storage));
                CloudTrailClient trail = AuditSupport.cloudTrail(kms.server().endpoint(), REGION)) {
            String keyArn = kms.client(REGION).createKey(request -> { }).keyMetadata().arn();

            assertThat(AuditSupport.names(AuditSupport.historyOf(trail, keyArn))).containsExactly("CreateKey");
            assertThat(auditStore.get().storedBytes()).isLessThanOrEqualTo(bound);
            assertThat(trail.lookupEvents(request -> request.startTime(start).endTime(start.plusSeconds(60))).events())
                    .as("the oldest records went").isEmpty();
            assertThat(trail.lookupEvents(request -> request.maxResults(2).lookupAttributes(
                    software.amazon.awssdk.services.cloudtrail.model.LookupAttribute.builder()
                            .attributeKey(LookupAttributeKey.EVENT_NAME).attributeValue("Prefill").build())).events())
                    .as("the newest stayed").extracting(Event::eventTime)
                    .containsExactly(start.plusSeconds(prefilled - 1), start.plusSeconds(prefilled - 2));
        }
    }
}
