package dev.meridian.it;

import static dev.meridian.it.AuditSupport.historyOf;
import static dev.meridian.it.AuditSupport.names;
import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.app.ServerConfiguration;
import dev.meridian.postgres.PostgresSettings;
import dev.meridian.testing.PostgresTestDatabase;
import dev.meridian.testkit.EmbeddedMeridian;
import dev.meridian.testkit.MeridianClients;
import dev.meridian.testkit.MovableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.RotationsListEntry;

/**
 * Two nodes on one PostgreSQL database, one clock. A database put back to a backup while the nodes run is what both
 * then serve. Timed work that comes due (the end of a deletion window, an
 * automatic rotation, the expiry of imported material, a replica's creation) runs once when both nodes run their due work at the same moment, whichever wins; the other
 * finds it done. Seen through the SDK on either node: the key's state, its rotations, and exactly one service event
 * in the shared audit trail (LookupEvents on each node, each writing out what it queued first).
 */
class TwoNodesOnOneDatabaseIT {
    private static final String REGION = "eu-west-1";
    private static final String REPLICA_REGION = "eu-central-1";
    /** Long enough that the test moves the clock past it, not the nodes' own timers. */
    private static final Duration REPLICATION_DELAY = Duration.ofMinutes(5);
    private static final MovableClock CLOCK = new MovableClock();
    @TempDir
    static Path folder;
    private static PostgresSettings database;
    private static EmbeddedMeridian first;
    private static EmbeddedMeridian second;
    private static KmsClient firstKms;
    private static KmsClient secondKms;

    @BeforeAll
    static void start() {
        database = PostgresTestDatabase.create();
        Path rootKey = folder.resolve("root.key"); // one root key for both nodes, as the nodes of one service share it
        // The clock moves by months here: no retention, which would prune what the tests look up.
        ServerConfiguration.Builder node = ServerConfiguration.builder().database(database).rootKey(rootKey).clock(CLOCK)
                .replicationDelay(REPLICATION_DELAY).auditRetention(Duration.ZERO);
        first = EmbeddedMeridian.start(node);
        second = EmbeddedMeridian.start(node);
        firstKms = MeridianClients.kms(first.endpoint(), REGION);
        secondKms = MeridianClients.kms(second.endpoint(), REGION);
    }

    @AfterAll
    static void stop() {
        try {
            firstKms.close();
            secondKms.close();
            second.close();
            first.close();
        } finally {
            new EmbeddedPostgresDatabases().drop(database);
        }
    }

    @Test
    void aDeletionWindowEndsOnceWhenBothNodesRunTheirDueWorkAtOnce() throws Exception {
        String arn = firstKms.createKey(request -> { }).keyMetadata().arn();
        secondKms.scheduleKeyDeletion(request -> request.keyId(arn).pendingWindowInDays(7));
        // Both nodes know the window before it ends, so that both have the deletion due.
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> firstKms.describeKey(request -> request.keyId(arn))
                .keyMetadata().keyState() == KeyState.PENDING_DELETION);

        CLOCK.advance(Duration.ofDays(7).plusMinutes(1));
        runDueWorkOnBothAtOnce();

