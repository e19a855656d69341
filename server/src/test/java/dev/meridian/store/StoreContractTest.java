package dev.meridian.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.model.AccountId;
import dev.meridian.model.Alias;
import dev.meridian.model.Grant;
import dev.meridian.model.KeyId;
import dev.meridian.model.KeyLastUsage;
import dev.meridian.model.KeyManager;
import dev.meridian.model.KeyOrigin;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyReference;
import dev.meridian.model.KeySpec;
import dev.meridian.model.KeyState;
import dev.meridian.model.KeyUsage;
import dev.meridian.model.MaterialInfo;
import dev.meridian.model.Region;
import dev.meridian.model.ReplicationEvent;
import dev.meridian.model.Tag;
import dev.meridian.model.WrappedMaterial;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Store} guarantees, below the service: each change type round-trips through a commit, a reopen
 * and a load; a failed batch leaves nothing; positions increase; a key snapshot replaces a key whole; the first root
 * key check wins; a reset removes everything and leaves a working store. Run for each store by a subclass that says
 * how to open one on the test's own database ({@link #open}: the same database on every call of one test).
 */
public abstract class StoreContractTest {
    public static final AccountId ACCOUNT = AccountId.of("111122223333");
    public static final Region EU = Region.of("eu-west-1");
    public static final Region US = Region.of("us-east-1");
    public static final Instant T0 = Instant.ofEpochMilli(1_767_225_600_123L);

    private final List<Store> opened = new java.util.ArrayList<>();

    /** A store on this test's database, opened anew (what a restarted process would see). */
    protected abstract Store openStore();

    /** Opens a store on this test's database that the test closes at its end. */
    protected final Store open() {
        Store store = openStore();
        opened.add(store);
        return store;
    }

    @AfterEach
    void closeStores() {
        for (Store store : opened) {
            store.close();
        }
    }

    public static KeyRecord key(String id) {
        return KeyRecord.builder().reference(new KeyReference(ACCOUNT, EU, new KeyId(id))).policy("{\"p\":1}")
                .description("a key").state(KeyState.Enabled).creationDate(T0).currentMaterialVersion(1)
                .tags(List.of(new Tag("b", "2"), new Tag("a", ""))).build();
    }

    /** A record with every optional field set, and a replica. */
    public static KeyRecord replica() {
        return KeyRecord.builder().reference(new KeyReference(ACCOUNT, US, new KeyId("mrk-00112233445566778899aabbccddeeff")))
                .policy("{}").description("").state(KeyState.PendingReplicaDeletion).creationDate(T0)
                .deletionDate(T0.plusSeconds(86_400)).pendingDeletionWindowInDays(7).primaryRegion(EU)
                .origin(KeyOrigin.EXTERNAL).keySpec(KeySpec.HMAC_256).keyUsage(KeyUsage.GENERATE_VERIFY_MAC)
                .currentMaterialVersion(2).rotationEnabled(true).rotationPeriodInDays(90)
                .nextRotationDate(T0.plusSeconds(90 * 86_400L)).onDemandRotationStartDate(T0.plusMillis(7))
                .keyManager(KeyManager.AWS).build();
    }

    public static WrappedMaterial material(KeyRecord key, int version) {
        MaterialInfo info = version == 1 ? MaterialInfo.initial("ab".repeat(32), T0)
                : new MaterialInfo(String.format("%064x", version), T0.plusSeconds(version), MaterialInfo.RotationType.ON_DEMAND,
                        "imported " + version, T0.plusSeconds(86_400L * version));
        return new WrappedMaterial(key.reference(), version, new byte[] {(byte) version, 0, -1, 3}, info);
    }

    public static Grant grant(KeyRecord key, String grantId) {
        return Grant.builder().key(key.reference()).grantId(grantId).name("name-" + grantId.charAt(0)).creationDate(T0)
                .granteePrincipal("arn:aws:iam::111122223333:role/a").retiringServicePrincipal("logs.eu-west-1.amazonaws.com")
                .operations(List.of("Encrypt", "Decrypt"))
                .constraints(new Grant.Constraints(Map.of("b", "2", "a", "1"), null, "arn:aws:s3:::bucket")).build();
    }

    public static Alias alias(String name, KeyRecord target) {
        return new Alias(ACCOUNT, target.reference().region(), name, target.reference().keyId(), T0, T0.plusMillis(5));
    }

    public static ReplicationEvent event(long sequence, KeyRecord key, Region argument) {
        return new ReplicationEvent(sequence, key.reference(), ReplicationEvent.Type.COMPLETE_PRIMARY_UPDATE,
                T0.plusSeconds(sequence), argument);
    }

