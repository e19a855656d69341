package dev.meridian.audit;

import dev.meridian.audit.postgres.PostgresAuditStore;
import dev.meridian.audit.sqlite.SqliteAuditStore;
import dev.meridian.postgres.PostgresSettings;
import dev.meridian.testing.PostgresTestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Append throughput and lookup latency of the audit stores, SQLite against PostgreSQL, on one thread each as the
 * audit writer and LookupEvents use them. Not a test: run it by hand (see the README, Performance):
 *
 * <pre>
 * mvn -B -o -q -pl server test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=target/test-classpath.txt
 * java -cp server/target/classes:server/target/test-classes:$(cat server/target/test-classpath.txt) \
 *     dev.meridian.audit.AuditStoreBenchmark [RECORDS [JDBC_URL]]
 * </pre>
 *
 * Without a JDBC URL, PostgreSQL is the embedded one of the tests (on the same machine, as SQLite is).
 */
public final class AuditStoreBenchmark {
    private static final String ACCOUNT = "111122223333";
    private static final int BATCH = BatchingAuditLog.DEFAULT_BATCH_SIZE;
    private static final int KEYS = 20;
    private static final int LOOKUPS = 100;
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    private AuditStoreBenchmark() {
    }

    public static void main(String[] arguments) throws Exception {
        int records = arguments.length > 0 ? Integer.parseInt(arguments[0]) : 200_000;
        Path folder = Files.createTempDirectory("audit-benchmark");
        PostgresSettings postgres = arguments.length > 1 ? PostgresSettings.of(arguments[1]) : PostgresTestDatabase.create();
        run("SQLite", () -> SqliteAuditStore.open(folder.resolve("audit.db")), records);
        run("PostgreSQL", () -> PostgresAuditStore.open(postgres), records);
        System.exit(0);
    }

    /** Encrypt and Decrypt calls over a few keys, one in 20 a write (DisableKey), each second 1,000 of them. */
    private static AuditEvent event(int number) {
        String keyId = "1234abcd-12ab-34cd-56ef-1234567890" + String.format("%02d", number % KEYS);
        String keyArn = "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/" + keyId;
        boolean write = number % 20 == 19;
        String name = write ? "DisableKey" : number % 2 == 0 ? "Encrypt" : "Decrypt";
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("keyId", keyArn);
        if (!write) {
            parameters.put("encryptionAlgorithm", "SYMMETRIC_DEFAULT");
        }
        return AuditEvent.builder().eventTime(T0.plusMillis(number)).eventName(name).awsRegion("us-east-1")
                .sourceIpAddress("10.0.0.7").userAgent("aws-sdk-java/2.31.0 ua/2.1 os/Linux lang/java#17")
                .userIdentity(UserIdentity.root(ACCOUNT, "arn:aws:iam::" + ACCOUNT + ":root", "AKIAEXAMPLE"))
                .requestParameters(parameters).requestId(AuditEvent.randomId()).readOnly(!write)
                .additionalEventData(write ? null : Map.of("keyMaterialId", "a".repeat(64)))
                .resource(AuditResource.kmsKey(keyArn)).recipientAccountId(ACCOUNT).build();
    }

    private static void run(String name, Supplier<AuditStore> opener, int records) {
        try (AuditStore store = opener.get()) {
            store.clear();
            List<List<AuditEvent>> batches = new ArrayList<>();
            for (int first = 0; first < records; first += BATCH) {
                List<AuditEvent> batch = new ArrayList<>(BATCH);
                for (int number = first; number < Math.min(records, first + BATCH); number++) {
                    batch.add(event(number));
                }
                batches.add(batch);
            }
            long start = System.nanoTime();
            for (List<AuditEvent> batch : batches) {
                store.append(batch);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%s: append %,d records in batches of %,d: %.1f s, %,.0f records/s%n", name, records, BATCH,
                    seconds, records / seconds);
            String someKey = "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/1234abcd-12ab-34cd-56ef-123456789007";
            lookups(name, store, "first page (50)", null);
            lookups(name, store, "EventName=Decrypt", new AuditQuery.Attribute(AuditQuery.Key.EventName, "Decrypt"));
            lookups(name, store, "ResourceName=key ARN", new AuditQuery.Attribute(AuditQuery.Key.ResourceName, someKey));
            lookups(name, store, "ReadOnly=false", new AuditQuery.Attribute(AuditQuery.Key.ReadOnly, "false"));
            lookups(name, store, "Username=nobody (no match)", new AuditQuery.Attribute(AuditQuery.Key.Username, "nobody"));
        }
    }

    private static void lookups(String name, AuditStore store, String label, AuditQuery.Attribute attribute) {
        long[] nanos = new long[LOOKUPS];
        int found = 0;
        for (int round = 0; round < LOOKUPS + 10; round++) {
            long start = System.nanoTime();
            AuditPage page = store.lookup(new AuditQuery(ACCOUNT, "us-east-1", attribute, null, null, 50, null));
            if (round >= 10) {
                nanos[round - 10] = System.nanoTime() - start;
            }
            found = page.records().size();
        }
        Arrays.sort(nanos);
        System.out.printf("%s: lookup %s (%d records): median %.2f ms, p95 %.2f ms%n", name, label, found,
                nanos[LOOKUPS / 2] / 1e6, nanos[LOOKUPS * 95 / 100] / 1e6);
    }
}
