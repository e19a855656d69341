package dev.meridian.it;

import static dev.meridian.it.KmsTestSupport.bytes;
import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static dev.meridian.it.MultiRegionSupport.aliasArn;
import static dev.meridian.it.MultiRegionSupport.arn;
import static dev.meridian.it.MultiRegionSupport.assertGone;
import static dev.meridian.it.MultiRegionSupport.createPrimary;
import static dev.meridian.it.MultiRegionSupport.describe;
import static dev.meridian.it.MultiRegionSupport.regionals;
import static dev.meridian.it.MultiRegionSupport.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.app.ServerConfiguration;
import dev.meridian.testkit.EmbeddedMeridian;
import dev.meridian.testkit.MovableClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.ScheduleKeyDeletionResponse;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * ScheduleKeyDeletion and CancelKeyDeletion on multi-Region keys. The class server has a replication delay
 * of one hour on a movable clock; tests move the clock through replication delays and deletion windows.
 */
class MultiRegionDeletionIT {
    private static final String PRIMARY = "us-east-1";
    private static final Duration DELAY = Duration.ofHours(1);
    private static final MovableClock CLOCK = new MovableClock();
    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass(ServerConfiguration.builder().replicationDelay(DELAY).clock(CLOCK));

    private static KmsClient client(String region) {
        return kms.client(region);
    }

    private static void advance(Duration amount) {
        CLOCK.advance(amount);
        kms.server().runDueWork();
    }

    private static String primaryWithReplicas(String... replicaRegions) {
        return MultiRegionSupport.primaryWithReplicas(kms, CLOCK, DELAY, PRIMARY, replicaRegions);
    }

    @Test
    void aPrimaryWaitsForItsReplicasThenForItsOwnWindow() {
        String keyId = primaryWithReplicas("eu-west-1", "ap-south-1");
        String alias = "alias/deleted-" + keyId;
        client(PRIMARY).createAlias(request -> request.aliasName(alias).targetKeyId(keyId));
        SdkBytes ciphertext = client(PRIMARY).encrypt(request -> request.keyId(keyId).plaintext(bytes("x")))
                .ciphertextBlob();

        ScheduleKeyDeletionResponse scheduled = client(PRIMARY).scheduleKeyDeletion(request -> request.keyId(keyId)
                .pendingWindowInDays(7));
        assertThat(scheduled.keyId()).isEqualTo(arn(PRIMARY, keyId));
        assertThat(scheduled.keyState()).isEqualTo(KeyState.PENDING_REPLICA_DELETION);
        assertThat(scheduled.deletionDate()).isNull();
        assertThat(scheduled.pendingWindowInDays()).isEqualTo(7);
        KeyMetadata waiting = describe(kms, PRIMARY, keyId);
        assertThat(waiting.keyState()).isEqualTo(KeyState.PENDING_REPLICA_DELETION);
        assertThat(waiting.enabled()).isFalse();
        assertThat(waiting.pendingDeletionWindowInDays()).isEqualTo(7);
        assertThat(waiting.deletionDate()).isNull();
        String pending = arn(PRIMARY, keyId) + " is pending deletion.";
        assertKmsError(() -> client(PRIMARY).encrypt(request -> request.keyId(keyId).plaintext(bytes("x"))),
                KmsInvalidStateException.class, pending);
        assertKmsError(() -> client(PRIMARY).decrypt(request -> request.ciphertextBlob(ciphertext)),
                KmsInvalidStateException.class, pending);
        assertThat(client("eu-west-1").decrypt(request -> request.ciphertextBlob(ciphertext)).plaintext().asUtf8String())
                .isEqualTo("x");

        ScheduleKeyDeletionResponse replica = client("eu-west-1").scheduleKeyDeletion(request -> request.keyId(keyId)
                .pendingWindowInDays(7));
        assertThat(replica.keyState()).isEqualTo(KeyState.PENDING_DELETION);
        assertThat(replica.deletionDate()).isNotNull();
        client("ap-south-1").scheduleKeyDeletion(request -> request.keyId(keyId).pendingWindowInDays(8));

        advance(Duration.ofDays(7).plusMinutes(1));
        assertGone(kms, "eu-west-1", keyId);
        assertThat(state(kms, "ap-south-1", keyId)).isEqualTo(KeyState.PENDING_DELETION);
        KeyMetadata stillWaiting = describe(kms, PRIMARY, keyId);
        assertThat(stillWaiting.keyState()).isEqualTo(KeyState.PENDING_REPLICA_DELETION);
        assertThat(stillWaiting.multiRegionConfiguration().replicaKeys()).isEqualTo(regionals(keyId, "ap-south-1"));

        CLOCK.advance(Duration.ofDays(1));
        Instant before = CLOCK.instant();
        kms.server().runDueWork();
        Instant after = CLOCK.instant();
        assertGone(kms, "ap-south-1", keyId);
        KeyMetadata counting = describe(kms, PRIMARY, keyId);
        assertThat(counting.keyState()).isEqualTo(KeyState.PENDING_DELETION);
        assertThat(counting.deletionDate()).isBetween(before.plus(Duration.ofDays(7)).truncatedTo(ChronoUnit.MILLIS),
                after.plus(Duration.ofDays(7)));
        assertThat(counting.pendingDeletionWindowInDays()).isNull();
        assertThat(counting.multiRegionConfiguration().replicaKeys()).isEmpty();
        assertKmsError(() -> client(PRIMARY).encrypt(request -> request.keyId(keyId).plaintext(bytes("x"))),
                KmsInvalidStateException.class, pending);

        advance(Duration.ofDays(6));
        assertThat(state(kms, PRIMARY, keyId)).isEqualTo(KeyState.PENDING_DELETION);
        advance(Duration.ofDays(1).plusMinutes(1));
        assertGone(kms, PRIMARY, keyId);
        assertThat(client(PRIMARY).listAliases(request -> { }).aliases()).noneMatch(entry -> entry.aliasName().equals(alias));
        assertKmsError(() -> client(PRIMARY).describeKey(request -> request.keyId(alias)), NotFoundException.class,
                "Alias " + aliasArn(PRIMARY, alias) + " is not found.");
    }

