package dev.meridian.core;

import static dev.meridian.core.CoreFixture.assertRefused;
import static dev.meridian.core.CoreFixture.caller;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.model.KeyOrigin;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyState;
import dev.meridian.model.KeyUsage;
import dev.meridian.model.MaterialInfo.RotationType;
import dev.meridian.model.WrappedMaterial;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Rotation's rules below HTTP: due dates, periods, the on-demand limits and conflicts, who may rotate. */
class RotationTest {
    private static final String REGION = "us-east-1";
    private final CoreFixture core = new CoreFixture();

    @AfterEach
    void close() {
        core.close();
    }

    private KeyRecord record(String keyId) {
        return core.entry(REGION, keyId).record();
    }

    private List<Integer> versions(String region, String keyId) {
        return core.entry(region, keyId).materials().keySet().stream().sorted().toList();
    }

    @Test
    void enablingSetsThePeriodAndTheNextDateFromNow() {
        String keyId = core.createKey(REGION);
        core.rotation.enableKeyRotation(caller(REGION), keyId, null);
        assertThat(record(keyId).rotationPeriodInDays()).isEqualTo(Rotation.DEFAULT_ROTATION_PERIOD_IN_DAYS);
        assertThat(record(keyId).nextRotationDate()).isEqualTo(CoreFixture.START.plus(Duration.ofDays(365)));

        // The same period again changes nothing, not even the date; another period starts from now.
        core.clock.advance(Duration.ofDays(10));
        core.rotation.enableKeyRotation(caller(REGION), keyId, 365);
        assertThat(record(keyId).nextRotationDate()).isEqualTo(CoreFixture.START.plus(Duration.ofDays(365)));
        core.rotation.enableKeyRotation(caller(REGION), keyId, 90);
        assertThat(record(keyId).rotationPeriodInDays()).isEqualTo(90);
        assertThat(record(keyId).nextRotationDate()).isEqualTo(CoreFixture.START.plus(Duration.ofDays(100)));

        Rotation.RotationStatus status = core.rotation.getKeyRotationStatus(caller(REGION), keyId);
        assertThat(status.enabled()).isTrue();
        assertThat(status.rotationPeriodInDays()).isEqualTo(90);

        core.rotation.disableKeyRotation(caller(REGION), keyId);
        assertThat(record(keyId).rotationEnabled()).isFalse();
        assertThat(record(keyId).nextRotationDate()).isNull();
        assertThat(core.rotation.getKeyRotationStatus(caller(REGION), keyId).rotationPeriodInDays()).isNull();
    }

    @Test
    void anAutomaticRotationHappensWhenItsDateComesAndSetsTheNextOne() {
        String keyId = core.createKey(REGION);
        core.rotation.enableKeyRotation(caller(REGION), keyId, 90);
        Instant due = record(keyId).nextRotationDate();
        String first = core.entry(REGION, keyId).materials().get(1).info().keyMaterialId();

        core.clock.advance(Duration.ofDays(90).minusSeconds(1));
        core.rotation.rotateDueKeys();
        assertThat(versions(REGION, keyId)).containsExactly(1);

        core.clock.advance(Duration.ofSeconds(1));
        core.rotation.rotateDueKeys();
        assertThat(versions(REGION, keyId)).containsExactly(1, 2);
        assertThat(record(keyId).currentMaterialVersion()).isEqualTo(2);
        WrappedMaterial rotated = core.entry(REGION, keyId).materials().get(2);
        assertThat(rotated.info().rotationType()).isEqualTo(RotationType.AUTOMATIC);
        assertThat(rotated.info().createdAt()).isEqualTo(due);
        assertThat(record(keyId).nextRotationDate()).isEqualTo(due.plus(Duration.ofDays(90)));
        ServiceEvent event = core.serviceEvents.get(0);
        assertThat(event.kind()).isEqualTo(ServiceEvent.Kind.ROTATE_KEY);
        assertThat(event.details()).isEqualTo(new ServiceEvent.MaterialRotation(RotationType.AUTOMATIC, KeyOrigin.AWS_KMS,
                first, rotated.info().keyMaterialId()));

        // Running the due work again rotates nothing more.
        core.rotation.rotateDueKeys();
        assertThat(versions(REGION, keyId)).containsExactly(1, 2);
    }