    @Test
    void everyChangeTypeRoundTripsThroughACommitAReopenAndALoad() {
        KeyRecord key = key("0123abcd-4567-89ef-0011-223344556677");
        KeyRecord replica = replica();
        Grant grant = grant(key, "a".repeat(64));
        Grant retired = grant(key, "b".repeat(64));
        KeyLastUsage usage = new KeyLastUsage(key.reference(), "Decrypt", T0.plusSeconds(5), "request-1", "event-1");
        Store store = open();
        store.commit(new StoreBatch().putKey(key).putKey(replica).putMaterial(material(key, 1))
                .putMaterial(material(replica, 1)).putMaterial(material(replica, 2)).putMaterial(material(replica, 3))
                .putAlias(alias("alias/one", key)).putAlias(alias("alias/two", key)).putEvent(event(42, replica, US))
                .putEvent(event(43, replica, null)).putGrant(grant).putGrant(retired).putKeyLastUsage(usage));
        KeyRecord changed = key.toBuilder().state(KeyState.Disabled).description("changed")
                .tags(List.of(new Tag("c", "3"))).build();
        WrappedMaterial reimported = new WrappedMaterial(replica.reference(), 2, new byte[] {9},
                material(replica, 2).info());
        Alias retargeted = alias("alias/one", key).retarget(new KeyId("fedcba98-4567-89ef-0011-223344556677"), T0.plusSeconds(9));
        store.commit(new StoreBatch().putKey(changed).replaceMaterial(reimported).deleteMaterial(replica.reference(), 3)
                .putAlias(retargeted).deleteAlias(ACCOUNT, EU, "alias/two").deleteEvent(42)
                .deleteGrant(key.reference(), retired.grantId()));
        store.close();

        StoreContents contents = open().load();
        assertThat(contents.keys()).containsExactlyInAnyOrder(changed, replica);
        assertThat(contents.keys()).filteredOn(changed::equals).singleElement()
                .satisfies(loaded -> assertThat(loaded.tags()).containsExactly(new Tag("c", "3")));
        assertThat(contents.materials()).containsExactlyInAnyOrder(material(key, 1), material(replica, 1), reimported);
        assertThat(contents.aliases()).containsExactly(retargeted);
        assertThat(contents.events()).containsExactly(event(43, replica, null));
        assertThat(contents.grants()).containsExactly(grant);
        assertThat(contents.lastUsages()).containsExactly(usage);
    }

    @Test
    void aKeySnapshotReplacesTheKeyWholeButKeepsItsLastUseAndDeleteKeyRemovesEverythingOfIt() {
        KeyRecord key = key("0123abcd-4567-89ef-0011-223344556677");
        KeyRecord other = key("fedcba98-4567-89ef-0011-223344556677");
        KeyLastUsage usage = new KeyLastUsage(key.reference(), "Encrypt", T0);
        Store store = open();
        store.commit(new StoreBatch().putKey(key).putMaterial(material(key, 1)).putMaterial(material(key, 2))
                .putGrant(grant(key, "a".repeat(64))).putGrant(grant(key, "b".repeat(64))).putKeyLastUsage(usage)
                .putKey(other).putMaterial(material(other, 1)).putGrant(grant(other, "c".repeat(64))));

        KeyRecord snapshot = key.toBuilder().currentMaterialVersion(3).tags(List.of()).description("snapshot").build();
        Grant kept = grant(key, "f".repeat(64));
        store.commit(new StoreBatch().putKeySnapshot(snapshot, List.of(material(key, 3)), List.of(kept)));
        store.close();
        Store reopened = open();
        StoreContents contents = reopened.load();
        assertThat(contents.keys()).containsExactlyInAnyOrder(snapshot, other);
        assertThat(contents.materials()).containsExactlyInAnyOrder(material(key, 3), material(other, 1));
        assertThat(contents.grants()).containsExactlyInAnyOrder(kept, grant(other, "c".repeat(64)));
        assertThat(contents.lastUsages()).containsExactly(usage);

        reopened.commit(new StoreBatch().putKeySnapshot(snapshot, List.of(), List.of()));
        assertThat(reopened.load().materials()).containsExactly(material(other, 1));
        reopened.commit(new StoreBatch().deleteKey(key.reference()));
        contents = reopened.load();
        assertThat(contents.keys()).containsExactly(other);
        assertThat(contents.materials()).containsExactly(material(other, 1));
        assertThat(contents.grants()).containsExactly(grant(other, "c".repeat(64)));
        assertThat(contents.lastUsages()).isEmpty();
    }

    @Test
    void theLastUseOfAKeyThatDoesNotExistIsIgnored() {
        Store store = open();
        store.commit(new StoreBatch().putKeyLastUsage(new KeyLastUsage(replica().reference(), "Encrypt", T0)));
        assertThat(store.load().lastUsages()).isEmpty();
    }

