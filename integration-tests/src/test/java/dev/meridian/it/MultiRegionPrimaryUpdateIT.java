package dev.meridian.it;

import static dev.meridian.it.KmsTestSupport.bytes;
import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static dev.meridian.it.KmsTestSupport.assertUndeclaredError;
import static dev.meridian.it.MultiRegionSupport.arn;
import static dev.meridian.it.MultiRegionSupport.createPrimary;
import static dev.meridian.it.MultiRegionSupport.describe;
import static dev.meridian.it.MultiRegionSupport.regional;
import static dev.meridian.it.MultiRegionSupport.regionals;
import static dev.meridian.it.MultiRegionSupport.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.app.ServerConfiguration;
import dev.meridian.testkit.EmbeddedMeridian;
import dev.meridian.testkit.MovableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.MultiRegionKeyType;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;

/**
 * UpdatePrimaryRegion. The class server has a replication delay of one hour on a movable clock, so that keys
 * stay {@code Creating} or {@code Updating} until a test moves the clock and runs the due work.
 */
class MultiRegionPrimaryUpdateIT {
    private static final String PRIMARY = "us-east-1";
    private static final Duration DELAY = Duration.ofHours(1);
    private static final MovableClock CLOCK = new MovableClock();
    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass(ServerConfiguration.builder().replicationDelay(DELAY).clock(CLOCK));

    private static KmsClient client(String region) {
        return kms.client(region);
    }

    private static void completeReplication() {
        CLOCK.advance(DELAY.plusSeconds(1));
        kms.server().runDueWork();
    }

    /** A primary in {@code us-east-1} with usable replicas in {@code replicaRegions}; returns the key ID. */
    private static String primaryWithReplicas(String... replicaRegions) {
        String keyId = createPrimary(client(PRIMARY));
        for (String region : replicaRegions) {
            client(PRIMARY).replicateKey(request -> request.keyId(keyId).replicaRegion(region));
        }
        completeReplication();
        for (String region : replicaRegions) {
            assertThat(state(kms, region, keyId)).isEqualTo(KeyState.ENABLED);
        }
        return keyId;
    }

    @Test
    void theReplicaBecomesThePrimaryAndEveryKeyFollows() {
        String keyId = primaryWithReplicas("eu-west-1", "ap-southeast-2");
        SdkBytes before = client(PRIMARY).encrypt(request -> request.keyId(keyId).plaintext(bytes("before")))
                .ciphertextBlob();

        client(PRIMARY).updatePrimaryRegion(request -> request.keyId(keyId).primaryRegion("eu-west-1"));

        for (String region : List.of(PRIMARY, "eu-west-1")) {
            KeyMetadata updating = describe(kms, region, keyId);
            assertThat(updating.keyState()).as(region).isEqualTo(KeyState.UPDATING);
            assertThat(updating.enabled()).isFalse();
        }
        assertThat(state(kms, "ap-southeast-2", keyId)).isEqualTo(KeyState.ENABLED);
        assertThat(client("eu-west-1").decrypt(request -> request.ciphertextBlob(before)).plaintext().asUtf8String())
                .isEqualTo("before");
        SdkBytes during = client(PRIMARY).encrypt(request -> request.keyId(keyId).plaintext(bytes("during")))
                .ciphertextBlob();
        assertThat(client(PRIMARY).generateDataKey(request -> request.keyId(keyId).numberOfBytes(32)).plaintext()
                .asByteArray()).hasSize(32);

        completeReplication();

        KeyMetadata newPrimary = describe(kms, "eu-west-1", keyId);
        assertThat(newPrimary.keyState()).isEqualTo(KeyState.ENABLED);
        assertThat(newPrimary.multiRegionConfiguration().multiRegionKeyType()).isEqualTo(MultiRegionKeyType.PRIMARY);
        assertThat(newPrimary.multiRegionConfiguration().primaryKey()).isEqualTo(regional("eu-west-1", keyId));
        assertThat(newPrimary.multiRegionConfiguration().replicaKeys())
                .containsExactlyInAnyOrderElementsOf(regionals(keyId, PRIMARY, "ap-southeast-2"));
        for (String region : List.of(PRIMARY, "ap-southeast-2")) {
            KeyMetadata replica = describe(kms, region, keyId);
            assertThat(replica.keyState()).as(region).isEqualTo(KeyState.ENABLED);
            assertThat(replica.multiRegionConfiguration().multiRegionKeyType()).isEqualTo(MultiRegionKeyType.REPLICA);
            assertThat(replica.multiRegionConfiguration().primaryKey()).isEqualTo(regional("eu-west-1", keyId));
            assertThat(replica.multiRegionConfiguration().replicaKeys())
                    .containsExactlyInAnyOrderElementsOf(regionals(keyId, PRIMARY, "ap-southeast-2"));
        }
        assertThat(client("ap-southeast-2").decrypt(request -> request.ciphertextBlob(during)).plaintext().asUtf8String())
                .isEqualTo("during");

        assertKmsError(() -> client(PRIMARY).replicateKey(request -> request.keyId(keyId).replicaRegion("sa-east-1")),
                UnsupportedOperationException.class, arn(PRIMARY, keyId) + " is not a multi-region primary key.");
        assertThat(client("eu-west-1").replicateKey(request -> request.keyId(keyId).replicaRegion("sa-east-1"))
                .replicaKeyMetadata().multiRegionConfiguration().primaryKey()).isEqualTo(regional("eu-west-1", keyId));
    }

