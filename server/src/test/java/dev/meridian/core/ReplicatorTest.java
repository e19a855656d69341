package dev.meridian.core;

import static dev.meridian.core.CoreFixture.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.crypto.KeyMaterial;
import dev.meridian.crypto.KeyMaterialService;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyReference;
import dev.meridian.model.KeyState;
import dev.meridian.model.Region;
import dev.meridian.model.ReplicationEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The replicator below HTTP: each event applied when due, in order within a family, in one write with its
 * removal from the outbox; applying one again changes nothing; a failed commit leaves it to be applied later.
 * The rotation events ({@link RotationReplication}) are here too.
 */
class ReplicatorTest {
    private static final String PRIMARY = "us-east-1";
    private static final String REPLICA = "eu-west-1";
    private static final String OTHER = "ap-south-1";
    private final CoreFixture core = new CoreFixture();

    @AfterEach
    void close() {
        core.close();
    }

    private List<Integer> versions(String region, String keyId) {
        return core.entry(region, keyId).materials().keySet().stream().sorted().toList();
    }

    /**
     * The key material ID of a version, computed from the material as the region's key unwraps it (the entry
     * owns the unwrapped copy it caches: not destroyed here).
     */
    private String materialIdAsUnwrapped(String region, String keyId, int version) {
        KeyMaterial material = core.entry(region, keyId).material(version, core.rootKey);
        return KeyMaterialService.keyMaterialId(material);
    }

    /** Puts an event in the outbox as the core would, due now. */
    private void queue(KeyReference key, ReplicationEvent.Type type, Region argument) {
        core.registry.write(mutation -> mutation.putEvent(new ReplicationEvent(core.registry.nextEventSequence(), key, type,
                core.clock.instant(), argument)));
    }

