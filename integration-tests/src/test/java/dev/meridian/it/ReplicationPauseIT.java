package dev.meridian.it;

import static dev.meridian.it.KmsTestSupport.bytes;
import static dev.meridian.it.MultiRegionSupport.createPrimary;
import static dev.meridian.it.MultiRegionSupport.describe;
import static dev.meridian.it.MultiRegionSupport.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.app.ServerConfiguration;
import dev.meridian.testkit.EmbeddedMeridian;
import dev.meridian.testkit.MovableClock;
import dev.meridian.testkit.Replication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.KeyState;

/**
 * Replication into a Region paused and resumed, through the test kit and the operator endpoints, as AWS clients
 * see it: a lagging replica shows its old state, other Regions go on, and resuming catches it up in order. The
 * pause is a run-time switch: a restart ends it, and the held events are applied at start.
 */
class ReplicationPauseIT {
    private static final String PRIMARY = "us-east-1";
    private static final String PAUSED = "us-west-2";
    private static final String OTHER = "eu-west-1";
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass();

    private static Replication replication() {
        return kms.server().replication();
    }

    @AfterEach
    void resumeEverything() {
        replication().resume(PAUSED);
    }

    /** A primary in {@link #PRIMARY} with an {@code Enabled} replica in each of {@code regions}. */
    private static String primaryWithReplicas(String... regions) {
        String keyId = createPrimary(kms.client(PRIMARY));
        for (String region : regions) {
            kms.client(PRIMARY).replicateKey(request -> request.keyId(keyId).replicaRegion(region));
        }
        for (String region : regions) {
            await().atMost(PATIENCE).until(() -> state(kms, region, keyId) == KeyState.ENABLED);
        }
        return keyId;
    }

    @Test
    void aNewReplicaInAPausedRegionStaysCreatingWhileOtherRegionsGoOnAndIsEnabledAfterTheResume() {
        replication().pause(PAUSED);
        String keyId = createPrimary(kms.client(PRIMARY));
        kms.client(PRIMARY).replicateKey(request -> request.keyId(keyId).replicaRegion(PAUSED));
        kms.client(PRIMARY).replicateKey(request -> request.keyId(keyId).replicaRegion(OTHER));

        await().atMost(PATIENCE).until(() -> state(kms, OTHER, keyId) == KeyState.ENABLED);
        kms.server().runDueWork();
        assertThat(state(kms, PAUSED, keyId)).isEqualTo(KeyState.CREATING);
        assertThat(describe(kms, PAUSED, keyId).enabled()).isFalse();
        KmsTestSupport.assertKmsError(() -> kms.client(PAUSED).encrypt(request -> request.keyId(keyId).plaintext(bytes("x"))),
                KmsInvalidStateException.class, MultiRegionSupport.arn(PAUSED, keyId) + " is creating.");
        assertThat(replication().pending(PAUSED)).isOne();
        assertThat(replication().isPaused(PAUSED)).isTrue();

        replication().resume(PAUSED);
        assertThat(state(kms, PAUSED, keyId)).isEqualTo(KeyState.ENABLED);
        assertThat(replication().pending(PAUSED)).isZero();
        SdkBytes ciphertext = kms.client(PAUSED).encrypt(request -> request.keyId(keyId).plaintext(bytes("caught up")))
                .ciphertextBlob();
        assertThat(kms.client(OTHER).decrypt(request -> request.ciphertextBlob(ciphertext)).plaintext().asUtf8String())
                .isEqualTo("caught up");
    }

    /**
     * Meridian makes rotated material of a multi-Region key current only once every Region holds it (phase 2 of
     * the rotation), so no ciphertext under the new material exists while a replica lags: the primary goes on
     * encrypting with the old material, which the lagging replica decrypts.
     */
    @Test
    void aRotationAtThePrimaryWaitsForThePausedReplicaAndNoCiphertextOutrunsIt() {
        String keyId = primaryWithReplicas(PAUSED);
        KmsClient primary = kms.client(PRIMARY);
        KmsClient lagging = kms.client(PAUSED);
        String before = describe(kms, PRIMARY, keyId).currentKeyMaterialId();
        replication().pause(PAUSED);

        primary.rotateKeyOnDemand(request -> request.keyId(keyId));
        kms.server().runDueWork();
        assertThat(replication().pending(PAUSED)).isOne();
        assertThat(primary.getKeyRotationStatus(request -> request.keyId(keyId)).onDemandRotationStartDate()).isNotNull();
        assertThat(describe(kms, PRIMARY, keyId).currentKeyMaterialId()).isEqualTo(before);
        assertThat(describe(kms, PAUSED, keyId).currentKeyMaterialId()).isEqualTo(before);
        SdkBytes duringLag = primary.encrypt(request -> request.keyId(keyId).plaintext(bytes("during the lag")))
                .ciphertextBlob();
        var decrypted = lagging.decrypt(request -> request.ciphertextBlob(duringLag));
        assertThat(decrypted.plaintext().asUtf8String()).isEqualTo("during the lag");
        assertThat(decrypted.keyMaterialId()).isEqualTo(before);

        replication().resume(PAUSED);
        String after = describe(kms, PRIMARY, keyId).currentKeyMaterialId();
        assertThat(after).isNotEqualTo(before);
        assertThat(describe(kms, PAUSED, keyId).currentKeyMaterialId()).isEqualTo(after);
        assertThat(primary.getKeyRotationStatus(request -> request.keyId(keyId)).onDemandRotationStartDate()).isNull();
        SdkBytes afterResume = primary.encrypt(request -> request.keyId(keyId).plaintext(bytes("after the resume")))
                .ciphertextBlob();
        var caughtUp = lagging.decrypt(request -> request.ciphertextBlob(afterResume));
        assertThat(caughtUp.plaintext().asUtf8String()).isEqualTo("after the resume");
        assertThat(caughtUp.keyMaterialId()).isEqualTo(after);
        assertThat(lagging.decrypt(request -> request.ciphertextBlob(duringLag)).plaintext().asUtf8String())
                .isEqualTo("during the lag");
    }