        // Records of two nodes within one second come back in the order they were stored, not always as they
        // happened: the earlier ones may swap; the deletion, a week later, is last.
        assertThat(names(historySeenByBoth(arn))).containsOnlyOnce("CreateKey", "ScheduleKeyDeletion", "DeleteKey")
                .endsWith("DeleteKey");
        String message = "Key '" + arn + "' does not exist";
        assertKmsError(() -> firstKms.describeKey(request -> request.keyId(arn)), NotFoundException.class, message);
        assertKmsError(() -> secondKms.describeKey(request -> request.keyId(arn)), NotFoundException.class, message);
    }

    @Test
    void anAutomaticRotationRunsOnceWhenBothNodesRunTheirDueWorkAtOnce() throws Exception {
        String arn = firstKms.createKey(request -> { }).keyMetadata().arn();
        secondKms.enableKeyRotation(request -> request.keyId(arn).rotationPeriodInDays(90));
        // Both nodes know the rotation is on before it comes due, so that both have it due.
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> firstKms.getKeyRotationStatus(request -> request
                .keyId(arn)).keyRotationEnabled());

        CLOCK.advance(Duration.ofDays(91));
        runDueWorkOnBothAtOnce();

        for (KmsClient kms : List.of(firstKms, secondKms)) {
            assertThat(kms.listKeyRotations(request -> request.keyId(arn)).rotations())
                    .extracting(RotationsListEntry::rotationType).hasSize(1).allSatisfy(type -> assertThat(type.toString())
                            .isEqualTo("AUTOMATIC"));
        }
        assertThat(names(historySeenByBoth(arn))).containsOnlyOnce("RotateKey", "CreateKey", "EnableKeyRotation");
    }

    @Test
    void importedMaterialExpiresOnceWhenBothNodesRunTheirDueWorkAtOnce() throws Exception {
        String keyId = ImportSupport.createExternalKey(firstKms);
        ImportSupport.importMaterial(secondKms, keyId, ImportSupport.newMaterial(), CLOCK.instant().plus(Duration.ofHours(1)));
        // Both nodes know the material and when it expires, so that both have the expiry due.
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> firstKms.describeKey(request -> request.keyId(keyId))
                .keyMetadata().keyState() == KeyState.ENABLED);

        CLOCK.advance(Duration.ofHours(1).plusMinutes(1));
        runDueWorkOnBothAtOnce();

        String arn = KmsTestSupport.arn(REGION, keyId);
        assertThat(names(historySeenByBoth(arn))).containsOnlyOnce("CreateKey", "ImportKeyMaterial",
                "DeleteExpiredKeyMaterial").endsWith("DeleteExpiredKeyMaterial");
        for (KmsClient kms : List.of(firstKms, secondKms)) {
            assertThat(kms.describeKey(request -> request.keyId(keyId)).keyMetadata().keyState())
                    .isEqualTo(KeyState.PENDING_IMPORT);
        }
    }

    @Test
    void aReplicaIsCreatedOnceWhenBothNodesApplyTheReplicationAtOnce() throws Exception {
        String keyId = firstKms.createKey(request -> request.multiRegion(true)).keyMetadata().keyId();
        secondKms.replicateKey(request -> request.keyId(keyId).replicaRegion(REPLICA_REGION));
        // Both nodes know the queued replication before it comes due, so that both apply it.
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> firstKms.describeKey(request -> request.keyId(keyId))
                .keyMetadata().multiRegionConfiguration().replicaKeys().size() == 1);

        CLOCK.advance(REPLICATION_DELAY.plusSeconds(1));
        runDueWorkOnBothAtOnce();

        try (KmsClient firstInReplicaRegion = MeridianClients.kms(first.endpoint(), REPLICA_REGION);
                KmsClient secondInReplicaRegion = MeridianClients.kms(second.endpoint(), REPLICA_REGION)) {
            for (KmsClient replicaRegion : List.of(firstInReplicaRegion, secondInReplicaRegion)) {
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> replicaRegion.describeKey(request -> request
                        .keyId(keyId)).keyMetadata().keyState() == KeyState.ENABLED);
                assertThat(replicaRegion.listKeys().keys()).extracting(entry -> entry.keyId()).containsOnlyOnce(keyId);
            }
        }
        assertThat(names(historySeenByBoth(KmsTestSupport.arn(REGION, keyId))))
                .containsOnlyOnce("CreateKey", "ReplicateKey", "SynchronizeMultiRegionKey");
    }

    @Test
    void aDatabaseRestoredFromABackupWhileTheNodesRunIsWhatBothServe() throws Exception {
        String kept = firstKms.createKey(request -> { }).keyMetadata().keyId();
        long backup = latestPosition();
        String lost = secondKms.createKey(request -> { }).keyMetadata().keyId();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> firstKms.describeKey(request -> request.keyId(lost))
                .keyMetadata().enabled());
        // The database put back to the backup: the later key and its log rows are gone; both nodes are ahead of it.
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM keys WHERE key_id = '" + lost + "'");
            statement.execute("DELETE FROM store_changes WHERE position > " + backup);
        }

        String message = "Key '" + KmsTestSupport.arn(REGION, lost) + "' does not exist";
        for (KmsClient kms : List.of(firstKms, secondKms)) {
            // Within the nodes' 500 ms check of the database's log, each takes what the database holds.
            Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(AssertionError.class)
                    .untilAsserted(() -> assertKmsError(() -> kms.describeKey(request -> request.keyId(lost)),
                            NotFoundException.class, message));
            assertThat(kms.describeKey(request -> request.keyId(kept)).keyMetadata().enabled()).isTrue();
        }
        // Writes go on from the restored state, and each node serves the other's.
        String next = firstKms.createKey(request -> { }).keyMetadata().keyId();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> secondKms.describeKey(request -> request.keyId(next))
                .keyMetadata().enabled());
    }

    private static long latestPosition() throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                ResultSet latest = statement.executeQuery("SELECT COALESCE(MAX(position), 0) FROM store_changes")) {
            latest.next();
            return latest.getLong(1);
        }
    }

    /** Both nodes run their due work, released together, and both finish. */
    private static void runDueWorkOnBothAtOnce() throws Exception {
        CyclicBarrier together = new CyclicBarrier(2);
        CompletableFuture<Void> onFirst = CompletableFuture.runAsync(() -> runWhenReleased(first, together));
        CompletableFuture<Void> onSecond = CompletableFuture.runAsync(() -> runWhenReleased(second, together));
        CompletableFuture.allOf(onFirst, onSecond).get();
    }

    private static void runWhenReleased(EmbeddedMeridian node, CyclicBarrier together) {
        try {
            together.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        node.runDueWork();
    }

    /**
     * The key's history as LookupEvents gives it on the second node, after a lookup on the first: each lookup writes
     * out what its node queued, so the second sees the records of both; the first then sees the same.
     */
    private static List<Event> historySeenByBoth(String arn) {
        try (CloudTrailClient onFirst = AuditSupport.cloudTrail(first.endpoint(), REGION);
                CloudTrailClient onSecond = AuditSupport.cloudTrail(second.endpoint(), REGION)) {
            historyOf(onFirst, arn);
            List<Event> history = historyOf(onSecond, arn);
            assertThat(names(historyOf(onFirst, arn))).isEqualTo(names(history));
            return history;
        }
    }
}
