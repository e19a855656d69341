package dev.meridian.it;

import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.meridian.app.ServerConfiguration;
import dev.meridian.postgres.PostgresSettings;
import dev.meridian.store.postgres.PostgresStore;
import dev.meridian.testing.PostgresTestDatabase;
import dev.meridian.testkit.EmbeddedMeridian;
import dev.meridian.testkit.MeridianClients;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.DependencyTimeoutException;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.KmsInternalException;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * A node on PostgreSQL whose write lock another session holds (another node's write that hangs: a stuck process, a
 * partition the database has not noticed yet) answers a write within {@code --database-lock-timeout} with AWS's
 * {@code DependencyTimeoutException} (HTTP 500; {@code KMSInternalException} for the operations whose model does not list
 * it), through the SDK with no retries; nothing of the refused write exists,
 * keys it holds keep working meanwhile, and once the lock is free the same writes succeed.
 */
class WriteLockTimeoutIT {
    private static final String REGION = "us-east-1";
    private static final Duration LOCK_TIMEOUT = Duration.ofMillis(500);
    /** The longest a refused write may take on a loaded machine: far below the database connection's 60 s. */
    private static final Duration BOUND = Duration.ofSeconds(15);
    private static final String TIMED_OUT =
            "The system timed out while trying to fulfill the request. You can retry the request.";
    private static final String INTERNAL =
            "The request was rejected because an internal exception occurred. The request can be retried.";
    private static PostgresSettings database;
    private static EmbeddedMeridian server;
    private static KmsClient kms;

    @BeforeAll
    static void start() {
        database = PostgresTestDatabase.create();
        server = EmbeddedMeridian.start(ServerConfiguration.builder().replicationDelay(Duration.ZERO).database(database)
                .databaseLockTimeout(LOCK_TIMEOUT));
        kms = MeridianClients.kms(server.endpoint(), REGION); // one attempt: the SDK's retries are off
    }

    @AfterAll
    static void stop() {
        try {
            kms.close();
            server.close();
        } finally {
            new EmbeddedPostgresDatabases().drop(database);
        }
    }

    @Test
    void aWriteWhoseLockIsHeldElsewhereIsADependencyTimeoutWithNothingWrittenAndWorksOnceTheLockIsFree()
            throws SQLException {
        String keyId = kms.createKey().keyMetadata().keyId();
        try (Connection holder = database.connect()) {
            holder.setAutoCommit(false);
            try (Statement statement = holder.createStatement()) {
                statement.execute("SELECT pg_advisory_xact_lock(" + PostgresStore.WRITE_LOCK + ")");
            }

            long began = System.nanoTime();
            assertKmsError(() -> kms.createAlias(request -> request.aliasName("alias/waiting").targetKeyId(keyId)),
                    DependencyTimeoutException.class, TIMED_OUT, 500);
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isBetween(LOCK_TIMEOUT, BOUND);
            assertKmsError(() -> kms.createKey(request -> request.description("waiting")),
                    DependencyTimeoutException.class, TIMED_OUT, 500);
            assertKmsError(() -> kms.disableKey(request -> request.keyId(keyId)),
                    DependencyTimeoutException.class, TIMED_OUT, 500);
            // TagResource's model does not list DependencyTimeoutException: the service fault every operation lists.
            assertKmsError(() -> kms.tagResource(request -> request.keyId(keyId)
                            .tags(Tag.builder().tagKey("waiting").tagValue("yes").build())),
                    KmsInternalException.class, INTERNAL, 500);

            // Keys the node holds never wait for the database.
            assertThat(kms.describeKey(request -> request.keyId(keyId)).keyMetadata().enabled()).isTrue();
            assertThat(kms.encrypt(request -> request.keyId(keyId).plaintext(KmsTestSupport.bytes("still served")))
                    .ciphertextBlob().asByteArray()).isNotEmpty();
            holder.rollback(); // the holder's transaction ends: the lock is free
        }

        // Nothing of the refused writes exists, in the node's answers or in the database.
        assertKmsError(() -> kms.describeKey(request -> request.keyId("alias/waiting")), NotFoundException.class,
                "Alias arn:aws:kms:" + REGION + ":111122223333:alias/waiting is not found.");
        assertThat(kms.listAliases().aliases()).extracting(AliasListEntry::aliasName).doesNotContain("alias/waiting");
        assertThat(kms.listKeys().keys()).extracting(KeyListEntry::keyId).containsExactly(keyId);
        assertThat(kms.listResourceTags(request -> request.keyId(keyId)).tags()).isEmpty();
        assertThat(rows("SELECT count(*) FROM aliases WHERE alias_name = ?", "alias/waiting")).isZero();
        assertThat(rows("SELECT count(*) FROM keys WHERE description = ?", "waiting")).isZero();
        assertThat(kms.describeKey(request -> request.keyId(keyId)).keyMetadata().enabled()).isTrue();

        // The same writes now succeed.
        kms.createAlias(request -> request.aliasName("alias/waiting").targetKeyId(keyId));
        String created = kms.createKey(request -> request.description("waiting")).keyMetadata().keyId();
        assertThat(kms.describeKey(request -> request.keyId("alias/waiting")).keyMetadata().keyId()).isEqualTo(keyId);
        assertThat(kms.listKeys().keys()).extracting(KeyListEntry::keyId).containsExactlyInAnyOrder(keyId, created);
        assertThat(rows("SELECT count(*) FROM aliases WHERE alias_name = ?", "alias/waiting")).isOne();
    }