    @Test
    void rotationsMissedWhileStoppedGiveOneRotationAndADateInTheFuture() {
        String keyId = core.createKey(REGION);
        core.rotation.enableKeyRotation(caller(REGION), keyId, 90);
        core.clock.advance(Duration.ofDays(300));
        core.restart();
        core.rotation.rotateDueKeys();
        assertThat(versions(REGION, keyId)).containsExactly(1, 2);
        assertThat(record(keyId).nextRotationDate()).isEqualTo(core.clock.instant().plus(Duration.ofDays(90)));
    }

    @Test
    void aDisabledKeyWaitsAndRotatesOnceEnabled() {
        String keyId = core.createKey(REGION);
        core.rotation.enableKeyRotation(caller(REGION), keyId, 90);
        core.lifecycle.disableKey(caller(REGION), keyId);
        core.clock.advance(Duration.ofDays(91));
        core.rotation.rotateDueKeys();
        assertThat(versions(REGION, keyId)).containsExactly(1);

        core.lifecycle.enableKey(caller(REGION), keyId);
        core.rotation.rotateDueKeys();
        assertThat(versions(REGION, keyId)).containsExactly(1, 2);
    }

    @Test
    void onlyEnabledKeysOfOriginAwsKmsHaveAutomaticRotation() {
        String external = core.lifecycle.createKey(caller(REGION), new CreateKeyRequest(null, null, null, null,
                KeyOrigin.EXTERNAL, false, null, false, null)).record().reference().keyId().value();
        String arn = CoreFixture.reference(REGION, external).arn();
        assertRefused(() -> core.rotation.enableKeyRotation(caller(REGION), external, null), ErrorCode.UNSUPPORTED_OPERATION,
                arn + " origin is EXTERNAL which is not valid for this operation.");

        String keyId = core.createKey(REGION);
        String keyArn = CoreFixture.reference(REGION, keyId).arn();
        core.lifecycle.disableKey(caller(REGION), keyId);
        assertRefused(() -> core.rotation.enableKeyRotation(caller(REGION), keyId, null), ErrorCode.DISABLED,
                keyArn + " is disabled.");
        assertRefused(() -> core.rotation.rotateKeyOnDemand(caller(REGION), keyId), ErrorCode.DISABLED,
                keyArn + " is disabled.");
        core.lifecycle.scheduleKeyDeletion(caller(REGION), keyId, 7);
        assertRefused(() -> core.rotation.rotateKeyOnDemand(caller(REGION), keyId), ErrorCode.KMS_INVALID_STATE,
                keyArn + " is pending deletion.");
    }

    @Test
    void asymmetricAndHmacKeysAreNeitherRotatedNorListedAndReportRotationOff() {
        for (String spec : List.of("HMAC_256", "ECC_NIST_P256", "RSA_2048", "ECC_NIST_EDWARDS25519")) {
            KeyUsage usage = spec.startsWith("HMAC") ? KeyUsage.GENERATE_VERIFY_MAC : KeyUsage.SIGN_VERIFY;
            String keyId = core.lifecycle.createKey(caller(REGION), new CreateKeyRequest(null, null, usage, spec,
                    KeyOrigin.AWS_KMS, false, null, false, null)).record().reference().keyId().value();
            assertRefused(() -> core.rotation.enableKeyRotation(caller(REGION), keyId, null),
                    ErrorCode.UNSUPPORTED_OPERATION, null);
            assertRefused(() -> core.rotation.disableKeyRotation(caller(REGION), keyId), ErrorCode.UNSUPPORTED_OPERATION,
                    null);
            assertRefused(() -> core.rotation.rotateKeyOnDemand(caller(REGION), keyId), ErrorCode.UNSUPPORTED_OPERATION,
                    null);
            assertRefused(() -> core.rotation.listKeyRotations(caller(REGION), keyId, "ALL_KEY_MATERIAL", null, null),
                    ErrorCode.UNSUPPORTED_OPERATION, null);
            assertThat(core.rotation.getKeyRotationStatus(caller(REGION), keyId).enabled()).as(spec).isFalse();
            assertThat(versions(REGION, keyId)).as(spec).containsExactly(1);
        }
    }