    @Test
    void cancelledDeletionLeavesTheKeyDisabled() {
        String keyId = primaryWithReplicas("eu-west-2");
        client(PRIMARY).scheduleKeyDeletion(request -> request.keyId(keyId));
        assertThat(client(PRIMARY).cancelKeyDeletion(request -> request.keyId(keyId)).keyId()).isEqualTo(arn(PRIMARY, keyId));
        KeyMetadata primary = describe(kms, PRIMARY, keyId);
        assertThat(primary.keyState()).isEqualTo(KeyState.DISABLED);
        assertThat(primary.deletionDate()).isNull();
        assertThat(primary.pendingDeletionWindowInDays()).isNull();

        client("eu-west-2").scheduleKeyDeletion(request -> request.keyId(keyId).pendingWindowInDays(30));
        assertThat(describe(kms, "eu-west-2", keyId).deletionDate()).isNotNull();
        client("eu-west-2").cancelKeyDeletion(request -> request.keyId(keyId));
        KeyMetadata replica = describe(kms, "eu-west-2", keyId);
        assertThat(replica.keyState()).isEqualTo(KeyState.DISABLED);
        assertThat(replica.deletionDate()).isNull();
        assertKmsError(() -> client("eu-west-2").cancelKeyDeletion(request -> request.keyId(keyId)),
                KmsInvalidStateException.class, arn("eu-west-2", keyId) + " is not pending deletion.");

        advance(Duration.ofDays(31));
        assertThat(state(kms, PRIMARY, keyId)).isEqualTo(KeyState.DISABLED);
        assertThat(state(kms, "eu-west-2", keyId)).isEqualTo(KeyState.DISABLED);
    }

