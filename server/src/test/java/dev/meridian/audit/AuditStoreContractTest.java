package dev.meridian.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AuditStore} guarantees, run for each store (SQLite, PostgreSQL). Appends here come in event
 * time order, one batch after the other, so that "newest first" means the same for every store.
 */
public abstract class AuditStoreContractTest {
    protected static final String ACCOUNT = "111122223333";
    protected static final String OTHER_ACCOUNT = "444455556666";
    protected static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private final List<AuditStore> opened = new ArrayList<>();

    /** Opens the store under test: every call of one test opens the same storage (empty at the test's start). */
    protected abstract AuditStore openStorage();

    protected final AuditStore open() {
        AuditStore store = openStorage();
        opened.add(store);
        return store;
    }

    @AfterEach
    void closeStores() {
        opened.forEach(AuditStore::close);
    }

    /** Event {@code number}: at T0 + number seconds, of key "key-number", Encrypt when even, Decrypt when odd. */
    protected static AuditEvent event(int number, String region) {
        return AuditEvent.builder().eventTime(T0.plusSeconds(number)).eventName(number % 2 == 0 ? "Encrypt" : "Decrypt")
                .awsRegion(region).sourceIpAddress("127.0.0.1")
                .userIdentity(UserIdentity.root(ACCOUNT, "arn:aws:iam::" + ACCOUNT + ":root", "AKID" + number))
                .requestParameters(Map.of("keyId", "key-" + number))
                .resource(AuditResource.kmsKey("arn:aws:kms:" + region + ":" + ACCOUNT + ":key/key-" + number))
                .requestId("request-" + number).readOnly(true).eventType(AuditEvent.EventType.AwsApiCall)
                .recipientAccountId(ACCOUNT).build();
    }

    /** Events {@code first} to {@code first + size - 1} of one Region. */
    protected static List<AuditEvent> batch(int first, int size, String region) {
        List<AuditEvent> events = new ArrayList<>();
        for (int number = first; number < first + size; number++) {
            events.add(event(number, region));
        }
        return events;
    }

    /** The key names of the records, in their order. */
    protected static List<String> keys(List<StoredAuditRecord> records) {
        return records.stream().map(record -> record.resources().get(0).arn().replaceAll(".*/", "")).toList();
    }

    /** Every record the query matches, following NextTokens to the end. */
    protected static List<StoredAuditRecord> all(AuditStore store, Function<AuditPosition, AuditQuery> query) {
        List<StoredAuditRecord> records = new ArrayList<>();
        AuditPage page = store.lookup(query.apply(null));
        records.addAll(page.records());
        for (int calls = 1; page.next() != null; calls++) {
            assertThat(calls).as("lookups of one history").isLessThan(10_000);
            page = store.lookup(query.apply(page.next()));
            records.addAll(page.records());
        }
        return records;
    }

    protected static List<String> everyKey(AuditStore store, String region, int pageSize) {
        return keys(all(store, after -> new AuditQuery(ACCOUNT, region, null, null, null, pageSize, after)));
    }

    private static List<String> matching(AuditStore store, AuditQuery.Key key, String value) {
        return keys(all(store, after -> new AuditQuery(ACCOUNT, "us-east-1", new AuditQuery.Attribute(key, value),
                null, null, 50, after)));
    }

    @Test
    void recordsComeNewestFirstAcrossPagesAndBatches() {
        AuditStore store = open();
        List<AuditEvent> first = new ArrayList<>();
        for (int number = 0; number < 5; number++) {
            first.add(event(number, "us-east-1"));
            first.add(event(number, "eu-west-1"));
        }
        store.append(first);
        store.append(List.of(event(5, "us-east-1"), event(6, "us-east-1")));

        AuditPage page = store.lookup(new AuditQuery(ACCOUNT, "us-east-1", null, null, null, 3, null));
        assertThat(keys(page.records())).containsExactly("key-6", "key-5", "key-4");
        assertThat(page.next()).isEqualTo(page.records().get(2).position());
        assertThat(everyKey(store, "us-east-1", 3)).containsExactly("key-6", "key-5", "key-4", "key-3", "key-2", "key-1",
                "key-0");
        assertThat(everyKey(store, "us-east-1", 1)).as("a page of one").hasSize(7).startsWith("key-6").endsWith("key-0");
        assertThat(everyKey(store, "eu-west-1", 50)).containsExactly("key-4", "key-3", "key-2", "key-1", "key-0");
        AuditPage last = store.lookup(new AuditQuery(ACCOUNT, "us-east-1", null, null, null, 7, null));
        assertThat(last.records()).hasSize(7);
        assertThat(last.next()).as("no page after the last").isNull();
    }