    @Test
    void aBatchThatFailsMidwayLeavesNothingAndTheStoreWritesOn() {
        KeyRecord existing = key("0123abcd-4567-89ef-0011-223344556677");
        KeyRecord fresh = key("fedcba98-4567-89ef-0011-223344556677");
        Store store = open();
        store.commit(new StoreBatch().putKey(existing).putMaterial(material(existing, 1)));
        StoreContents before = store.load();

        StoreBatch failing = new StoreBatch().putKey(fresh).putMaterial(material(fresh, 1))
                .putAlias(alias("alias/fresh", fresh)).putEvent(event(5, fresh, null))
                .putKey(existing.toBuilder().state(KeyState.Disabled).build())
                .putMaterial(new WrappedMaterial(existing.reference(), 1, new byte[] {9}, MaterialInfo.initial("cd".repeat(32), T0)));
        assertThatThrownBy(() -> store.commit(failing)).isInstanceOf(StoreException.class)
                .hasMessage("Cannot commit a batch of 6 changes").hasCauseInstanceOf(SQLException.class);

        assertThat(store.load()).isEqualTo(before);
        assertThat(store.changesSince(before.position()).isEmpty()).isTrue();
        long position = store.commit(new StoreBatch().putKey(fresh));
        assertThat(position).isGreaterThan(before.position());
        assertThat(open().load().keys()).containsExactlyInAnyOrder(existing, fresh);
    }

    @Test
    void positionsIncreaseWithEachCommitAndAnEmptyBatchKeepsThePosition() {
        Store store = open();
        long start = store.load().position();
        long first = store.commit(new StoreBatch().putKey(key("0123abcd-4567-89ef-0011-223344556677")));
        long second = store.commit(new StoreBatch().putAlias(alias("alias/a", key("0123abcd-4567-89ef-0011-223344556677"))));
        long third = store.commit(new StoreBatch().putEvent(event(1, replica(), null)));
        assertThat(first).isGreaterThan(start);
        assertThat(second).isGreaterThan(first);
        assertThat(third).isGreaterThan(second);
        assertThat(store.commit(new StoreBatch())).isEqualTo(third);
        assertThat(store.load().position()).isEqualTo(third);
        assertThat(store.changesSince(third)).isEqualTo(StoreChanges.none(third));
    }

    @Test
    void aWriteClosedWithoutACommitLeavesNothingAndReleasesTheLock() throws Exception {
        Store store = open();
        StoreContents before = store.load();
        try (StoreWrite write = store.beginWrite()) {
            write.nextEventSequence();
        }
        assertThat(store.load()).isEqualTo(before);
        long position = CompletableFuture.supplyAsync(() -> store.commit(new StoreBatch().putKey(replica())))
                .get(30, TimeUnit.SECONDS);
        assertThat(position).isGreaterThan(before.position());
        try (StoreWrite write = store.beginWrite()) {
            write.commit(new StoreBatch().putKey(key("0123abcd-4567-89ef-0011-223344556677")));
            assertThatThrownBy(() -> write.commit(new StoreBatch())).isInstanceOf(IllegalStateException.class);
        }
        assertThat(store.load().keys()).hasSize(2);
    }

    @Test
    void eventSequenceNumbersIncreaseAcrossWritesAndReopens() {
        Store store = open();
        long first;
        long second;
        try (StoreWrite write = store.beginWrite()) {
            first = write.nextEventSequence();
            second = write.nextEventSequence();
            write.commit(new StoreBatch().putEvent(event(second, replica(), null)));
        }
        assertThat(second).isGreaterThan(first);
        store.close();
        try (StoreWrite write = open().beginWrite()) {
            assertThat(write.nextEventSequence()).isGreaterThan(second);
        }
    }

    @Test
    void theFirstRootKeyCheckWins() {
        Store store = open();
        assertThat(store.rootKeyCheck(new byte[] {1, 2, 3})).containsExactly(1, 2, 3);
        assertThat(store.rootKeyCheck(new byte[] {4, 5})).containsExactly(1, 2, 3);
        store.commit(new StoreBatch().deleteEverything());
        store.close();
        assertThat(open().rootKeyCheck(new byte[] {6})).containsExactly(1, 2, 3);
    }

    @Test
    void deletingEverythingLeavesAnEmptyStoreThatKeepsWorking() {
        KeyRecord key = key("0123abcd-4567-89ef-0011-223344556677");
        Store store = open();
        store.commit(new StoreBatch().putKey(key).putMaterial(material(key, 1)).putAlias(alias("alias/one", key))
                .putEvent(event(7, key, null)).putGrant(grant(key, "a".repeat(64)))
                .putKeyLastUsage(new KeyLastUsage(key.reference(), "Decrypt", T0)));
        long before = store.load().position();
        long wiped = store.commit(new StoreBatch().deleteEverything());
        assertThat(wiped).isGreaterThan(before);
        assertThat(store.load()).isEqualTo(new StoreContents(wiped, List.of(), List.of(), List.of(), List.of(), List.of(), List.of()));

        store.commit(new StoreBatch().putKey(key).putGrant(grant(key, "a".repeat(64))));
        store.close();
        StoreContents contents = open().load();
        assertThat(contents.keys()).containsExactly(key);
        assertThat(contents.grants()).containsExactly(grant(key, "a".repeat(64)));
        assertThat(contents.aliases()).isEmpty();
        assertThat(contents.events()).isEmpty();
    }
}