    @Test
    void twoWritesOfANodeThatWaitTogetherAreEachAnsweredWithinTheTimeoutOfTheirStart() throws Exception {
        Duration timeout = Duration.ofSeconds(2);
        PostgresSettings own = PostgresTestDatabase.create();
        ExecutorService firstThread = Executors.newSingleThreadExecutor();
        try (EmbeddedMeridian node = EmbeddedMeridian.start(ServerConfiguration.builder().replicationDelay(Duration.ZERO)
                        .database(own).databaseLockTimeout(timeout));
                KmsClient client = MeridianClients.kms(node.endpoint(), REGION);
                Connection holder = own.connect()) {
            String keyId = client.createKey().keyMetadata().keyId();
            holder.setAutoCommit(false);
            try (Statement statement = holder.createStatement()) {
                statement.execute("SELECT pg_advisory_xact_lock(" + PostgresStore.WRITE_LOCK + ")");
            }
            Future<?> first = firstThread.submit(() ->
                    client.createAlias(request -> request.aliasName("alias/first").targetKeyId(keyId)));
            await().atMost(BOUND).until(() -> waitingForTheWriteLock(own) == 1); // the first waits for the database

            // The second waits for the first (its turn in the node), then for the database only what is left of its
            // own 2 s: answered about 2 s after it was sent, not 2 s after the first was refused.
            long began = System.nanoTime();
            assertKmsError(() -> client.createAlias(request -> request.aliasName("alias/second").targetKeyId(keyId)),
                    DependencyTimeoutException.class, TIMED_OUT, 500);
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isBetween(timeout, timeout.plus(timeout.dividedBy(2)));
            assertThatThrownBy(() -> first.get(BOUND.toMillis(), TimeUnit.MILLISECONDS))
                    .cause().isInstanceOf(DependencyTimeoutException.class);
            holder.rollback();
            assertThat(client.listAliases(request -> request.keyId(keyId)).aliases()).isEmpty();
        } finally {
            firstThread.shutdownNow();
            new EmbeddedPostgresDatabases().drop(own);
        }
    }

    /** How many sessions of {@code database} wait for a lock like the write lock (not granted yet). */
    private static long waitingForTheWriteLock(PostgresSettings database) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                        + " AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")) {
            result.next();
            return result.getLong(1);
        }
    }

    private static long rows(String query, String parameter) throws SQLException {
        try (Connection connection = database.connect(); PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, parameter);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }
}