    @Test
    void aRecordCarriesWhatLookupEventsReturnsAndItsCloudTrailJson() {
        AuditStore store = open();
        AuditEvent event = AuditEvent.builder().eventTime(T0).eventName("CreateAlias").awsRegion("us-east-1")
                .sourceIpAddress("10.0.0.7").userAgent("aws-sdk-java/2")
                .userIdentity(new UserIdentity("IAMUser", "AIDAEXAMPLE", "arn:aws:iam::" + ACCOUNT + ":user/alice",
                        ACCOUNT, "AKIAALICE", null))
                .requestParameters(Map.of("aliasName", "alias/app", "targetKeyId", "1234abcd"))
                .resource(AuditResource.kmsKey("arn:aws:kms:us-east-1:" + ACCOUNT + ":key/1234abcd"))
                .error("AlreadyExistsException", "An alias with the name alias/app already exists")
                .requestId("request-7").readOnly(false).recipientAccountId(ACCOUNT).build();
        store.append(List.of(event));

        StoredAuditRecord record = store.lookup(new AuditQuery(ACCOUNT, "us-east-1", null, null, null, 50, null))
                .records().get(0);
        assertThat(record.eventId()).isEqualTo(event.eventId());
        assertThat(record.eventName()).isEqualTo("CreateAlias");
        assertThat(record.eventTime()).isEqualTo(T0);
        assertThat(record.readOnly()).isFalse();
        assertThat(record.accessKeyId()).isEqualTo("AKIAALICE");
        assertThat(record.userName()).isEqualTo("alice");
        assertThat(record.resources()).containsExactly(
                new AuditResource("arn:aws:kms:us-east-1:" + ACCOUNT + ":key/1234abcd", ACCOUNT, AuditResource.KMS_KEY),
                new AuditResource("1234abcd", ACCOUNT, AuditResource.KMS_KEY));
        assertThat(record.cloudTrailEvent()).isEqualTo(CloudTrailRecordFormat.toJson(event));
    }

    @Test
    void aRolesSessionsRecordKeepsItsSessionContext() {
        AuditStore store = open();
        UserIdentity.SessionContext context = new UserIdentity.SessionContext("AROAEXAMPLEROLEID0001",
                "arn:aws:iam::" + ACCOUNT + ":role/team/encryptor", ACCOUNT, "encryptor", T0.minusSeconds(60));
        AuditEvent bySession = AuditEvent.builder().eventTime(T0).eventName("Encrypt").awsRegion("us-east-1")
                .userIdentity(new UserIdentity("AssumedRole", "AROAEXAMPLEROLEID0001:job-1",
                        "arn:aws:sts::" + ACCOUNT + ":assumed-role/encryptor/job-1", ACCOUNT, "ASIAJOB1", null, context))
                .requestParameters(Map.of("keyId", "key-1"))
                .resource(AuditResource.kmsKey("arn:aws:kms:us-east-1:" + ACCOUNT + ":key/key-1"))
                .readOnly(true).recipientAccountId(ACCOUNT).build();
        store.append(List.of(bySession));

        StoredAuditRecord record = store.lookup(new AuditQuery(ACCOUNT, "us-east-1", null, null, null, 50, null))
                .records().get(0);
        assertThat(record.userName()).isEqualTo("job-1");
        assertThat(record.cloudTrailEvent()).isEqualTo(CloudTrailRecordFormat.toJson(bySession))
                .contains("\"sessionIssuer\":{\"type\":\"Role\",\"principalId\":\"AROAEXAMPLEROLEID0001\"")
                .contains("\"creationDate\":\"2026-11-28T09:59:00Z\"");
    }

    @Test
    void eachLookupAttributeMatchesItsRecords() {
        AuditStore store = open();
        AuditEvent write = AuditEvent.builder().eventTime(T0.plusSeconds(10)).eventName("DisableKey").awsRegion("us-east-1")
                .userIdentity(new UserIdentity("IAMUser", "AIDABOB", "arn:aws:iam::" + ACCOUNT + ":user/bob", ACCOUNT,
                        "AKIABOB", null))
                .requestParameters(Map.of("keyId", "key-10"))
                .resource(AuditResource.kmsKey("arn:aws:kms:us-east-1:" + ACCOUNT + ":key/key-10"))
                .readOnly(false).recipientAccountId(ACCOUNT).build();
        List<AuditEvent> events = new ArrayList<>(batch(0, 4, "us-east-1"));
        events.add(write);
        store.append(events);

        assertThat(matching(store, AuditQuery.Key.EventName, "Decrypt")).containsExactly("key-3", "key-1");
        assertThat(matching(store, AuditQuery.Key.EventId, write.eventId())).containsExactly("key-10");
        assertThat(matching(store, AuditQuery.Key.EventId, "no-such-event")).isEmpty();
        assertThat(matching(store, AuditQuery.Key.ReadOnly, "false")).containsExactly("key-10");
        assertThat(matching(store, AuditQuery.Key.ReadOnly, "true")).containsExactly("key-3", "key-2", "key-1", "key-0");
        assertThat(matching(store, AuditQuery.Key.ReadOnly, "TRUE")).isEmpty();
        assertThat(matching(store, AuditQuery.Key.Username, "bob")).containsExactly("key-10");
        assertThat(matching(store, AuditQuery.Key.Username, "root")).containsExactly("key-3", "key-2", "key-1", "key-0");
        assertThat(matching(store, AuditQuery.Key.AccessKeyId, "AKID2")).containsExactly("key-2");
        assertThat(matching(store, AuditQuery.Key.ResourceName, "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/key-1"))
                .containsExactly("key-1");
        assertThat(matching(store, AuditQuery.Key.ResourceName, "key-10")).as("a bare key ID the request named")
                .containsExactly("key-10");
        assertThat(matching(store, AuditQuery.Key.ResourceName, "key")).as("whole names only").isEmpty();
        assertThat(matching(store, AuditQuery.Key.ResourceType, AuditResource.KMS_KEY)).hasSize(5);
        assertThat(matching(store, AuditQuery.Key.ResourceType, "AWS::S3::Bucket")).isEmpty();
        assertThat(matching(store, AuditQuery.Key.EventSource, AuditEvent.EVENT_SOURCE)).hasSize(5);
        assertThat(matching(store, AuditQuery.Key.EventSource, "s3.amazonaws.com")).isEmpty();
    }

