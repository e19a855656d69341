package dev.meridian.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.model.KeyOrigin;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyReference;
import dev.meridian.model.KeySpec;
import dev.meridian.model.KeyState;
import dev.meridian.model.KeyUsage;
import dev.meridian.model.MaterialInfo;
import dev.meridian.model.Region;
import dev.meridian.model.WrappedMaterial;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which material an imported key may take, below HTTP: over a registry loaded from records made here, since
 * the rules read only versions, key material IDs and whether each version is held.
 */
class MaterialAssociationTest {
    private static final String MRK = "mrk-1234567890abcdef1234567890abcdef";
    private static final String SINGLE = "1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
    private static final KeyReference PRIMARY = CoreFixture.reference("us-east-1", MRK);
    private static final KeyReference REPLICA = CoreFixture.reference("eu-west-1", MRK);
    private static final KeyReference OTHER_REPLICA = CoreFixture.reference("ap-south-1", MRK);
    private static final KeyReference SINGLE_KEY = CoreFixture.reference("us-east-1", SINGLE);

    private static String id(char digit) {
        return String.valueOf(digit).repeat(64);
    }

    private static KeyRecord key(KeyReference reference, boolean multiRegion, int current, KeyState state) {
        return KeyRecord.builder().reference(reference).description("").policy("{}").state(state).creationDate(CREATED)
                .origin(KeyOrigin.EXTERNAL).keySpec(KeySpec.SYMMETRIC_DEFAULT).keyUsage(KeyUsage.ENCRYPT_DECRYPT)
                .primaryRegion(multiRegion ? Region.of("us-east-1") : null).currentMaterialVersion(current).build();
    }

    private static WrappedMaterial held(KeyReference key, int version, char id) {
        return new WrappedMaterial(key, version, new byte[] {1, 2, 3}, MaterialInfo.initial(id(id), CREATED));
    }

    private static WrappedMaterial absent(KeyReference key, int version, char id) {
        return WrappedMaterial.absent(key, version, MaterialInfo.initial(id(id), CREATED));
    }

    private static KeyRegistry registry(InMemoryStore store) {
        return KeyRegistry.load(store, new ThrowingRootKey());
    }

    @Test
    void aKeyThatNeverHadMaterialMayTakeAnyOnce() {
        KeyRegistry registry = registry(new InMemoryStore().with(key(SINGLE_KEY, false, 0, KeyState.PendingImport)));
        KeyEntry entry = registry.find(SINGLE_KEY);
        assertThat(MaterialAssociation.of(registry, entry)).isEmpty();
        assertThat(MaterialAssociation.pendingRotation(entry)).isNull();
        assertThat(MaterialAssociation.familyCurrentVersion(registry, entry)).isZero();
    }

    @Test
    void aKeyMayTakeTheMaterialItHasHadHeldOrNot() {
        KeyRegistry registry = registry(new InMemoryStore().with(key(SINGLE_KEY, false, 2, KeyState.PendingImport),
                held(SINGLE_KEY, 1, 'a'), absent(SINGLE_KEY, 2, 'b')));
        Map<String, WrappedMaterial> associated = MaterialAssociation.of(registry, registry.find(SINGLE_KEY));
        assertThat(associated).containsOnlyKeys(id('a'), id('b'));
        assertThat(associated.get(id('b')).version()).isEqualTo(2);
    }