    @Test
    void automaticRotationSettingsReachAPausedReplicaOnlyAfterTheResume() {
        String keyId = primaryWithReplicas(PAUSED, OTHER);
        replication().pause(PAUSED);

        kms.client(PRIMARY).enableKeyRotation(request -> request.keyId(keyId).rotationPeriodInDays(100));
        await().atMost(PATIENCE).until(() -> kms.client(OTHER).getKeyRotationStatus(request -> request.keyId(keyId))
                .keyRotationEnabled());
        kms.server().runDueWork();
        var lagging = kms.client(PAUSED).getKeyRotationStatus(request -> request.keyId(keyId));
        assertThat(lagging.keyRotationEnabled()).isFalse();
        assertThat(lagging.rotationPeriodInDays()).isNull();

        replication().resume(PAUSED);
        var caughtUp = kms.client(PAUSED).getKeyRotationStatus(request -> request.keyId(keyId));
        assertThat(caughtUp.keyRotationEnabled()).isTrue();
        assertThat(caughtUp.rotationPeriodInDays()).isEqualTo(100);
    }

    @Test
    void aChangeOfPrimaryIntoAPausedRegionStaysUpdatingUntilTheResume() {
        String keyId = primaryWithReplicas(PAUSED, OTHER);
        replication().pause(PAUSED);

        kms.client(PRIMARY).updatePrimaryRegion(request -> request.keyId(keyId).primaryRegion(PAUSED));
        kms.server().runDueWork();
        assertThat(state(kms, PRIMARY, keyId)).isEqualTo(KeyState.UPDATING);
        assertThat(state(kms, PAUSED, keyId)).isEqualTo(KeyState.UPDATING);
        assertThat(describe(kms, OTHER, keyId).multiRegionConfiguration().primaryKey().region()).isEqualTo(PRIMARY);
        // Cryptographic operations work while Updating, as AWS's key-state table says.
        SdkBytes ciphertext = kms.client(PAUSED).encrypt(request -> request.keyId(keyId).plaintext(bytes("updating")))
                .ciphertextBlob();

        replication().resume(PAUSED);
        for (String region : new String[] {PRIMARY, PAUSED, OTHER}) {
            assertThat(state(kms, region, keyId)).as(region).isEqualTo(KeyState.ENABLED);
            assertThat(describe(kms, region, keyId).multiRegionConfiguration().primaryKey().region()).as(region)
                    .isEqualTo(PAUSED);
        }
        assertThat(kms.client(OTHER).decrypt(request -> request.ciphertextBlob(ciphertext)).plaintext().asUtf8String())
                .isEqualTo("updating");
    }