    @Test
    void whileUpdatingTheKeysRefuseStateChanges() {
        String keyId = primaryWithReplicas("eu-central-1", "eu-north-1");
        client(PRIMARY).updatePrimaryRegion(request -> request.keyId(keyId).primaryRegion("eu-central-1"));

        for (String region : List.of(PRIMARY, "eu-central-1")) {
            String updating = arn(region, keyId) + " is updating.";
            KmsClient client = client(region);
            assertKmsError(() -> client.enableKey(request -> request.keyId(keyId)), KmsInvalidStateException.class, updating);
            assertKmsError(() -> client.disableKey(request -> request.keyId(keyId)), KmsInvalidStateException.class, updating);
            assertKmsError(() -> client.scheduleKeyDeletion(request -> request.keyId(keyId).pendingWindowInDays(7)),
                    KmsInvalidStateException.class, updating);
        }
        String primaryUpdating = arn(PRIMARY, keyId) + " is updating.";
        assertKmsError(() -> client(PRIMARY).updatePrimaryRegion(request -> request.keyId(keyId).primaryRegion("eu-central-1")),
                KmsInvalidStateException.class, primaryUpdating);
        assertKmsError(() -> client(PRIMARY).updatePrimaryRegion(request -> request.keyId(keyId).primaryRegion("eu-north-1")),
                KmsInvalidStateException.class, primaryUpdating);
        assertKmsError(() -> client(PRIMARY).replicateKey(request -> request.keyId(keyId).replicaRegion("us-west-2")),
                KmsInvalidStateException.class, primaryUpdating);
        assertThat(state(kms, "eu-north-1", keyId)).isEqualTo(KeyState.ENABLED);

        completeReplication();
        for (String region : List.of(PRIMARY, "eu-central-1", "eu-north-1")) {
            KeyMetadata key = describe(kms, region, keyId);
            assertThat(key.keyState()).as(region).isEqualTo(KeyState.ENABLED);
            assertThat(key.multiRegionConfiguration().primaryKey()).isEqualTo(regional("eu-central-1", keyId));
        }
        MultiRegionSupport.assertGone(kms, "us-west-2", keyId);
    }