    @Test
    void aReplicaCanBeManagedAndScheduledForDeletionWhileCreating() {
        String keyId = createPrimary(client(PRIMARY));
        client(PRIMARY).replicateKey(request -> request.keyId(keyId).replicaRegion("sa-east-1"));
        assertThat(state(kms, "sa-east-1", keyId)).isEqualTo(KeyState.CREATING);
        KmsClient replica = client("sa-east-1");
        replica.createAlias(request -> request.aliasName("alias/creating-" + keyId).targetKeyId(keyId));
        replica.tagResource(request -> request.keyId(keyId).tags(Tag.builder().tagKey("k").tagValue("v").build()));
        replica.updateKeyDescription(request -> request.keyId(keyId).description("still creating"));
        replica.putKeyPolicy(request -> request.keyId(keyId).policyName("default").policy(MultiRegionSupport.defaultPolicy()));
        assertThat(describe(kms, "sa-east-1", "alias/creating-" + keyId).description()).isEqualTo("still creating");
        assertKmsError(() -> replica.enableKey(request -> request.keyId(keyId)), KmsInvalidStateException.class,
                arn("sa-east-1", keyId) + " is creating.");
        ScheduleKeyDeletionResponse scheduled = client("sa-east-1").scheduleKeyDeletion(request -> request.keyId(keyId)
                .pendingWindowInDays(7));
        assertThat(scheduled.keyState()).isEqualTo(KeyState.PENDING_DELETION);
        assertThat(scheduled.deletionDate()).isNotNull();

        advance(DELAY.plusSeconds(1));
        assertThat(state(kms, "sa-east-1", keyId)).isEqualTo(KeyState.PENDING_DELETION);
        advance(Duration.ofDays(7));
        assertGone(kms, "sa-east-1", keyId);
        KeyMetadata primary = describe(kms, PRIMARY, keyId);
        assertThat(primary.keyState()).isEqualTo(KeyState.ENABLED);
        assertThat(primary.multiRegionConfiguration().replicaKeys()).isEmpty();
    }

    @Test
    void windowsThatEndWhileTheServerIsStoppedEndAtTheNextStart(@TempDir Path data) throws IOException {
        MovableClock clock = new MovableClock();
        ServerConfiguration.Builder settings = ServerConfiguration.builder().replicationDelay(Duration.ZERO)
                .clock(clock).dataDirectory(data);
        String keyId;
        String alias;
        try (KmsTestSupport first = new KmsTestSupport(EmbeddedMeridian.start(settings))) {
            keyId = createPrimary(first.client(PRIMARY));
            String id = keyId;
            alias = "alias/restarted-" + keyId;
            first.client(PRIMARY).createAlias(request -> request.aliasName(alias).targetKeyId(id));
            first.client(PRIMARY).replicateKey(request -> request.keyId(id).replicaRegion("eu-west-3"));
            first.server().runDueWork();
            first.client("eu-west-3").scheduleKeyDeletion(request -> request.keyId(id).pendingWindowInDays(7));
            first.client(PRIMARY).scheduleKeyDeletion(request -> request.keyId(id).pendingWindowInDays(7));
        }
        clock.advance(Duration.ofDays(7).plusMinutes(1));
        try (KmsTestSupport second = new KmsTestSupport(EmbeddedMeridian.start(settings))) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertGone(second, "eu-west-3", keyId));
            KeyMetadata primary = describe(second, PRIMARY, keyId);
            assertThat(primary.keyState()).isEqualTo(KeyState.PENDING_DELETION);
            assertThat(primary.deletionDate()).isAfter(clock.instant().plus(Duration.ofDays(6)));
        }
        clock.advance(Duration.ofDays(7).plusMinutes(1));
        try (KmsTestSupport third = new KmsTestSupport(EmbeddedMeridian.start(settings))) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertGone(third, PRIMARY, keyId));
            assertThat(third.client(PRIMARY).listAliases(request -> { }).aliases())
                    .noneMatch(entry -> entry.aliasName().equals(alias));
        }
    }
}