    @Test
    void aPrimaryInAPausedRegionStartsItsOwnDeletionWindowOnlyAfterTheResume() {
        MovableClock clock = new MovableClock();
        try (EmbeddedMeridian server = EmbeddedMeridian.start(ServerConfiguration.builder().replicationDelay(Duration.ZERO)
                .clock(clock))) {
            KmsClient primary = KmsTestSupport.client(server.endpoint(), PRIMARY);
            KmsClient replica = KmsTestSupport.client(server.endpoint(), OTHER);
            String keyId = createPrimary(primary);
            primary.replicateKey(request -> request.keyId(keyId).replicaRegion(OTHER));
            server.runDueWork();
            primary.scheduleKeyDeletion(request -> request.keyId(keyId).pendingWindowInDays(30));
            replica.scheduleKeyDeletion(request -> request.keyId(keyId).pendingWindowInDays(7));
            server.replication().pause(PRIMARY);

            clock.advance(Duration.ofDays(7).plusSeconds(1));
            server.runDueWork();
            KmsTestSupport.assertKmsError(() -> replica.describeKey(request -> request.keyId(keyId)),
                    software.amazon.awssdk.services.kms.model.NotFoundException.class,
                    "Key '" + MultiRegionSupport.arn(OTHER, keyId) + "' does not exist");
            var waiting = primary.describeKey(request -> request.keyId(keyId)).keyMetadata();
            assertThat(waiting.keyState()).isEqualTo(KeyState.PENDING_REPLICA_DELETION);
            assertThat(waiting.deletionDate()).isNull();
            assertThat(server.replication().pending(PRIMARY)).isOne();

            java.time.Instant resumed = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            server.replication().resume(PRIMARY);
            var scheduled = primary.describeKey(request -> request.keyId(keyId)).keyMetadata();
            assertThat(scheduled.keyState()).isEqualTo(KeyState.PENDING_DELETION);
            // The window starts when the primary learns of the deletion: at the resume.
            assertThat(scheduled.deletionDate()).isBetween(resumed.plus(Duration.ofDays(30)),
                    clock.instant().plus(Duration.ofDays(30)));
            primary.close();
            replica.close();
        }
    }

    @Test
    void theOperatorEndpointsPauseListAndResumeARegion() throws Exception {
        Answer empty = send("GET", "/_meridian/replication");
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.json().path("regions").isArray()).isTrue();

        Answer paused = send("POST", "/_meridian/replication/" + PAUSED + "/pause");
        assertThat(paused.status()).isEqualTo(200);
        assertThat(paused.json()).isEqualTo(JSON.readTree("{\"region\":\"us-west-2\",\"paused\":true,\"pendingEvents\":0}"));
        String keyId = createPrimary(kms.client(PRIMARY));
        kms.client(PRIMARY).replicateKey(request -> request.keyId(keyId).replicaRegion(PAUSED));
        kms.server().runDueWork();

        Answer listed = send("GET", "/_meridian/replication");
        assertThat(listed.json()).isEqualTo(JSON.readTree(
                "{\"regions\":[{\"region\":\"us-west-2\",\"paused\":true,\"pendingEvents\":1}]}"));
        Answer metrics = send("GET", "/metrics");
        assertThat(metrics.body()).contains("meridian_replication_paused{region=\"us-west-2\"} 1")
                .contains("meridian_replication_outbox_events 1");

        Answer resumed = send("POST", "/_meridian/replication/" + PAUSED + "/resume");
        assertThat(resumed.status()).isEqualTo(200);
        assertThat(resumed.json()).isEqualTo(JSON.readTree("{\"region\":\"us-west-2\",\"paused\":false,\"pendingEvents\":0}"));
        assertThat(state(kms, PAUSED, keyId)).isEqualTo(KeyState.ENABLED);
        assertThat(send("GET", "/_meridian/replication").json()).isEqualTo(JSON.readTree("{\"regions\":[]}"));
    }

    @Test
    void theOperatorEndpointsRefuseANameThatIsNotARegionAndOtherMethods() throws Exception {
        Answer notARegion = send("POST", "/_meridian/replication/Not_A_Region/pause");
        assertThat(notARegion.status()).isEqualTo(400);
        assertThat(notARegion.json()).isEqualTo(JSON.readTree("{\"message\":\"Not a Region name: Not_A_Region\"}"));
        Answer getPause = send("GET", "/_meridian/replication/" + PAUSED + "/pause");
        assertThat(getPause.status()).isEqualTo(405);
        assertThat(getPause.json().path("message").asText())
                .isEqualTo("Method GET is not allowed on /_meridian/replication/us-west-2/pause");
        Answer postList = send("POST", "/_meridian/replication");
        assertThat(postList.status()).isEqualTo(405);
        Answer unknown = send("POST", "/_meridian/replication/" + PAUSED + "/stop");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("message").asText())
                .isEqualTo("No operator endpoint POST /_meridian/replication/us-west-2/stop");
        assertThat(replication().isPaused(PAUSED)).isFalse();
    }

    @Test
    void aRestartEndsThePauseAndAppliesTheHeldEventsAtStart() {
        replication().pause(PAUSED);
        String keyId = createPrimary(kms.client(PRIMARY));
        kms.client(PRIMARY).replicateKey(request -> request.keyId(keyId).replicaRegion(PAUSED));
        kms.server().runDueWork();
        assertThat(state(kms, PAUSED, keyId)).isEqualTo(KeyState.CREATING);

        kms.server().restart();
        kms.resetClients();
        assertThat(replication().isPaused(PAUSED)).isFalse();
        await().atMost(PATIENCE).until(() -> state(kms, PAUSED, keyId) == KeyState.ENABLED);
        assertThat(replication().pending(PAUSED)).isZero();
    }

    private record Answer(int status, String body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    private static Answer send(String method, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(kms.server().endpoint() + path))
                .timeout(PATIENCE).method(method, HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }
}