    @Test
    void aReplicaIsCreatingUntilItsEventComesDueThenHoldsThePrimarysMaterial() {
        String keyId = core.createPrimary(PRIMARY);
        core.replicate(PRIMARY, keyId, REPLICA);
        assertThat(core.record(REPLICA, keyId).state()).isEqualTo(KeyState.Creating);
        assertThat(core.entry(REPLICA, keyId).materials()).isEmpty();
        assertThat(core.store.events()).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(ReplicationEvent.Type.COMPLETE_REPLICA_CREATION);
            assertThat(event.dueAt()).isEqualTo(CoreFixture.START.plus(CoreFixture.REPLICATION_DELAY));
        });

        core.clock.advance(CoreFixture.REPLICATION_DELAY.minusMillis(1));
        assertThat(core.replicator.applyDueEvents()).isZero();
        assertThat(core.record(REPLICA, keyId).state()).isEqualTo(KeyState.Creating);

        core.clock.advance(Duration.ofMillis(1));
        assertThat(core.replicator.applyDueEvents()).isOne();
        KeyRecord replica = core.record(REPLICA, keyId);
        assertThat(replica.state()).isEqualTo(KeyState.Enabled);
        assertThat(replica.currentMaterialVersion()).isEqualTo(1);
        assertThat(replica.primaryRegion()).isEqualTo(Region.of(PRIMARY));
        // The same material, wrapped again under the replica's own binding.
        assertThat(materialIdAsUnwrapped(REPLICA, keyId, 1))
                .isEqualTo(core.entry(PRIMARY, keyId).materials().get(1).info().keyMaterialId());
        assertThat(core.entry(REPLICA, keyId).materials().get(1).wrapped())
                .isNotEqualTo(core.entry(PRIMARY, keyId).materials().get(1).wrapped());
        assertThat(core.store.events()).isEmpty();
        assertThat(core.serviceEvents).singleElement().satisfies(event -> {
            assertThat(event.kind()).isEqualTo(ServiceEvent.Kind.SYNCHRONIZE_MULTI_REGION_KEY);
            assertThat(event.key()).isEqualTo(CoreFixture.reference(PRIMARY, keyId));
        });
    }

    @Test
    void applyingAnEventAgainFindsTheWorkDone() {
        String keyId = core.createPrimary(PRIMARY);
        core.replicate(PRIMARY, keyId, REPLICA);
        core.passReplicationDelay();
        core.lifecycle.disableKey(caller(REPLICA), keyId);
        KeyRecord before = core.record(REPLICA, keyId);
        int commits = core.store.commits();

        // As after a crash between the commit and the removal: the same event again. The in-memory store
        // refuses a material version put twice, so a second copy would fail here.
        queue(CoreFixture.reference(REPLICA, keyId), ReplicationEvent.Type.COMPLETE_REPLICA_CREATION, null);
        assertThat(core.replicator.applyDueEvents()).isOne();
        assertThat(core.record(REPLICA, keyId)).isEqualTo(before);
        assertThat(core.record(REPLICA, keyId).state()).isEqualTo(KeyState.Disabled);
        assertThat(versions(REPLICA, keyId)).containsExactly(1);
        assertThat(core.store.events()).isEmpty();
        assertThat(core.store.commits()).isEqualTo(commits + 2);

        core.rotation.rotateKeyOnDemand(caller(PRIMARY), keyId);
        core.passReplicationDelay();
        queue(CoreFixture.reference(REPLICA, keyId), ReplicationEvent.Type.DISTRIBUTE_ROTATED_MATERIAL, Region.of(PRIMARY));
        queue(CoreFixture.reference(REPLICA, keyId), ReplicationEvent.Type.SYNCHRONIZE_ROTATION_SETTINGS, Region.of(PRIMARY));
        KeyRecord rotated = core.record(REPLICA, keyId);
        assertThat(core.replicator.applyDueEvents()).isEqualTo(2);
        assertThat(core.record(REPLICA, keyId)).isEqualTo(rotated);
        assertThat(versions(REPLICA, keyId)).containsExactly(1, 2);
    }

    @Test
    void anEventForAKeyThatIsGoneIsOnlyRemoved() {
        String keyId = core.createPrimary(PRIMARY);
        queue(CoreFixture.reference(OTHER, keyId), ReplicationEvent.Type.COMPLETE_REPLICA_CREATION, null);
        queue(CoreFixture.reference(OTHER, keyId), ReplicationEvent.Type.SYNCHRONIZE_ROTATION_SETTINGS, Region.of(PRIMARY));
        assertThat(core.replicator.applyDueEvents()).isEqualTo(2);
        assertThat(core.entry(OTHER, keyId)).isNull();
        assertThat(core.store.events()).isEmpty();
        assertThat(core.serviceEvents).isEmpty();
    }

    @Test
    void aFamilysEventsApplyInSequenceOrderEvenWhenALaterOneIsDueFirst() {
        String keyId = core.createPrimary(PRIMARY);
        core.replicate(PRIMARY, keyId, REPLICA);
        // The settings' own event is due with the creation; the one queued here is due at once, but comes after
        // both in the outbox: it waits for them.
        core.rotation.enableKeyRotation(caller(PRIMARY), keyId, 100);
        queue(CoreFixture.reference(REPLICA, keyId), ReplicationEvent.Type.SYNCHRONIZE_ROTATION_SETTINGS, Region.of(PRIMARY));
        String single = core.createKey(OTHER);
        assertThat(single).isNotNull();

        core.clock.advance(Duration.ofSeconds(1));
        assertThat(core.replicator.applyDueEvents()).isZero();
        assertThat(core.store.events()).hasSize(3);

        core.clock.advance(Duration.ofSeconds(1));
        assertThat(core.replicator.applyDueEvents()).isEqualTo(3);
        assertThat(core.record(REPLICA, keyId).state()).isEqualTo(KeyState.Enabled);
        assertThat(core.record(REPLICA, keyId).rotationPeriodInDays()).isEqualTo(100);
    }

    @Test
    void anEventWhoseCommitFailsStaysAndIsAppliedLaterAlsoAfterARestart() {
        String keyId = core.createPrimary(PRIMARY);
        core.replicate(PRIMARY, keyId, REPLICA);
        core.clock.advance(CoreFixture.REPLICATION_DELAY);
        core.store.failNextCommit();
        assertThatThrownBy(core.replicator::applyDueEvents).isInstanceOf(KmsException.class);
        assertThat(core.record(REPLICA, keyId).state()).isEqualTo(KeyState.Creating);
        assertThat(core.entry(REPLICA, keyId).materials()).isEmpty();
        assertThat(core.serviceEvents).isEmpty();

        core.restart();
        assertThat(core.record(REPLICA, keyId).state()).isEqualTo(KeyState.Creating);
        assertThat(core.replicator.applyDueEvents()).isOne();
        assertThat(core.record(REPLICA, keyId).state()).isEqualTo(KeyState.Enabled);
        assertThat(versions(REPLICA, keyId)).containsExactly(1);
    }

    @Test
    void aPrimaryChangeEndsWithEveryRelatedKeyFollowingTheNewPrimary() {
        String keyId = core.createPrimary(PRIMARY);
        core.replicate(PRIMARY, keyId, REPLICA);
        core.replicate(PRIMARY, keyId, OTHER);
        core.passReplicationDelay();
        core.serviceEvents.clear();

        core.multiRegion.updatePrimaryRegion(caller(PRIMARY), keyId, REPLICA);
        assertThat(core.record(PRIMARY, keyId).state()).isEqualTo(KeyState.Updating);
        assertThat(core.record(REPLICA, keyId).state()).isEqualTo(KeyState.Updating);
        assertThat(core.record(OTHER, keyId).state()).isEqualTo(KeyState.Enabled);

        assertThat(core.passReplicationDelay()).isOne();
        for (String region : List.of(PRIMARY, REPLICA, OTHER)) {
            assertThat(core.record(region, keyId).state()).as(region).isEqualTo(KeyState.Enabled);
            assertThat(core.record(region, keyId).primaryRegion()).as(region).isEqualTo(Region.of(REPLICA));
        }
        assertThat(core.record(REPLICA, keyId).isPrimary()).isTrue();
        assertThat(core.serviceEvents).singleElement()
                .satisfies(event -> assertThat(event.key()).isEqualTo(CoreFixture.reference(REPLICA, keyId)));
    }

    @Test
    void newMaterialBecomesCurrentOnlyWithTheLastCopyOfTheFamily() {
        String keyId = core.createPrimary(PRIMARY);
        core.replicate(PRIMARY, keyId, REPLICA);
        core.replicate(PRIMARY, keyId, OTHER);
        core.passReplicationDelay();

        core.rotation.rotateKeyOnDemand(caller(PRIMARY), keyId);
        core.clock.advance(CoreFixture.REPLICATION_DELAY);
        // The first copy commits; the second fails: one replica holds the version, none uses it.
        core.store.failCommitAfter(1);
        assertThatThrownBy(core.replicator::applyDueEvents).isInstanceOf(KmsException.class);
        List<String> copied = List.of(OTHER, REPLICA).stream().filter(region -> versions(region, keyId).contains(2)).toList();
        assertThat(copied).hasSize(1);
        for (String region : List.of(PRIMARY, REPLICA, OTHER)) {
            assertThat(core.record(region, keyId).currentMaterialVersion()).as(region).isEqualTo(1);
        }
        assertThat(core.record(PRIMARY, keyId).onDemandRotationStartDate()).isNotNull();

        assertThat(core.replicator.applyDueEvents()).isOne();
        for (String region : List.of(PRIMARY, REPLICA, OTHER)) {
            assertThat(versions(region, keyId)).as(region).containsExactly(1, 2);
            assertThat(core.record(region, keyId).currentMaterialVersion()).as(region).isEqualTo(2);
            assertThat(core.record(region, keyId).onDemandRotationStartDate()).as(region).isNull();
            assertThat(materialIdAsUnwrapped(region, keyId, 2)).as(region)
                    .isEqualTo(core.entry(PRIMARY, keyId).materials().get(2).info().keyMaterialId());
        }
    }

    @Test
    void aReplicaStillCreatingGetsEveryVersionAndTheCurrentOneWithItsCreation() {
        String keyId = core.createPrimary(PRIMARY);
        core.rotation.rotateKeyOnDemand(caller(PRIMARY), keyId);
        core.replicate(PRIMARY, keyId, REPLICA);
        core.passReplicationDelay();
        assertThat(versions(REPLICA, keyId)).containsExactly(1, 2);
        assertThat(core.record(REPLICA, keyId).currentMaterialVersion()).isEqualTo(2);
    }

    @Test
    void settingsReachReplicasAsThePrimaryHasThemWhenApplied() {
        String keyId = core.createPrimary(PRIMARY);
        core.replicate(PRIMARY, keyId, REPLICA);
        core.passReplicationDelay();
        core.rotation.enableKeyRotation(caller(PRIMARY), keyId, 200);
        core.rotation.disableKeyRotation(caller(PRIMARY), keyId);
        core.rotation.enableKeyRotation(caller(PRIMARY), keyId, 300);
        assertThat(core.passReplicationDelay()).isEqualTo(3);
        KeyRecord replica = core.record(REPLICA, keyId);
        assertThat(replica.rotationEnabled()).isTrue();
        assertThat(replica.rotationPeriodInDays()).isEqualTo(300);
        assertThat(replica.nextRotationDate()).isEqualTo(core.record(PRIMARY, keyId).nextRotationDate());
        // A replica never rotates by itself.
        core.clock.advance(Duration.ofDays(301));
        core.rotation.rotateDueKeys();
        assertThat(versions(REPLICA, keyId)).containsExactly(1);
    }
}
