package dev.meridian.it;

import static dev.meridian.it.AuditSupport.historyOf;
import static dev.meridian.it.AuditSupport.names;
import static dev.meridian.it.KmsTestSupport.arn;
import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static dev.meridian.it.KmsTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlreadyExistsException;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.GrantOperation;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.KmsInternalException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * Three Meridian processes on one PostgreSQL database behave as one KMS, through the SDK: what one node commits the
 * others answer at once (a key or alias they never saw) or within {@link #BOUND} (a change to one they hold); races
 * between nodes have one winner and AWS's error for the other; the replication outbox is the service's, run once and
 * carried on by another node after a kill -9; the audit trail is one trail; nothing acknowledged is lost when a node
 * dies; a node whose database is gone answers KMSInternalException and recovers by itself when it comes back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiNodeIT {
    /** How soon a change to a key, grant or alias another node holds reaches it (measured: see the README). */
    private static final Duration BOUND = Duration.ofSeconds(2);
    private static final String REGION = "us-east-1";
    private static final String GRANTEE = "arn:aws:iam::111122223333:user/alice";
    private static final String INTERNAL_ERROR =
            "The request was rejected because an internal exception occurred. The request can be retried.";

    @TempDir
    static Path folder;
    private NodeCluster cluster;
    private ServerProcess first;
    private ServerProcess second;
    private ServerProcess third;
    private final List<AutoCloseable> clients = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        cluster = NodeCluster.create(folder, "--replication-delay", "3s");
        first = cluster.startNode(); // creates the schema and the root key file
        ExecutorService starting = Executors.newFixedThreadPool(2);
        try {
            Future<ServerProcess> secondStarted = starting.submit(cluster::startNode);
            Future<ServerProcess> thirdStarted = starting.submit(cluster::startNode);
            second = secondStarted.get(120, TimeUnit.SECONDS);
            third = thirdStarted.get(120, TimeUnit.SECONDS);
        } finally {
            starting.shutdownNow();
        }
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable client : clients) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private KmsClient kms(ServerProcess node, String region) {
        KmsClient client = KmsTestSupport.client(node.endpoint(), region);
        clients.add(client);
        return client;
    }

    private KmsClient kms(ServerProcess node) {
        return kms(node, REGION);
    }

    private CloudTrailClient trail(ServerProcess node) {
        CloudTrailClient client = AuditSupport.cloudTrail(node.endpoint(), REGION);
        clients.add(client);
        return client;
    }

    @Test
    @Order(1)
    void aKeyAndAnAliasCreatedOnOneNodeAreUsableOnTheOthersAtOnce() {
        String keyId = kms(first).createKey(request -> { }).keyMetadata().keyId();
        var ciphertext = kms(second).encrypt(request -> request.keyId(keyId).plaintext(bytes("across"))).ciphertextBlob();
        assertThat(kms(third).decrypt(request -> request.ciphertextBlob(ciphertext)).plaintext().asUtf8String())
                .isEqualTo("across");

        kms(second).createAlias(request -> request.aliasName("alias/everywhere").targetKeyId(keyId));
        assertThat(kms(third).describeKey(request -> request.keyId("alias/everywhere")).keyMetadata().keyId())
                .isEqualTo(keyId);

        Tag tag = Tag.builder().tagKey("team").tagValue("payments").build();
        kms(third).tagResource(request -> request.keyId(keyId).tags(tag));
        KmsClient elsewhere = kms(first);
        await().atMost(BOUND).pollInterval(Duration.ofMillis(10)).untilAsserted(() ->
                assertThat(elsewhere.listResourceTags(request -> request.keyId(keyId)).tags()).containsExactly(tag));
    }

    @Test
    @Order(2)
    void disablingRevokingAndDeletingOnOneNodeStopUseOnTheOthersWithinTheBound() {
        KmsClient writer = kms(first);
        KmsClient reader = kms(second);
        List<Long> millis = new ArrayList<>();
        String[] lastKey = new String[1];
        for (int round = 0; round < 20; round++) {
            String keyId = writer.createKey(request -> { }).keyMetadata().keyId();
            lastKey[0] = keyId;
            reader.encrypt(request -> request.keyId(keyId).plaintext(bytes("before")));
            long disabledAt = System.nanoTime();
            writer.disableKey(request -> request.keyId(keyId));
            await().atMost(BOUND).pollInterval(Duration.ofMillis(2)).until(() -> catchThrowable(() ->
                    reader.encrypt(request -> request.keyId(keyId).plaintext(bytes("after")))) instanceof DisabledException);
            millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - disabledAt));
        }
        Collections.sort(millis);
        System.out.printf("Disable on one node -> refused on another: median %d ms, p95 %d ms, max %d ms (%d rounds)%n",
                millis.get(millis.size() / 2), millis.get(millis.size() * 95 / 100), millis.get(millis.size() - 1),
                millis.size());
        assertKmsError(() -> reader.encrypt(request -> request.keyId(lastKey[0]).plaintext(bytes("x"))),
                DisabledException.class, arn(REGION, lastKey[0]) + " is disabled.");

        String keyId = writer.createKey(request -> { }).keyMetadata().keyId();
        String grantId = writer.createGrant(request -> request.keyId(keyId).granteePrincipal(GRANTEE)
                .operations(GrantOperation.ENCRYPT)).grantId();
        // A grant on a key the other node holds already reaches it within the bound (its token, at once).
        await().atMost(BOUND).pollInterval(Duration.ofMillis(5)).untilAsserted(() ->
                assertThat(reader.listGrants(request -> request.keyId(keyId)).grants()).singleElement()
                        .satisfies(grant -> assertThat(grant.grantId()).isEqualTo(grantId)));
        writer.revokeGrant(request -> request.keyId(keyId).grantId(grantId));
        await().atMost(BOUND).pollInterval(Duration.ofMillis(5)).untilAsserted(() ->
                assertThat(reader.listGrants(request -> request.keyId(keyId)).grants()).isEmpty());

        writer.createAlias(request -> request.aliasName("alias/short-lived").targetKeyId(keyId));
        reader.encrypt(request -> request.keyId("alias/short-lived").plaintext(bytes("while it lasts")));
        writer.deleteAlias(request -> request.aliasName("alias/short-lived"));
        await().atMost(BOUND).pollInterval(Duration.ofMillis(5)).until(() -> catchThrowable(() -> reader.encrypt(
                request -> request.keyId("alias/short-lived").plaintext(bytes("after")))) instanceof NotFoundException);
        assertKmsError(() -> reader.encrypt(request -> request.keyId("alias/short-lived").plaintext(bytes("after"))),
                NotFoundException.class, "Alias " + aliasArn("alias/short-lived") + " is not found.");
    }

    @Test
    @Order(3)
    void racesBetweenNodesHaveOneWinnerAndTheOtherGetsAwsError() throws Exception {
        KmsClient left = kms(first);
        KmsClient right = kms(second);
        String keyId = left.createKey(request -> { }).keyMetadata().keyId();
        right.describeKey(request -> request.keyId(keyId));

        List<Object> aliasOutcomes = race(
                () -> left.createAlias(request -> request.aliasName("alias/raced").targetKeyId(keyId)),
                () -> right.createAlias(request -> request.aliasName("alias/raced").targetKeyId(keyId)));
        assertOneWinner(aliasOutcomes, AlreadyExistsException.class,
                "An alias with the name " + aliasArn("alias/raced") + " already exists");

        List<Object> grantOutcomes = race(
                () -> left.createGrant(request -> request.keyId(keyId).granteePrincipal(GRANTEE).name("raced")
                        .operations(GrantOperation.DECRYPT)).grantId(),
                () -> right.createGrant(request -> request.keyId(keyId).granteePrincipal(GRANTEE).name("raced")
                        .operations(GrantOperation.DECRYPT)).grantId());
        assertThat(grantOutcomes.get(0)).as("the same name and parameters: one grant").isEqualTo(grantOutcomes.get(1));
        assertThat(left.listGrants(request -> request.keyId(keyId)).grants()).hasSize(1);

        String primary = left.createKey(request -> request.multiRegion(true)).keyMetadata().keyId();
        right.describeKey(request -> request.keyId(primary));
        List<Object> replicaOutcomes = race(
                () -> left.replicateKey(request -> request.keyId(primary).replicaRegion("eu-west-1")),
                () -> right.replicateKey(request -> request.keyId(primary).replicaRegion("eu-west-1")));
        assertOneWinner(replicaOutcomes, AlreadyExistsException.class,
                "You can create only one replica of each primary key in each AWS Region.");

        left.replicateKey(request -> request.keyId(primary).replicaRegion("ap-south-1"));
        for (String region : List.of("eu-west-1", "ap-south-1")) {
            KmsClient regional = kms(first, region);
            await().atMost(Duration.ofSeconds(30)).until(() -> regional.describeKey(request -> request.keyId(primary))
                    .keyMetadata().keyState() == KeyState.ENABLED);
        }
        List<Object> primaryOutcomes = race(
                () -> left.updatePrimaryRegion(request -> request.keyId(primary).primaryRegion("eu-west-1")),
                () -> right.updatePrimaryRegion(request -> request.keyId(primary).primaryRegion("ap-south-1")));
        assertOneWinner(primaryOutcomes, KmsInvalidStateException.class, arn(REGION, primary) + " is updating.");
    }

    @Test
    @Order(4)
    void theAuditTrailIsOneTrailInOrderOnEveryNode() {
        // CloudTrail's event times are whole seconds: calls in different seconds have one order on every node.
        String keyId = kms(first).createKey(request -> { }).keyMetadata().keyId();
        awaitNextSecond();
        kms(second).tagResource(request -> request.keyId(keyId).tags(Tag.builder().tagKey("k").tagValue("v").build()));
        awaitNextSecond();
        kms(third).disableKey(request -> request.keyId(keyId));
        awaitNextSecond();
        kms(first).enableKey(request -> request.keyId(keyId));

        for (ServerProcess node : List.of(first, second, third)) {
            CloudTrailClient trail = trail(node);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(names(historyOf(trail, arn(REGION, keyId))))
                            .containsExactly("CreateKey", "TagResource", "DisableKey", "EnableKey"));
        }
    }

    @Test
    @Order(5)
    void replicationRunsOnceAndGoesOnAfterTheNodeThatQueuedItIsKilled() throws Exception {
        KmsClient doomed = kms(third);
        String primary = doomed.createKey(request -> request.multiRegion(true)).keyMetadata().keyId();
        doomed.replicateKey(request -> request.keyId(primary).replicaRegion("eu-central-1"));
        doomed.replicateKey(request -> request.keyId(primary).replicaRegion("ap-southeast-2"));
        trail(third).lookupEvents(request -> request.maxResults(1)); // has the node store its queued audit records
        third.kill();

        for (String region : List.of("eu-central-1", "ap-southeast-2")) {
            KmsClient regional = kms(first, region);
            await().atMost(Duration.ofSeconds(30)).until(() -> regional.describeKey(request -> request.keyId(primary))
                    .keyMetadata().keyState() == KeyState.ENABLED);
        }
        List<String> once = List.of("CreateKey", "ReplicateKey", "ReplicateKey", "SynchronizeMultiRegionKey",
                "SynchronizeMultiRegionKey");
        for (ServerProcess node : List.of(first, second)) {
            CloudTrailClient trail = trail(node);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(names(historyOf(trail, arn(REGION, primary)))).containsExactlyElementsOf(once));
        }
    }

    @Test
    @Order(6)
    void nothingAcknowledgedIsLostWhenANodeIsKilledMidWrites() throws Exception {
        Queue<String> acknowledged = new ConcurrentLinkedQueue<>();
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            List<Future<Throwable>> stopped = new ArrayList<>();
            for (int thread = 0; thread < 2; thread++) {
                stopped.add(writers.submit(() -> {
                    try (KmsClient client = KmsTestSupport.client(second.endpoint(), REGION)) {
                        while (true) {
                            acknowledged.add(client.createKey(request -> { }).keyMetadata().keyId());
                        }
                    } catch (RuntimeException e) {
                        return e;
                    }
                }));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 20);
            second.kill();
            for (Future<Throwable> writer : stopped) {
                assertThat(writer.get(60, TimeUnit.SECONDS)).as("each writer stopped on a failed request").isNotNull();
            }
        } finally {
            writers.shutdownNow();
        }

        KmsClient survivor = kms(first);
        for (String keyId : acknowledged) {
            assertThat(survivor.describeKey(request -> request.keyId(keyId)).keyMetadata().keyState())
                    .isEqualTo(KeyState.ENABLED);
        }
        second = cluster.startNode(); // a new node loads them all at start
        KmsClient restarted = kms(second);
        List<String> listed = new ArrayList<>();
        restarted.listKeysPaginator(request -> { }).keys().forEach(key -> listed.add(key.keyId()));
        assertThat(listed).containsAll(acknowledged);
    }

    @Test
    @Order(7)
    void aNodeWhoseDatabaseIsGoneAnswersKmsInternalAndRecoversWhenItComesBack() {
        KmsClient node = kms(first);
        KmsClient other = kms(second);
        String known = node.createKey(request -> { }).keyMetadata().keyId();
        other.describeKey(request -> request.keyId(known));

        cluster.stopDatabase();
        try {
            assertKmsError(() -> node.createKey(request -> { }), KmsInternalException.class, INTERNAL_ERROR, 500);
            assertKmsError(() -> node.describeKey(request -> request.keyId("0b5ed2a5-3c3e-4d8a-9a8e-4f2f0f6d2a11")),
                    KmsInternalException.class, INTERNAL_ERROR, 500);
            // Keys it holds stay usable: the hot path does not touch the database.
            assertThat(node.encrypt(request -> request.keyId(known).plaintext(bytes("offline"))).ciphertextBlob())
                    .isNotNull();
        } finally {
            cluster.startDatabase();
        }

        String created = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> node.createKey(request -> { }).keyMetadata().keyId(), id -> id != null);
        assertThat(other.describeKey(request -> request.keyId(created)).keyMetadata().keyId()).isEqualTo(created);
        node.disableKey(request -> request.keyId(known));
        await().atMost(BOUND).pollInterval(Duration.ofMillis(5)).until(() -> catchThrowable(() ->
                other.encrypt(request -> request.keyId(known).plaintext(bytes("after")))) instanceof DisabledException);
    }

    /** Returns once the clock is in a later second than when called. */
    private static void awaitNextSecond() {
        long second = java.time.Instant.now().getEpochSecond();
        await().pollInterval(Duration.ofMillis(20)).until(() -> java.time.Instant.now().getEpochSecond() > second);
    }

    private static String aliasArn(String aliasName) {
        return "arn:aws:kms:" + REGION + ":" + KmsTestSupport.ACCOUNT + ":" + aliasName;
    }

    /** Runs both calls at once; returns each one's result (null for none) or the exception it threw, in order. */
    private static List<Object> race(Callable<?> one, Callable<?> other) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService racers = Executors.newFixedThreadPool(2);
        try {
            List<Future<Object>> outcomes = new ArrayList<>();
            for (Callable<?> call : List.of(one, other)) {
                outcomes.add(racers.submit(() -> {
                    go.await();
                    try {
                        return call.call();
                    } catch (RuntimeException e) {
                        return e;
                    }
                }));
            }
            go.countDown();
            List<Object> results = new ArrayList<>();
            for (Future<Object> outcome : outcomes) {
                results.add(outcome.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            racers.shutdownNow();
        }
    }

    /** Exactly one call succeeded, and the other failed with AWS's error: this type, its code, this message, 400. */
    private static void assertOneWinner(List<Object> outcomes, Class<? extends KmsException> type, String message) {
        List<Object> failures = outcomes.stream().filter(Throwable.class::isInstance).toList();
        assertThat(failures).as("exactly one of %s failed", outcomes).hasSize(1);
        assertKmsError(() -> {
            throw (Throwable) failures.get(0);
        }, type, message);
    }
}