    @Test
    void aTimeRangeIncludesBothEndsAndCombinesWithAnAttribute() {
        AuditStore store = open();
        store.append(batch(0, 5, "us-east-1"));
        store.append(batch(0, 5, "eu-west-1"));
        List<String> inRange = keys(all(store, after -> new AuditQuery(ACCOUNT, "us-east-1", null, T0.plusSeconds(1),
                T0.plusSeconds(3), 2, after)));
        assertThat(inRange).containsExactly("key-3", "key-2", "key-1");
        List<String> decrypts = keys(all(store, after -> new AuditQuery(ACCOUNT, "eu-west-1",
                new AuditQuery.Attribute(AuditQuery.Key.EventName, "Decrypt"), T0.plusSeconds(1), T0.plusSeconds(3), 50,
                after)));
        assertThat(decrypts).containsExactly("key-3", "key-1");
        assertThat(keys(all(store, after -> new AuditQuery(ACCOUNT, "us-east-1", null, T0.plusSeconds(5), null, 50, after))))
                .isEmpty();
    }

    @Test
    void aLookupWithoutARegionReadsEveryRegionOfTheAccountOnly() {
        AuditStore store = open();
        for (int number = 0; number < 4; number++) {
            store.append(List.of(event(number, number % 2 == 0 ? "us-east-1" : "eu-west-1")));
        }
        store.append(List.of(event(4, "us-east-1"), event(5, "ap-south-1")));
        store.append(List.of(AuditEvent.builder().eventTime(T0.plusSeconds(9)).eventName("Encrypt").awsRegion("us-east-1")
                .userIdentity(UserIdentity.root(OTHER_ACCOUNT, "arn:aws:iam::" + OTHER_ACCOUNT + ":root", "AKID9"))
                .resource(AuditResource.kmsKey("arn:aws:kms:us-east-1:" + OTHER_ACCOUNT + ":key/key-9"))
                .readOnly(true).recipientAccountId(OTHER_ACCOUNT).build()));

        assertThat(everyKey(store, null, 2)).containsExactly("key-5", "key-4", "key-3", "key-2", "key-1", "key-0");
        assertThat(keys(all(store, after -> new AuditQuery(ACCOUNT, null,
                new AuditQuery.Attribute(AuditQuery.Key.EventName, "Decrypt"), null, T0.plusSeconds(3), 50, after))))
                .containsExactly("key-3", "key-1");
        assertThat(keys(all(store, after -> new AuditQuery(OTHER_ACCOUNT, null, null, null, null, 50, after))))
                .containsExactly("key-9");
    }

    @Test
    void aClearDeletesEveryRecordAndAppendsGoOnAfterIt() {
        AuditStore store = open();
        store.append(List.of(event(0, "us-east-1"), event(1, "eu-west-1"), event(2, "us-east-1")));
        store.clear();
        assertThat(everyKey(store, null, 50)).isEmpty();
        store.append(List.of(event(3, "us-east-1")));
        assertThat(everyKey(store, "us-east-1", 50)).containsExactly("key-3");
        store.close();
        assertThat(everyKey(open(), "us-east-1", 50)).as("stored for good").containsExactly("key-3");
    }

    @Test
    void pruneDeletesRecordsOlderThanTheCutoff() {
        AuditStore store = open();
        store.append(List.of(event(0, "us-east-1"), event(1, "us-east-1")));
        store.append(List.of(event(2, "us-east-1"), event(10, "us-east-1")));
        assertThat(store.prune(T0.plusSeconds(2))).isEqualTo(2);
        assertThat(store.prune(T0.plusSeconds(2))).isZero();
        assertThat(everyKey(store, "us-east-1", 50)).containsExactly("key-10", "key-2");
    }

    @Test
    void aLargeBatchIsStoredWholeAndInOrder() {
        AuditStore store = open();
        store.append(batch(0, 2_000, "us-east-1"));
        store.append(List.of());
        List<String> kept = everyKey(store, "us-east-1", 50);
        assertThat(kept).hasSize(2_000).startsWith("key-1999", "key-1998").endsWith("key-1", "key-0");
    }
}
