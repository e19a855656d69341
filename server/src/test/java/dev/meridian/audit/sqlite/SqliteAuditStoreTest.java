package dev.meridian.audit.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.audit.AuditEvent;
import dev.meridian.audit.AuditPage;
import dev.meridian.audit.AuditQuery;
import dev.meridian.audit.AuditResource;
import dev.meridian.audit.StoredAuditRecord;
import dev.meridian.audit.UserIdentity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteAuditStoreTest {
    private static final String ACCOUNT = "111122223333";
    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    @TempDir
    Path folder;

    private static AuditEvent event(int number, String region) {
        return AuditEvent.builder().eventTime(T0.plusSeconds(number)).eventName(number % 2 == 0 ? "Encrypt" : "Decrypt")
                .awsRegion(region).sourceIpAddress("127.0.0.1")
                .userIdentity(UserIdentity.root(ACCOUNT, "arn:aws:iam::" + ACCOUNT + ":root", "AKID" + number))
                .requestParameters(Map.of("keyId", "key-" + number))
                .resource(AuditResource.kmsKey("arn:aws:kms:" + region + ":" + ACCOUNT + ":key/key-" + number))
                .requestId("request-" + number).readOnly(true).eventType(AuditEvent.EventType.AwsApiCall)
                .recipientAccountId(ACCOUNT).build();
    }

    private static List<String> requestParameterKeys(List<StoredAuditRecord> records) {
        return records.stream().map(record -> record.resources().get(0).arn().replaceAll(".*/", "")).toList();
    }

    @Test
    void batchesAreStoredAsChunksAndReadNewestFirstAcrossPagesAndChunks() {
        try (SqliteAuditStore store = SqliteAuditStore.open(folder.resolve("audit.db"))) {
            List<AuditEvent> first = new ArrayList<>();
            for (int number = 0; number < 5; number++) {
                first.add(event(number, "us-east-1"));
                first.add(event(number, "eu-west-1"));
            }
            store.append(first);
            store.append(List.of(event(5, "us-east-1"), event(6, "us-east-1")));

            List<String> seen = new ArrayList<>();
            AuditPage page = store.lookup(new AuditQuery(ACCOUNT, "us-east-1", null, null, null, 3, null));
            seen.addAll(requestParameterKeys(page.records()));
            while (page.next() != null) {
                page = store.lookup(new AuditQuery(ACCOUNT, "us-east-1", null, null, null, 3, page.next()));
                seen.addAll(requestParameterKeys(page.records()));
            }
            assertThat(seen).containsExactly("key-6", "key-5", "key-4", "key-3", "key-2", "key-1", "key-0");

            AuditPage decrypts = store.lookup(new AuditQuery(ACCOUNT, "eu-west-1",
                    new AuditQuery.Attribute(AuditQuery.Key.EventName, "Decrypt"), T0.plusSeconds(1), T0.plusSeconds(3), 50, null));
            assertThat(requestParameterKeys(decrypts.records())).containsExactly("key-3", "key-1");
            assertThat(decrypts.records().get(0).cloudTrailEvent()).contains("\"requestID\":\"request-3\"");
            AuditPage byAccessKey = store.lookup(new AuditQuery(ACCOUNT, "us-east-1",
                    new AuditQuery.Attribute(AuditQuery.Key.AccessKeyId, "AKID5"), null, null, 50, null));
            assertThat(requestParameterKeys(byAccessKey.records())).containsExactly("key-5");
        }
    }

    @Test
    void aLookupWithoutARegionReadsEveryRegionOfTheAccountBatchAfterBatch() {
        try (SqliteAuditStore store = SqliteAuditStore.open(folder.resolve("audit.db"), 0, 2)) {
            for (int number = 0; number < 4; number++) {
                store.append(List.of(event(number, number % 2 == 0 ? "us-east-1" : "eu-west-1")));
            }
            store.append(List.of(event(4, "us-east-1"), event(5, "ap-south-1")));
            AuditEvent otherAccount = AuditEvent.builder().eventTime(T0).eventName("Encrypt").awsRegion("us-east-1")
                    .userIdentity(UserIdentity.root("444455556666", "arn:aws:iam::444455556666:root", "AKID9"))
                    .readOnly(true).eventType(AuditEvent.EventType.AwsApiCall).recipientAccountId("444455556666").build();
            store.append(List.of(otherAccount));

            List<String> all = new ArrayList<>();
            AuditPage page = store.lookup(new AuditQuery(ACCOUNT, null, null, null, null, 2, null));
            all.addAll(requestParameterKeys(page.records()));
            while (page.next() != null) {
                page = store.lookup(new AuditQuery(ACCOUNT, null, null, null, null, 2, page.next()));
                all.addAll(requestParameterKeys(page.records()));
            }
            assertThat(all).as("one batch's Regions each in their own chunk, in the order they were stored")
                    .containsExactly("key-5", "key-4", "key-3", "key-2", "key-1", "key-0");
            AuditQuery.Attribute decrypt = new AuditQuery.Attribute(AuditQuery.Key.EventName, "Decrypt");
            List<String> decrypts = new ArrayList<>();
            page = null;
            do {
                page = store.lookup(new AuditQuery(ACCOUNT, null, decrypt, null, T0.plusSeconds(3), 50,
                        page == null ? null : page.next()));
                decrypts.addAll(requestParameterKeys(page.records()));
            } while (page.next() != null);
            assertThat(decrypts).containsExactly("key-3", "key-1");
        }
    }

    @Test
    void aClearDeletesEveryRecordOfEveryScopeAndAppendsGoOnAfterIt() {
        try (SqliteAuditStore store = SqliteAuditStore.open(folder.resolve("audit.db"))) {
            store.append(List.of(event(0, "us-east-1"), event(1, "eu-west-1"), event(2, "us-east-1")));
            store.clear();
            for (String region : List.of("us-east-1", "eu-west-1")) {
                assertThat(store.lookup(new AuditQuery(ACCOUNT, region, null, null, null, 50, null)).records()).isEmpty();
            }
            store.append(List.of(event(3, "us-east-1")));
            assertThat(requestParameterKeys(store.lookup(new AuditQuery(ACCOUNT, "us-east-1", null, null, null, 50, null))
                    .records())).containsExactly("key-3");
        }
        try (SqliteAuditStore store = SqliteAuditStore.open(folder.resolve("audit.db"))) {
            assertThat(requestParameterKeys(store.lookup(new AuditQuery(ACCOUNT, "us-east-1", null, null, null, 50, null))
                    .records())).containsExactly("key-3");
        }
    }

    @Test
    void aLookupReadsBoundedChunksAndGoesOnFromThereWithItsNextPosition() {
        try (SqliteAuditStore store = SqliteAuditStore.open(folder.resolve("audit.db"), 0, 2)) {
            for (int number = 0; number < 7; number++) {
                store.append(List.of(event(number, "us-east-1"), event(number, "eu-west-1")));
            }
            AuditQuery.Attribute oldest = new AuditQuery.Attribute(AuditQuery.Key.AccessKeyId, "AKID0");
            List<Integer> pageSizes = new ArrayList<>();
            List<String> found = new ArrayList<>();
            AuditPage page = store.lookup(new AuditQuery(ACCOUNT, "us-east-1", oldest, null, null, 50, null));
            pageSizes.add(page.records().size());
            found.addAll(requestParameterKeys(page.records()));
            while (page.next() != null) {
                page = store.lookup(new AuditQuery(ACCOUNT, "us-east-1", oldest, null, null, 50, page.next()));
                pageSizes.add(page.records().size());
                found.addAll(requestParameterKeys(page.records()));
            }
            assertThat(pageSizes).as("two chunks a call, seven chunks").containsExactly(0, 0, 0, 1);
            assertThat(found).containsExactly("key-0");

            List<String> all = new ArrayList<>();
            page = store.lookup(new AuditQuery(ACCOUNT, "us-east-1", null, null, null, 3, null));
            all.addAll(requestParameterKeys(page.records()));
            while (page.next() != null) {
                page = store.lookup(new AuditQuery(ACCOUNT, "us-east-1", null, null, null, 3, page.next()));
                all.addAll(requestParameterKeys(page.records()));
            }
            assertThat(all).containsExactly("key-6", "key-5", "key-4", "key-3", "key-2", "key-1", "key-0");
        }
    }

    @Test
    void aLookupOfOneChunkPerCallStillGetsThroughAHistoryOfOneRegion() {
        try (SqliteAuditStore store = SqliteAuditStore.open(folder.resolve("audit.db"), 0, 1)) {
            for (int number = 0; number < 7; number++) {
                store.append(List.of(event(number, "us-east-1")));
            }
            AuditQuery.Attribute oldest = new AuditQuery.Attribute(AuditQuery.Key.AccessKeyId, "AKID0");
            int calls = 1;
            AuditPage page = store.lookup(new AuditQuery(ACCOUNT, "us-east-1", oldest, null, null, 50, null));
            List<String> found = new ArrayList<>(requestParameterKeys(page.records()));
            while (page.next() != null && calls < 20) {
                page = store.lookup(new AuditQuery(ACCOUNT, "us-east-1", oldest, null, null, 50, page.next()));
                found.addAll(requestParameterKeys(page.records()));
                calls++;
            }
            assertThat(found).containsExactly("key-0");
            assertThat(calls).as("one chunk a call, seven chunks").isEqualTo(7);
        }
    }

    @Test
    void pruneDeletesTheChunksWhoseNewestRecordIsOlderThanTheCutoff() {
        try (SqliteAuditStore store = SqliteAuditStore.open(folder.resolve("audit.db"))) {
            store.append(List.of(event(0, "us-east-1"), event(1, "us-east-1")));
            store.append(List.of(event(2, "us-east-1"), event(10, "us-east-1")));
            assertThat(store.prune(T0.plusSeconds(2))).isEqualTo(2);
            assertThat(store.prune(T0.plusSeconds(2))).isZero();
            AuditPage left = store.lookup(new AuditQuery(ACCOUNT, "us-east-1", null, null, null, 50, null));
            assertThat(requestParameterKeys(left.records())).containsExactly("key-10", "key-2");
        }
    }

    /** A batch of {@code size} events of one Region, numbered from {@code first}. */
    private static List<AuditEvent> batch(int first, int size) {
        List<AuditEvent> events = new ArrayList<>();
        for (int number = first; number < first + size; number++) {
            events.add(event(number, "us-east-1"));
        }
        return events;
    }

    private static List<String> everyKey(SqliteAuditStore store) {
        List<String> all = new ArrayList<>();
        AuditPage page = store.lookup(new AuditQuery(ACCOUNT, "us-east-1", null, null, null, 50, null));
        all.addAll(requestParameterKeys(page.records()));
        while (page.next() != null) {
            page = store.lookup(new AuditQuery(ACCOUNT, "us-east-1", null, null, null, 50, page.next()));
            all.addAll(requestParameterKeys(page.records()));
        }
        return all;
    }

    @Test
    void pastTheSizeBoundTheOldestChunksGoWholeAndTheRestStaysReadable() throws Exception {
        long bound = 256 * 1024;
        long largestBatch = 0;
        try (SqliteAuditStore store = SqliteAuditStore.open(folder.resolve("audit.db"), bound)) {
            for (int batch = 0; batch < 60; batch++) {
                long before = store.storedBytes();
                store.append(batch(batch * 100, 100));
                largestBatch = Math.max(largestBatch, store.storedBytes() - before);
                assertThat(store.storedBytes()).as("after batch %d", batch).isLessThanOrEqualTo(bound);
            }
            List<String> kept = everyKey(store);
            assertThat(kept).as("the newest records, in order, without a gap").isNotEmpty()
                    .isEqualTo(java.util.stream.IntStream.iterate(5_999, number -> number - 1).limit(kept.size())
                            .mapToObj(number -> "key-" + number).toList());
            assertThat(kept.size()).as("whole chunks go: a multiple of the batch").isLessThan(6_000).matches(size -> size % 100 == 0);
            assertThat(kept.size()).as("most of the bound holds records").isGreaterThan(1_000);
            AuditPage decrypts = store.lookup(new AuditQuery(ACCOUNT, "us-east-1",
                    new AuditQuery.Attribute(AuditQuery.Key.EventName, "Decrypt"), null, null, 2, null));
            assertThat(requestParameterKeys(decrypts.records())).containsExactly("key-5999", "key-5997");

            int oldestKept = 6_000 - kept.size();
            assertThat(store.prune(T0.plusSeconds(oldestKept + 100))).as("retention by age still works").isEqualTo(100);
            assertThat(everyKey(store)).hasSize(kept.size() - 100).last().isEqualTo("key-" + (oldestKept + 100));
        }
        assertThat(Files.size(folder.resolve("audit.db"))).as("the file, with the space kept for reuse")
                .isLessThanOrEqualTo(bound + bound / 16 + 2 * largestBatch);
    }

    @Test
    void freedSpaceBeyondTheMarginIsGivenBackToTheFileSystemStepByStep() throws Exception {
        Path database = folder.resolve("audit.db");
        try (SqliteAuditStore store = SqliteAuditStore.open(database)) {
            for (int batch = 0; batch < 40; batch++) {
                store.append(batch(batch * 500, 500));
            }
        }
        long bound = 4L << 20;
        try (SqliteAuditStore store = SqliteAuditStore.open(database, bound)) {
            checkpoint(database);
            long full = Files.size(database);
            assertThat(full).isGreaterThan(2L << 20);
            assertThat(store.prune(T0.plusSeconds(1_000_000))).isEqualTo(20_000);
            store.append(batch(0, 1));
            checkpoint(database);
            assertThat(Files.size(database)).as("one append gives back one step")
                    .isEqualTo(full - AuditSpace.VACUUM_PAGES_PER_APPEND * 4096L);
            for (int append = 0; append < 20; append++) {
                store.append(batch(append + 1, 1));
            }
            checkpoint(database);
            assertThat(Files.size(database)).as("down to the margin kept for reuse, a sixteenth of the bound")
                    .isBetween(bound / 16, bound / 16 + 64 * 1024);
        }
    }

    /** Copies the WAL into the database file, so that its size shows what the database holds. */
    private static void checkpoint(Path database) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
                Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }

    @Test
    void aFullDiskRefusesTheWholeBatchAndTakesItOnceThereIsRoom() {
        try (SqliteAuditStore store = SqliteAuditStore.open(folder.resolve("audit.db"))) {
            store.append(batch(0, 1));
            store.capAtCurrentSize();
            assertThatThrownBy(() -> store.append(batch(1, 2_000))).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("Cannot store audit records: [SQLITE_FULL]");
            assertThat(everyKey(store)).containsExactly("key-0");

            store.liftSizeCap();
            store.append(batch(1, 2_000));
            assertThat(everyKey(store)).hasSize(2_001).startsWith("key-2000").endsWith("key-0");
        }
    }

    @Test
    void rowsOfSchemaVersionOneAreMovedIntoChunks() throws Exception {
        Path database = folder.resolve("audit.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
                Statement statement = connection.createStatement()) {
            String schema = new String(SqliteAuditStore.class.getResourceAsStream("V1__audit_events.sql").readAllBytes(),
                    StandardCharsets.UTF_8);
            for (String sql : schema.replaceAll("(?m)^--.*$", "").split(";")) {
                if (!sql.isBlank()) {
                    statement.execute(sql);
                }
            }
            statement.execute("PRAGMA user_version = 1");
            for (int number = 0; number < 3; number++) {
                statement.execute("INSERT INTO audit_events (account, region, event_time, event_id, event_name, read_only,"
                        + " user_name, access_key_id, resources, record) VALUES ('" + ACCOUNT + "', 'us-east-1', "
                        + T0.plusSeconds(number).toEpochMilli() + ", 'event-" + number + "', 'Encrypt', 1, 'root', 'AKID', "
                        + "'\nAWS::KMS::Key|arn:aws:kms:us-east-1:" + ACCOUNT + ":key/key-" + number + "\n', '{\"n\":" + number + "}')");
            }
        }
        try (SqliteAuditStore store = SqliteAuditStore.open(database)) {
            AuditPage page = store.lookup(new AuditQuery(ACCOUNT, "us-east-1", null, null, null, 50, null));
            assertThat(page.records()).extracting(StoredAuditRecord::eventId).containsExactly("event-2", "event-1", "event-0");
            assertThat(page.records().get(0).cloudTrailEvent()).isEqualTo("{\"n\":2}");
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
                ResultSet tables = connection.getMetaData().getTables(null, null, "audit_events", null)) {
            assertThat(tables.next()).isFalse();
        }
    }
}