    @Test
    void aReplicaMayTakeItsPrimarysMaterialAndFollowsItsCurrentVersion() {
        KeyRegistry registry = registry(new InMemoryStore()
                .with(key(PRIMARY, true, 2, KeyState.Enabled), held(PRIMARY, 1, 'a'), held(PRIMARY, 2, 'b'))
                .with(key(REPLICA, true, 1, KeyState.PendingImport), held(REPLICA, 1, 'a')));
        KeyEntry replica = registry.find(REPLICA);
        assertThat(MaterialAssociation.of(registry, replica)).containsOnlyKeys(id('a'), id('b'));
        assertThat(MaterialAssociation.familyCurrentVersion(registry, replica)).isEqualTo(2);
        // The primary is associated with its own material only.
        assertThat(MaterialAssociation.of(registry, registry.find(PRIMARY))).containsOnlyKeys(id('a'), id('b'));

        // A replica whose primary is gone follows its own version.
        KeyRegistry orphan = registry(new InMemoryStore().with(key(REPLICA, true, 1, KeyState.Enabled), held(REPLICA, 1, 'a')));
        assertThat(MaterialAssociation.familyCurrentVersion(orphan, orphan.find(REPLICA))).isEqualTo(1);
        assertThat(MaterialAssociation.of(orphan, orphan.find(REPLICA))).containsOnlyKeys(id('a'));
    }

    @Test
    void aVersionAboveTheCurrentOneWaitsForARotation() {
        KeyRegistry registry = registry(new InMemoryStore().with(key(SINGLE_KEY, false, 1, KeyState.Enabled),
                held(SINGLE_KEY, 1, 'a'), held(SINGLE_KEY, 2, 'b')));
        assertThat(MaterialAssociation.pendingRotation(registry.find(SINGLE_KEY)).version()).isEqualTo(2);

        KeyRegistry none = registry(new InMemoryStore().with(key(SINGLE_KEY, false, 2, KeyState.Enabled),
                held(SINGLE_KEY, 1, 'a'), held(SINGLE_KEY, 2, 'b')));
        assertThat(MaterialAssociation.pendingRotation(none.find(SINGLE_KEY))).isNull();
    }

    @Test
    void aKeyLeavesPendingImportOnlyWhenItHoldsEveryVersionUpToTheCurrentOne() {
        KeyRegistry registry = registry(new InMemoryStore().with(key(SINGLE_KEY, false, 3, KeyState.PendingImport),
                absent(SINGLE_KEY, 1, 'a'), absent(SINGLE_KEY, 2, 'b'), held(SINGLE_KEY, 3, 'c'), absent(SINGLE_KEY, 4, 'd')));
        KeyEntry entry = registry.find(SINGLE_KEY);
        Map<String, WrappedMaterial> associated = MaterialAssociation.of(registry, entry);
        // Importing version 1 leaves version 2 missing; the waiting version 4 never counts.
        assertThat(MaterialAssociation.holdsAllAssociated(associated, entry, 3, 1)).isFalse();
        assertThat(MaterialAssociation.holdsAllAssociated(associated, entry, 3, 2)).isFalse();

        KeyRegistry almost = registry(new InMemoryStore().with(key(SINGLE_KEY, false, 3, KeyState.PendingImport),
                held(SINGLE_KEY, 1, 'a'), absent(SINGLE_KEY, 2, 'b'), held(SINGLE_KEY, 3, 'c'), absent(SINGLE_KEY, 4, 'd')));
        KeyEntry almostEntry = almost.find(SINGLE_KEY);
        assertThat(MaterialAssociation.holdsAllAssociated(MaterialAssociation.of(almost, almostEntry), almostEntry, 3, 2))
                .isTrue();
    }

    @Test
    void aReplicaNeedsEveryVersionOfItsPrimaryUpToTheCurrentOne() {
        KeyRegistry registry = registry(new InMemoryStore()
                .with(key(PRIMARY, true, 2, KeyState.Enabled), held(PRIMARY, 1, 'a'), held(PRIMARY, 2, 'b'))
                .with(key(REPLICA, true, 2, KeyState.PendingImport), absent(REPLICA, 1, 'a'), absent(REPLICA, 2, 'b')));
        KeyEntry replica = registry.find(REPLICA);
        Map<String, WrappedMaterial> associated = MaterialAssociation.of(registry, replica);
        assertThat(MaterialAssociation.holdsAllAssociated(associated, replica, 2, 2)).isFalse();
        assertThat(MaterialAssociation.holdsAllAssociated(associated, replica, 1, 1)).isTrue();
    }