    @Test
    void aKeyPendingDeletionReportsRotationOffAndGetsItBackWhenCancelled() {
        String keyId = core.createKey(REGION);
        core.rotation.enableKeyRotation(caller(REGION), keyId, 180);
        core.lifecycle.scheduleKeyDeletion(caller(REGION), keyId, 7);
        Rotation.RotationStatus pending = core.rotation.getKeyRotationStatus(caller(REGION), keyId);
        assertThat(pending.enabled()).isFalse();
        assertThat(pending.rotationPeriodInDays()).isNull();
        assertThat(pending.nextRotationDate()).isNull();

        core.lifecycle.cancelKeyDeletion(caller(REGION), keyId);
        assertThat(core.rotation.getKeyRotationStatus(caller(REGION), keyId).rotationPeriodInDays()).isEqualTo(180);
    }

    @Test
    void onDemandRotationMakesNewMaterialCurrentAtOnceUpToTheLimit() {
        String keyId = core.createKey(REGION);
        for (int rotation = 1; rotation <= Rotation.ON_DEMAND_ROTATION_LIMIT; rotation++) {
            core.rotation.rotateKeyOnDemand(caller(REGION), keyId);
            assertThat(record(keyId).currentMaterialVersion()).isEqualTo(rotation + 1);
            assertThat(core.entry(REGION, keyId).materials().get(rotation + 1).info().rotationType())
                    .isEqualTo(RotationType.ON_DEMAND);
        }
        assertRefused(() -> core.rotation.rotateKeyOnDemand(caller(REGION), keyId), ErrorCode.LIMIT_EXCEEDED,
                "The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be"
                        + " performed for this key: " + CoreFixture.reference(REGION, keyId).arn());
        // Automatic rotations do not count against the limit.
        core.rotation.enableKeyRotation(caller(REGION), keyId, 90);
        core.clock.advance(Duration.ofDays(90));
        core.rotation.rotateDueKeys();
        assertThat(versions(REGION, keyId)).hasSize(Rotation.ON_DEMAND_ROTATION_LIMIT + 2);
    }

    @Test
    void onDemandRotationIsAConflictWithin20MinutesOfAnAutomaticOne() {
        String keyId = core.createKey(REGION);
        core.rotation.enableKeyRotation(caller(REGION), keyId, 90);
        core.clock.advance(Duration.ofDays(90).minus(Rotation.CONFLICT_WINDOW).plusSeconds(1));
        String conflict = "The request was rejected because an automatic rotation of this key is currently in progress or"
                + " scheduled to begin within the next 20 minutes.";
        assertRefused(() -> core.rotation.rotateKeyOnDemand(caller(REGION), keyId), ErrorCode.CONFLICT, conflict);

        // Exactly 20 minutes before its automatic rotation, a key may still rotate on demand.
        String other = core.createKey(REGION);
        core.rotation.enableKeyRotation(caller(REGION), other, 90);
        core.clock.advance(Duration.ofDays(90).minus(Rotation.CONFLICT_WINDOW));
        core.rotation.rotateKeyOnDemand(caller(REGION), other);
        assertThat(versions(REGION, other)).containsExactly(1, 2);
    }

    @Test
    void aMultiRegionRotationReachesEveryReplicaBeforeAnyRegionUsesIt() {
        String keyId = core.createPrimary(REGION);
        core.replicate(REGION, keyId, "eu-west-1");
        core.replicate(REGION, keyId, "ap-south-1");
        core.passReplicationDelay();

        core.rotation.rotateKeyOnDemand(caller(REGION), keyId);
        assertThat(versions(REGION, keyId)).containsExactly(1, 2);
        assertThat(record(keyId).currentMaterialVersion()).isEqualTo(1);
        assertThat(record(keyId).onDemandRotationStartDate()).isEqualTo(core.clock.instant());
        assertThat(core.rotation.getKeyRotationStatus(caller(REGION), keyId).onDemandRotationStartDate()).isNotNull();
        // Under way: another on-demand rotation is a conflict, and the new version is not listed yet.
        assertRefused(() -> core.rotation.rotateKeyOnDemand(caller(REGION), keyId), ErrorCode.CONFLICT,
                "The request was rejected because an automatic rotation of this key is currently in progress or"
                        + " scheduled to begin within the next 20 minutes.");
        assertThat(core.rotation.listKeyRotations(caller(REGION), keyId, null, null, null).items()).isEmpty();

        assertThat(core.passReplicationDelay()).isEqualTo(2);
        for (String region : List.of(REGION, "eu-west-1", "ap-south-1")) {
            KeyRecord key = core.entry(region, keyId).record();
            assertThat(versions(region, keyId)).as(region).containsExactly(1, 2);
            assertThat(key.currentMaterialVersion()).as(region).isEqualTo(2);
            assertThat(key.onDemandRotationStartDate()).as(region).isNull();
        }
        assertThat(core.entry("eu-west-1", keyId).materials().get(2).info())
                .isEqualTo(core.entry(REGION, keyId).materials().get(2).info());
    }

