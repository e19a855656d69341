package dev.meridian.core;

import static dev.meridian.core.CoreFixture.caller;
import static dev.meridian.core.CoreFixture.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.crypto.SecretBytes;
import dev.meridian.model.KeyId;
import dev.meridian.model.KeyOrigin;
import dev.meridian.model.KeySpec;
import dev.meridian.model.KeyState;
import dev.meridian.model.KeyUsage;
import dev.meridian.model.Region;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two processes ("nodes") serving from one shared store, below HTTP: each has its own registry, and the second
 * one is left behind on purpose (it has not caught up with the first one's last commit) when it races. Whatever a
 * write decides, it decides on the store's committed state, so names and Regions are taken once and every due
 * transition (end of a deletion window, automatic rotation, expiry of imported material, a replication event) runs
 * once, on whichever node comes first; the other finds it done and publishes nothing.
 */
class NodesOnOneStoreTest {
    private static final String REGION = "us-east-1";
    private final CoreFixture first = new CoreFixture(InMemoryStore.shared());
    private final CoreFixture second = first.anotherNode();

    @AfterEach
    void close() {
        second.close();
        first.close();
    }

    private static Aliases aliases(CoreFixture node) {
        return new Aliases(node.registry, node.clock, new AwsManagedKeys(node.registry, node.clock));
    }

    private static Grants grants(CoreFixture node) {
        return new Grants(node.registry, node.clock, 50000);
    }

    private static long count(CoreFixture node, ServiceEvent.Kind kind) {
        return node.serviceEvents.stream().filter(event -> event.kind() == kind).count();
    }

    @Test
    void aKeyAndAnAliasCreatedOnOneNodeAreFoundOnTheOtherAtOnce() {
        String keyId = first.createKey(REGION);
        aliases(first).createAlias(caller(REGION), "alias/orders", keyId);

        assertThat(second.registry.findOrCatchUp(CoreFixture.reference(REGION, keyId))).isNotNull();
        assertThat(second.registry.aliasOrCatchUp(CoreFixture.ACCOUNT, Region.of(REGION), "alias/orders").targetKeyId())
                .isEqualTo(new KeyId(keyId));

        first.lifecycle.disableKey(caller(REGION), keyId);
        second.registry.catchUp();
        assertThat(second.record(REGION, keyId).state()).isEqualTo(KeyState.Disabled);
    }

    @Test
    void aMissFindsTheKeyWhenTheStoresListenerAppliedTheSameChangesAMomentBefore() {
        // The store's listener (a notification racing the request) applies what the miss read, between its read and
        // its own apply, which then has nothing left to apply: the miss must still look again.
        KeyRegistry[] racing = new KeyRegistry[1];
        boolean[] listenerRan = {false};
        dev.meridian.store.Store store = new dev.meridian.store.ForwardingStore(first.store) {
            @Override
            public dev.meridian.store.StoreChanges changesSince(long position) {
                dev.meridian.store.StoreChanges changes = super.changesSince(position);
                if (!listenerRan[0] && !changes.isEmpty()) {
                    listenerRan[0] = true;
                    racing[0].catchUp();
                }
                return changes;
            }
        };
        racing[0] = KeyRegistry.load(store, first.rootKey);
        String keyId = first.createKey(REGION);

        assertThat(racing[0].findOrCatchUp(CoreFixture.reference(REGION, keyId))).isNotNull();
        assertThat(listenerRan[0]).isTrue();
    }

    @Test
    void anAliasNameRacedForIsTakenOnceTheLaterNodeGetsAwsError() {
        String keyId = first.createKey(REGION);
        second.registry.catchUp();
        aliases(first).createAlias(caller(REGION), "alias/race", keyId);

        assertRefused(() -> aliases(second).createAlias(caller(REGION), "alias/race", keyId), ErrorCode.ALREADY_EXISTS,
                "An alias with the name arn:aws:kms:us-east-1:111122223333:alias/race already exists");
        assertThat(first.store.load().aliases()).hasSize(1);
    }

    @Test
    void aGrantNameRacedForWithTheSameParametersMakesOneGrant() {
        String keyId = first.createKey(REGION);
        second.registry.catchUp();
        CreateGrantRequest request = new CreateGrantRequest(keyId, "arn:aws:iam::111122223333:user/alice", null, null,
                null, List.of("Encrypt"), null, "race");
        String granted = grants(first).createGrant(caller(REGION), request).grantId();

        assertThat(grants(second).createGrant(caller(REGION), request).grantId()).isEqualTo(granted);
        assertThat(first.store.load().grants()).hasSize(1);
    }

    @Test
    void aGrantTokenFromAnotherNodeMakesItsGrantUsableAtOnce() {
        String keyId = first.createKey(REGION);
        second.registry.catchUp();
        CreateGrantRequest request = new CreateGrantRequest(keyId, "arn:aws:iam::111122223333:user/alice", null, null,
                null, List.of("Encrypt"), null, null);
        Grants.CreatedGrant created = grants(first).createGrant(caller(REGION), request);
        assertThat(second.registry.grant(CoreFixture.reference(REGION, keyId), created.grantId())).isNull();

        grants(second).checkGrantTokens(List.of(created.grantToken()));

        assertThat(second.registry.grant(CoreFixture.reference(REGION, keyId), created.grantId())).isNotNull();
    }

    @Test
    void aReplicaRegionRacedForGetsOneReplicaAndOneEvent() {
        String keyId = first.createPrimary(REGION);
        second.registry.catchUp();
        first.replicate(REGION, keyId, "eu-west-1");

        assertRefused(() -> second.replicate(REGION, keyId, "eu-west-1"), ErrorCode.ALREADY_EXISTS,
                MultiRegion.ONE_REPLICA_PER_REGION);
        assertThat(first.store.events()).hasSize(1);
    }

    @Test
    void updatePrimaryRegionRacedForMovesThePrimaryOnceTheLaterNodeFindsItUpdating() {
        String keyId = first.createPrimary(REGION);
        first.replicate(REGION, keyId, "eu-west-1");
        first.replicate(REGION, keyId, "ap-south-1");
        first.passReplicationDelay();
        second.registry.catchUp();
        first.multiRegion.updatePrimaryRegion(caller(REGION), keyId, "eu-west-1");

        assertRefused(() -> second.multiRegion.updatePrimaryRegion(caller(REGION), keyId, "ap-south-1"),
                ErrorCode.KMS_INVALID_STATE, "arn:aws:kms:us-east-1:111122223333:key/" + keyId + " is updating.");
        assertThat(first.store.events()).hasSize(1);
    }

    @Test
    void aDeletionWindowEndsOnceOnWhicheverNodeComesFirst() {
        String keyId = first.createKey(REGION);
        aliases(first).createAlias(caller(REGION), "alias/doomed", keyId);
        first.lifecycle.scheduleKeyDeletion(caller(REGION), keyId, 7);
        second.registry.catchUp();
        first.clock.advance(Duration.ofDays(7).plusSeconds(1));

        assertThat(first.lifecycle.deleteDueKeys(first.serviceEvents::add, first.replication)).isOne();
        assertThat(second.lifecycle.deleteDueKeys(second.serviceEvents::add, second.replication)).isZero();

        assertThat(count(first, ServiceEvent.Kind.DELETE_KEY) + count(second, ServiceEvent.Kind.DELETE_KEY)).isOne();
        assertThat(second.entry(REGION, keyId)).isNull();
        assertThat(second.registry.alias(CoreFixture.ACCOUNT, Region.of(REGION), "alias/doomed")).isNull();
    }

    @Test
    void anAutomaticRotationRunsOnceOnWhicheverNodeComesFirst() {
        String keyId = first.createKey(REGION);
        first.rotation.enableKeyRotation(caller(REGION), keyId, 90);
        second.registry.catchUp();
        first.clock.advance(Duration.ofDays(90).plusSeconds(1));

        second.rotation.rotateDueKeys();
        first.rotation.rotateDueKeys();

        assertThat(count(first, ServiceEvent.Kind.ROTATE_KEY) + count(second, ServiceEvent.Kind.ROTATE_KEY)).isOne();
        assertThat(first.entry(REGION, keyId).materials()).containsOnlyKeys(1, 2);
        assertThat(first.record(REGION, keyId).nextRotationDate())
                .isEqualTo(second.record(REGION, keyId).nextRotationDate());
    }

    @Test
    void importedMaterialExpiresOnceOnWhicheverNodeComesFirst() {
        String keyId = "0b5ed2a5-3c3e-4d8a-9a8e-4f2f0f6d2a11";
        new Seeding(first.registry, first.clock).apply(new SeedPlan(List.of(new SeedPlan.Key("k", CoreFixture.ACCOUNT,
                Region.of(REGION), new KeyId(keyId), KeySpec.SYMMETRIC_DEFAULT, KeyUsage.ENCRYPT_DECRYPT,
                KeyOrigin.EXTERNAL, "", null, List.of(), true, null, List.of(new SeedPlan.Material("m",
                        SecretBytes.copyOf(HexFormat.of().parseHex(
                                "94171e5bcd25b77576d44dd4fb15c01d201cce08c915b9986aa13d76c4a3d6e1")), null, null)),
                CoreFixture.START.plus(Duration.ofDays(1)), null, List.of(), List.of()))));
        second.registry.catchUp();
        first.clock.advance(Duration.ofDays(2));

        assertThat(new KeyImport(first.registry, first.clock).expireDueMaterials(first.serviceEvents::add)).isOne();
        assertThat(new KeyImport(second.registry, second.clock).expireDueMaterials(second.serviceEvents::add)).isZero();

        assertThat(count(first, ServiceEvent.Kind.DELETE_EXPIRED_KEY_MATERIAL)
                + count(second, ServiceEvent.Kind.DELETE_EXPIRED_KEY_MATERIAL)).isOne();
        assertThat(second.record(REGION, keyId).state()).isEqualTo(KeyState.PendingImport);
    }

    @Test
    void aReplicationEventIsAppliedOnceAndGoesOnWhenTheNodeThatQueuedItIsGone() {
        String keyId = first.createPrimary(REGION);
        first.replicate(REGION, keyId, "eu-west-1");
        first.replicate(REGION, keyId, "ap-south-1");
        second.registry.catchUp();
        first.clock.advance(CoreFixture.REPLICATION_DELAY.plusMillis(1));

        // The first node's scheduler never runs (a kill -9): the other node applies what it queued, once.
        assertThat(second.replicator.applyDueEvents()).isEqualTo(2);
        assertThat(first.replicator.applyDueEvents()).isZero();

        assertThat(first.store.events()).isEmpty();
        assertThat(first.record("eu-west-1", keyId).state()).isEqualTo(KeyState.Enabled);
        assertThat(first.record("ap-south-1", keyId).state()).isEqualTo(KeyState.Enabled);
        assertThat(count(first, ServiceEvent.Kind.SYNCHRONIZE_MULTI_REGION_KEY)).isZero();
        assertThat(count(second, ServiceEvent.Kind.SYNCHRONIZE_MULTI_REGION_KEY)).isEqualTo(2);
    }

    @Test
    void aReplicaDeletionCompletesOnceAndThePrimarysWindowStartsOnce() {
        String keyId = first.createPrimary(REGION);
        first.replicate(REGION, keyId, "eu-west-1");
        first.passReplicationDelay();
        first.lifecycle.scheduleKeyDeletion(caller("eu-west-1"), keyId, 7);
        first.lifecycle.scheduleKeyDeletion(caller(REGION), keyId, 7);
        assertThat(first.record(REGION, keyId).state()).isEqualTo(KeyState.PendingReplicaDeletion);
        second.registry.catchUp();
        first.clock.advance(Duration.ofDays(7).plusSeconds(1));

        assertThat(second.lifecycle.deleteDueKeys(second.serviceEvents::add, second.replication)).isOne();
        assertThat(first.lifecycle.deleteDueKeys(first.serviceEvents::add, first.replication)).isZero();

        assertThat(first.entry("eu-west-1", keyId)).isNull();
        assertThat(first.record(REGION, keyId).state()).isEqualTo(KeyState.PendingDeletion);
        assertThat(first.record(REGION, keyId).deletionDate()).isEqualTo(first.clock.instant().plus(Duration.ofDays(7)));
    }
}
