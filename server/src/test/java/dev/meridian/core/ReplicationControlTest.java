package dev.meridian.core;

import static dev.meridian.core.CoreFixture.caller;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.ReplicationControl.RegionStatus;
import dev.meridian.model.KeyState;
import dev.meridian.model.Region;
import dev.meridian.model.ReplicationEvent;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pausing replication into a Region, below HTTP: the events into it are held in the outbox (not applied, not
 * lost) while other Regions go on, and resuming applies them in order, once; a restart keeps the held events
 * and ends the pause.
 */
class ReplicationControlTest {
    private static final String PRIMARY = "us-east-1";
    private static final String PAUSED = "us-west-2";
    private static final String OTHER = "eu-west-1";
    private final CoreFixture core = new CoreFixture();

    @AfterEach
    void close() {
        core.close();
    }

    private RegionStatus resume(String region) {
        try {
            return core.replication.resume(Region.of(region));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aNewReplicaInAPausedRegionStaysCreatingWhileAnotherRegionsReplicaIsEnabledUntilResumed() {
        String keyId = core.createPrimary(PRIMARY);
        assertThat(core.replication.pause(Region.of(PAUSED))).isEqualTo(new RegionStatus(Region.of(PAUSED), true, 0));
        core.replicate(PRIMARY, keyId, PAUSED);
        core.replicate(PRIMARY, keyId, OTHER);

        assertThat(core.passReplicationDelay()).isOne();
        assertThat(core.record(OTHER, keyId).state()).isEqualTo(KeyState.Enabled);
        assertThat(core.record(PAUSED, keyId).state()).isEqualTo(KeyState.Creating);
        assertThat(core.entry(PAUSED, keyId).materials()).isEmpty();
        assertThat(core.store.events()).singleElement()
                .satisfies(event -> assertThat(event.key().region()).isEqualTo(Region.of(PAUSED)));
        assertThat(core.replication.regions()).containsExactly(new RegionStatus(Region.of(PAUSED), true, 1));
        assertThat(core.replication.status(Region.of(OTHER))).isEqualTo(new RegionStatus(Region.of(OTHER), false, 0));

        assertThat(resume(PAUSED)).isEqualTo(new RegionStatus(Region.of(PAUSED), false, 0));
        assertThat(core.record(PAUSED, keyId).state()).isEqualTo(KeyState.Enabled);
        assertThat(core.record(PAUSED, keyId).currentMaterialVersion()).isEqualTo(1);
        assertThat(core.store.events()).isEmpty();
        assertThat(core.replication.regions()).isEmpty();
    }

    @Test
    void rotatedMaterialWaitsForThePausedRegionAndBecomesCurrentEverywhereOnlyAfterTheResume() {
        String keyId = core.createPrimary(PRIMARY);
        core.replicate(PRIMARY, keyId, PAUSED);
        core.replicate(PRIMARY, keyId, OTHER);
        core.passReplicationDelay();
        core.replication.pause(Region.of(PAUSED));

        core.rotation.rotateKeyOnDemand(caller(PRIMARY), keyId);
        assertThat(core.passReplicationDelay()).isOne();
        // The Region that is not paused holds the new version; none uses it while the paused one lacks it.
        assertThat(core.entry(OTHER, keyId).materials()).containsOnlyKeys(1, 2);
        assertThat(core.entry(PAUSED, keyId).materials()).containsOnlyKeys(1);
        for (String region : List.of(PRIMARY, PAUSED, OTHER)) {
            assertThat(core.record(region, keyId).currentMaterialVersion()).as(region).isEqualTo(1);
        }
        assertThat(core.record(PRIMARY, keyId).onDemandRotationStartDate()).isNotNull();

        resume(PAUSED);
        assertThat(core.entry(PAUSED, keyId).materials()).containsOnlyKeys(1, 2);
        for (String region : List.of(PRIMARY, PAUSED, OTHER)) {
            assertThat(core.record(region, keyId).currentMaterialVersion()).as(region).isEqualTo(2);
            assertThat(core.record(region, keyId).onDemandRotationStartDate()).as(region).isNull();
        }
    }

    @Test
    void aChangeOfPrimaryWaitsWhileAnyRegionOfTheFamilyIsPausedAndOtherFamiliesGoOn() {
        String keyId = core.createPrimary(PRIMARY);
        core.replicate(PRIMARY, keyId, PAUSED);
        core.replicate(PRIMARY, keyId, OTHER);
        String unrelated = core.createPrimary(PRIMARY);
        core.passReplicationDelay();
        core.replication.pause(Region.of(PAUSED));

        // The new primary's Region is not paused, but the change reaches every Region of the family.
        core.multiRegion.updatePrimaryRegion(caller(PRIMARY), keyId, OTHER);
        core.replicate(PRIMARY, unrelated, OTHER);
        assertThat(core.passReplicationDelay()).isOne();
        assertThat(core.record(OTHER, unrelated).state()).isEqualTo(KeyState.Enabled);
        assertThat(core.record(PRIMARY, keyId).state()).isEqualTo(KeyState.Updating);
        assertThat(core.record(OTHER, keyId).state()).isEqualTo(KeyState.Updating);
        assertThat(core.record(PAUSED, keyId).primaryRegion()).isEqualTo(Region.of(PRIMARY));

        resume(PAUSED);
        for (String region : List.of(PRIMARY, PAUSED, OTHER)) {
            assertThat(core.record(region, keyId).state()).as(region).isEqualTo(KeyState.Enabled);
            assertThat(core.record(region, keyId).primaryRegion()).as(region).isEqualTo(Region.of(OTHER));
        }
    }

    @Test
    void heldEventsApplyInTheirOriginalOrderOnResume() {
        String keyId = core.createPrimary(PRIMARY);
        core.replication.pause(Region.of(PAUSED));
        core.replicate(PRIMARY, keyId, PAUSED);
        core.rotation.enableKeyRotation(caller(PRIMARY), keyId, 100);
        core.passReplicationDelay();
        assertThat(core.store.events()).extracting(ReplicationEvent::type).containsExactly(
                ReplicationEvent.Type.COMPLETE_REPLICA_CREATION, ReplicationEvent.Type.SYNCHRONIZE_ROTATION_SETTINGS);
        assertThat(core.record(PAUSED, keyId).rotationEnabled()).isFalse();

        assertThat(resume(PAUSED).pendingEvents()).isZero();
        assertThat(core.record(PAUSED, keyId).state()).isEqualTo(KeyState.Enabled);
        assertThat(core.record(PAUSED, keyId).rotationPeriodInDays()).isEqualTo(100);
        // Resuming again finds nothing to do.
        assertThat(resume(PAUSED)).isEqualTo(new RegionStatus(Region.of(PAUSED), false, 0));
    }

    @Test
    void aPrimaryInAPausedRegionLearnsOfItsLastReplicasDeletionOnlyAfterTheResume() {
        String keyId = core.createPrimary(PRIMARY);
        core.replicate(PRIMARY, keyId, OTHER);
        core.passReplicationDelay();
        core.lifecycle.scheduleKeyDeletion(caller(PRIMARY), keyId, 30);
        core.lifecycle.scheduleKeyDeletion(caller(OTHER), keyId, 7);
        core.replication.pause(Region.of(PRIMARY));

        core.clock.advance(java.time.Duration.ofDays(7));
        assertThat(core.lifecycle.deleteDueKeys(core.serviceEvents::add, core.replication)).isOne();
        assertThat(core.entry(OTHER, keyId)).isNull();
        assertThat(core.record(PRIMARY, keyId).state()).isEqualTo(KeyState.PendingReplicaDeletion);
        assertThat(core.replicator.applyDueEvents()).isZero();
        assertThat(core.replication.regions()).containsExactly(new RegionStatus(Region.of(PRIMARY), true, 1));

        core.clock.advance(java.time.Duration.ofHours(1));
        resume(PRIMARY);
        assertThat(core.record(PRIMARY, keyId).state()).isEqualTo(KeyState.PendingDeletion);
        assertThat(core.record(PRIMARY, keyId).deletionDate()).isEqualTo(core.clock.instant().plus(java.time.Duration.ofDays(30)));
        assertThat(core.store.events()).isEmpty();
    }

    @Test
    void aRestartKeepsTheHeldEventsButEndsThePause() {
        String keyId = core.createPrimary(PRIMARY);
        core.replication.pause(Region.of(PAUSED));
        core.replicate(PRIMARY, keyId, PAUSED);
        assertThat(core.passReplicationDelay()).isZero();

        core.restart();
        assertThat(core.replication.isPaused(Region.of(PAUSED))).isFalse();
        assertThat(core.replication.regions()).containsExactly(new RegionStatus(Region.of(PAUSED), false, 1));
        assertThat(core.replicator.applyDueEvents()).isOne();
        assertThat(core.record(PAUSED, keyId).state()).isEqualTo(KeyState.Enabled);
    }

    @Test
    void theOutboxLagGrowsWhileEventsAreHeld() {
        String keyId = core.createPrimary(PRIMARY);
        core.replication.pause(Region.of(PAUSED));
        core.replicate(PRIMARY, keyId, PAUSED);
        core.clock.advance(CoreFixture.REPLICATION_DELAY.plusSeconds(10));
        core.replicator.applyDueEvents();
        KeyManagementService.OutboxStatus status = KeyManagementService.OutboxStatus.of(core.registry.pendingEventCount(),
                core.registry.earliestPendingDueTime(), core.clock.instant());
        assertThat(status.pendingEvents()).isOne();
        assertThat(status.lag()).isEqualTo(java.time.Duration.ofSeconds(10));
    }
}