    @Test
    void replicasAreRotatedOnlyThroughTheirPrimary() {
        String keyId = core.createPrimary(REGION);
        core.replicate(REGION, keyId, "eu-west-1");
        core.passReplicationDelay();
        String replicaArn = CoreFixture.reference("eu-west-1", keyId).arn();
        assertRefused(() -> core.rotation.rotateKeyOnDemand(caller("eu-west-1"), keyId), ErrorCode.UNSUPPORTED_OPERATION,
                replicaArn + " is not a multi-Region primary key.");
        assertRefused(() -> core.rotation.enableKeyRotation(caller("eu-west-1"), keyId, null),
                ErrorCode.UNSUPPORTED_OPERATION, replicaArn + " is not a multi-Region primary key.");

        // Settings reach the replica through the outbox, and the replica reports its copy.
        core.rotation.enableKeyRotation(caller(REGION), keyId, 120);
        assertThat(core.rotation.getKeyRotationStatus(caller("eu-west-1"), keyId).enabled()).isFalse();
        core.passReplicationDelay();
        Rotation.RotationStatus replica = core.rotation.getKeyRotationStatus(caller("eu-west-1"), keyId);
        assertThat(replica.enabled()).isTrue();
        assertThat(replica.rotationPeriodInDays()).isEqualTo(120);
        assertThat(replica.nextRotationDate()).isEqualTo(record(keyId).nextRotationDate());

        // The due work rotates the primary only; the replica gets the version by the outbox.
        core.clock.advance(Duration.ofDays(120));
        core.rotation.rotateDueKeys();
        assertThat(versions(REGION, keyId)).containsExactly(1, 2);
        assertThat(versions("eu-west-1", keyId)).containsExactly(1);
        core.passReplicationDelay();
        assertThat(versions("eu-west-1", keyId)).containsExactly(1, 2);
        assertThat(core.entry("eu-west-1", keyId).record().currentMaterialVersion()).isEqualTo(2);
    }

    @Test
    void listKeyRotationsListsRotationsByDefaultAndEveryVersionOnRequest() {
        String keyId = core.createKey(REGION);
        core.rotation.rotateKeyOnDemand(caller(REGION), keyId);
        core.rotation.rotateKeyOnDemand(caller(REGION), keyId);
        assertThat(core.rotation.listKeyRotations(caller(REGION), keyId, null, null, null).items())
                .extracting(Rotation.MaterialEntry::version, Rotation.MaterialEntry::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2, "NON_CURRENT"),
                        org.assertj.core.groups.Tuple.tuple(3, "CURRENT"));
        assertThat(core.rotation.listKeyRotations(caller(REGION), keyId, "ALL_KEY_MATERIAL", null, null).items())
                .extracting(Rotation.MaterialEntry::version).containsExactly(1, 2, 3);
        Page<Rotation.MaterialEntry> first = core.rotation.listKeyRotations(caller(REGION), keyId, "ALL_KEY_MATERIAL", 2, null);
        assertThat(first.items()).extracting(Rotation.MaterialEntry::version).containsExactly(1, 2);
        assertThat(core.rotation.listKeyRotations(caller(REGION), keyId, "ALL_KEY_MATERIAL", 2, first.nextMarker()).items())
                .extracting(Rotation.MaterialEntry::version).containsExactly(3);
    }

    @Test
    void aRotationWhoseCommitFailsLeavesNothingBehind() {
        String keyId = core.createKey(REGION);
        core.store.failNextCommit();
        assertRefused(() -> core.rotation.rotateKeyOnDemand(caller(REGION), keyId), ErrorCode.KMS_INTERNAL,
                "The request was rejected because an internal exception occurred. The request can be retried.");
        assertThat(versions(REGION, keyId)).containsExactly(1);
        assertThat(core.serviceEvents).isEmpty();
        core.restart();
        assertThat(versions(REGION, keyId)).containsExactly(1);
        assertThat(record(keyId).state()).isEqualTo(KeyState.Enabled);
    }
}