    @Test
    void onlyAnEnabledPrimaryCanMoveToARegionWithAnEnabledReplica() {
        String keyId = primaryWithReplicas("ca-central-1");
        assertKmsError(() -> client("ca-central-1").updatePrimaryRegion(request -> request.keyId(keyId).primaryRegion(PRIMARY)),
                UnsupportedOperationException.class, arn("ca-central-1", keyId) + " is not a multi-Region primary key.");
        String single = client(PRIMARY).createKey(request -> { }).keyMetadata().keyId();
        assertKmsError(() -> client(PRIMARY).updatePrimaryRegion(request -> request.keyId(single).primaryRegion("ca-central-1")),
                UnsupportedOperationException.class, arn(PRIMARY, single) + " is not a multi-Region key.");
        assertKmsError(() -> client(PRIMARY).updatePrimaryRegion(request -> request.keyId(keyId).primaryRegion("us-west-1")),
                NotFoundException.class, "Key '" + arn("us-west-1", keyId) + "' does not exist");
        assertUndeclaredError(() -> client(PRIMARY).updatePrimaryRegion(request -> request.keyId(keyId).primaryRegion(PRIMARY)),
                "ValidationException", arn(PRIMARY, keyId) + " is already the primary key in us-east-1.");
        String missing = "mrk-00000000000000000000000000000000";
        assertKmsError(() -> client(PRIMARY).updatePrimaryRegion(request -> request.keyId(missing).primaryRegion("ca-central-1")),
                NotFoundException.class, "Key '" + arn(PRIMARY, missing) + "' does not exist");

        client(PRIMARY).disableKey(request -> request.keyId(keyId));
        assertKmsError(() -> client(PRIMARY).updatePrimaryRegion(request -> request.keyId(keyId).primaryRegion("ca-central-1")),
                DisabledException.class, arn(PRIMARY, keyId) + " is disabled.");
        client(PRIMARY).enableKey(request -> request.keyId(keyId));
        client("ca-central-1").disableKey(request -> request.keyId(keyId));
        assertKmsError(() -> client(PRIMARY).updatePrimaryRegion(request -> request.keyId(keyId).primaryRegion("ca-central-1")),
                DisabledException.class, arn("ca-central-1", keyId) + " is disabled.");

        client(PRIMARY).replicateKey(request -> request.keyId(keyId).replicaRegion("us-west-1"));
        assertKmsError(() -> client(PRIMARY).updatePrimaryRegion(request -> request.keyId(keyId).primaryRegion("us-west-1")),
                KmsInvalidStateException.class, arn("us-west-1", keyId) + " is creating.");
        completeReplication();
        assertThat(describe(kms, PRIMARY, keyId).multiRegionConfiguration().multiRegionKeyType())
                .isEqualTo(MultiRegionKeyType.PRIMARY);
        assertThat(state(kms, "us-west-1", keyId)).isEqualTo(KeyState.ENABLED);
    }

    @Test
    void theUpdateCompletesOnItsOwnAfterTheReplicationDelay() {
        try (KmsTestSupport timed = new KmsTestSupport(EmbeddedMeridian.start(ServerConfiguration.builder()
                .replicationDelay(Duration.ofSeconds(1))))) {
            String keyId = createPrimary(timed.client(PRIMARY));
            timed.client(PRIMARY).replicateKey(request -> request.keyId(keyId).replicaRegion("eu-west-2"));
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                    .until(() -> state(timed, "eu-west-2", keyId) == KeyState.ENABLED);

            timed.client(PRIMARY).updatePrimaryRegion(request -> request.keyId(keyId).primaryRegion("eu-west-2"));
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                KeyMetadata newPrimary = describe(timed, "eu-west-2", keyId);
                assertThat(newPrimary.keyState()).isEqualTo(KeyState.ENABLED);
                assertThat(newPrimary.multiRegionConfiguration().multiRegionKeyType()).isEqualTo(MultiRegionKeyType.PRIMARY);
            });
            KeyMetadata oldPrimary = describe(timed, PRIMARY, keyId);
            assertThat(oldPrimary.keyState()).isEqualTo(KeyState.ENABLED);
            assertThat(oldPrimary.multiRegionConfiguration().multiRegionKeyType()).isEqualTo(MultiRegionKeyType.REPLICA);
            assertThat(oldPrimary.multiRegionConfiguration().primaryKey()).isEqualTo(regional("eu-west-2", keyId));
        }
    }
}