    @Test
    void discardingWaitingMaterialAtAPrimaryRemovesItFromEveryReplicaThatWaitsWithIt() {
        InMemoryStore store = new InMemoryStore()
                .with(key(PRIMARY, true, 1, KeyState.Enabled), held(PRIMARY, 1, 'a'), held(PRIMARY, 2, 'b'))
                .with(key(REPLICA, true, 1, KeyState.Enabled), held(REPLICA, 1, 'a'), held(REPLICA, 2, 'b'))
                .with(key(OTHER_REPLICA, true, 1, KeyState.Enabled), held(OTHER_REPLICA, 1, 'a'));
        KeyRegistry registry = registry(store);
        KeyEntry primary = registry.find(PRIMARY);
        registry.write(mutation -> {
            MaterialAssociation.discardPendingRotation(registry, primary, primary.materials().get(2), mutation);
            return null;
        });
        assertThat(registry.find(PRIMARY).materials()).containsOnlyKeys(1);
        assertThat(registry.find(REPLICA).materials()).containsOnlyKeys(1);
        assertThat(registry.find(OTHER_REPLICA).materials()).containsOnlyKeys(1);
        assertThat(registry(store).find(REPLICA).materials()).containsOnlyKeys(1);
    }

    @Test
    void discardingWaitingMaterialAtAReplicaLeavesThePrimaryAlone() {
        InMemoryStore store = new InMemoryStore()
                .with(key(PRIMARY, true, 1, KeyState.Enabled), held(PRIMARY, 1, 'a'), held(PRIMARY, 2, 'b'))
                .with(key(REPLICA, true, 1, KeyState.Enabled), held(REPLICA, 1, 'a'), held(REPLICA, 2, 'b'));
        KeyRegistry registry = registry(store);
        KeyEntry replica = registry.find(REPLICA);
        registry.write(mutation -> {
            MaterialAssociation.discardPendingRotation(registry, replica, replica.materials().get(2), mutation);
            return null;
        });
        assertThat(registry.find(REPLICA).materials()).containsOnlyKeys(1);
        assertThat(registry.find(PRIMARY).materials()).containsOnlyKeys(1, 2);
    }

    @Test
    void aReplicaWhoseCurrentVersionReachedTheDiscardedOneKeepsIt() {
        // Version 2 is already current at the replica (it followed an earlier primary): it is not waiting there.
        InMemoryStore store = new InMemoryStore()
                .with(key(PRIMARY, true, 1, KeyState.Enabled), held(PRIMARY, 1, 'a'), held(PRIMARY, 2, 'b'))
                .with(key(REPLICA, true, 2, KeyState.Enabled), held(REPLICA, 1, 'a'), held(REPLICA, 2, 'b'));
        KeyRegistry registry = registry(store);
        KeyEntry primary = registry.find(PRIMARY);
        registry.write(mutation -> {
            MaterialAssociation.discardPendingRotation(registry, primary, primary.materials().get(2), mutation);
            return null;
        });
        assertThat(registry.find(PRIMARY).materials()).containsOnlyKeys(1);
        assertThat(registry.find(REPLICA).materials()).containsOnlyKeys(1, 2);
    }

    /** These rules never touch material itself: a root key that refuses every use proves it. */
    private static final class ThrowingRootKey implements dev.meridian.crypto.RootKey {
        @Override
        public byte[] wrap(dev.meridian.crypto.SecretBytes material, byte[] associatedData) {
            throw new AssertionError("The association rules do not wrap material");
        }

        @Override
        public dev.meridian.crypto.SecretBytes unwrap(byte[] wrapped, byte[] associatedData) {
            throw new AssertionError("The association rules do not unwrap material");
        }
    }
}
