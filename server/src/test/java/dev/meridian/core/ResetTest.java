package dev.meridian.core;

import static dev.meridian.core.CoreFixture.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.meridian.crypto.FileRootKey;
import dev.meridian.model.KeyReference;
import dev.meridian.model.Tag;
import dev.meridian.store.StoreContents;
import dev.meridian.testing.StoppedClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link KeyManagementService#reset()} below HTTP: every key, alias, grant, tag, last use and pending
 * replication gone from memory and the store in one call, timed work for them forgotten, the reset listeners
 * run, and the service still serving; refused outside development mode.
 */
class ResetTest {
    private static final String EAST = "us-east-1";
    private static final String WEST = "us-west-2";
    private final StoppedClock clock = new StoppedClock(CoreFixture.START);
    private final InMemoryStore store = new InMemoryStore();
    private final AtomicInteger listenerRuns = new AtomicInteger();
    @TempDir
    Path folder;
    private KeyManagementService service;

    private KeyManagementService start(boolean developmentMode) throws IOException {
        Path keyFolder = Files.createDirectories(folder.resolve("root"));
        service = new KeyManagementService(store, FileRootKey.loadOrCreate(keyFolder.resolve("root.key")), clock,
                ServiceSettings.builder().replicationDelay(CoreFixture.REPLICATION_DELAY).keyLimitPerRegion(100)
                        .grantLimitPerKey(100).developmentMode(developmentMode).build());
        service.onReset(listenerRuns::incrementAndGet);
        service.start();
        return service;
    }

    @AfterEach
    void close() {
        if (service != null) {
            service.close();
        }
    }

    private String createKey(String region, boolean multiRegion) {
        return service.lifecycle().createKey(caller(region), new CreateKeyRequest(null, null, null, null, null, multiRegion,
                null, false, null)).record().reference().keyId().value();
    }

    /** Keys of every kind and what hangs on them; returns the multi-Region key's ID, its replica still Creating. */
    private String fill() {
        String single = createKey(EAST, false);
        String primary = createKey(EAST, true);
        service.multiRegion().replicateKey(caller(EAST), new ReplicateKeyRequest(primary, WEST, null, false, null, null));
        service.aliases().createAlias(caller(EAST), "alias/single", single);
        service.tagging().tagResource(caller(EAST), single, List.of(new Tag("team", "payments")));
        service.grants().createGrant(caller(EAST), new CreateGrantRequest(single, "arn:aws:iam::111122223333:role/a", null,
                null, null, List.of("Encrypt"), null, null));
        service.keyUsage().record(CoreFixture.reference(EAST, single), "Encrypt", caller(EAST));
        service.keyUsage().flush();
        assertThat(store.load().keys()).hasSize(3);
        assertThat(store.load().events()).hasSize(1);
        return primary;
    }

    @Test
    void everythingIsGoneFromMemoryAndStoreAndTheServiceKeepsServing() throws Exception {
        start(true);
        String primary = fill();
        KeyReference single = service.lifecycle().listKeys(caller(EAST), null, null).items().stream()
                .filter(key -> !key.keyId().value().equals(primary)).findFirst().orElseThrow();

        service.reset();

        assertThat(store.load()).isEqualTo(new StoreContents(store.load().position(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of()));
        for (String region : List.of(EAST, WEST)) {
            assertThat(service.lifecycle().listKeys(caller(region), null, null).items()).isEmpty();
            // Only AWS's predefined aliases are left, as in a new account: none points at a key.
            assertThat(service.aliases().listAliases(caller(region), null, null, null).items())
                    .allSatisfy(alias -> assertThat(alias.targetKeyId()).isNull());
        }
        assertThat(service.outboxStatus().pendingEvents()).isZero();
        assertThat(service.keyCountsByRegion()).isEmpty();
        assertThat(service.keyUsage().lastUsage(single)).isNull();
        CoreFixture.assertRefused(() -> service.lifecycle().describeKey(caller(EAST), single.keyId().value()),
                ErrorCode.NOT_FOUND, "Key '" + single.arn() + "' does not exist");
        assertThat(listenerRuns).hasValue(1);

        // The replication that was pending never lands, and new keys work as before.
        clock.advance(CoreFixture.REPLICATION_DELAY.plusSeconds(1));
        service.runDueWorkNow();
        assertThat(service.lifecycle().listKeys(caller(WEST), null, null).items()).isEmpty();
        String fresh = createKey(EAST, false);
        service.aliases().createAlias(caller(EAST), "alias/single", fresh);
        assertThat(service.lifecycle().listKeys(caller(EAST), null, null).items()).extracting(key -> key.keyId().value())
                .containsExactly(fresh);
        assertThat(store.load().keys()).hasSize(1);
    }

    @Test
    void aReplicaCreatedAfterTheResetStillCompletes() throws Exception {
        start(true);
        fill();
        service.reset();
        String primary = createKey(EAST, true);
        service.multiRegion().replicateKey(caller(EAST), new ReplicateKeyRequest(primary, WEST, null, false, null, null));
        clock.advance(CoreFixture.REPLICATION_DELAY.plusSeconds(1));
        service.runDueWorkNow();
        assertThat(service.lifecycle().describeKey(caller(WEST), primary).record().state())
                .isEqualTo(dev.meridian.model.KeyState.Enabled);
    }

    @Test
    void aFailedCommitChangesNothing() throws Exception {
        start(true);
        fill();
        StoreContents before = store.load();
        store.failNextCommit();
        assertThatThrownBy(service::reset).isInstanceOf(KmsException.class);
        assertThat(store.load()).isEqualTo(before);
        assertThat(service.lifecycle().listKeys(caller(EAST), null, null).items()).hasSize(2);
        assertThat(listenerRuns).hasValue(0);

        // The replication that was pending still lands when due.
        clock.advance(CoreFixture.REPLICATION_DELAY.plusSeconds(1));
        await().atMost(java.time.Duration.ofSeconds(30)).until(() -> service.lifecycle().listKeys(caller(WEST), null, null)
                .items().size() == 1 && service.outboxStatus().pendingEvents() == 0);
    }

    @Test
    void outsideDevelopmentModeTheResetIsRefusedAndChangesNothing() throws Exception {
        start(false);
        fill();
        StoreContents before = store.load();
        assertThat(service.developmentMode()).isFalse();
        assertThatThrownBy(service::reset).isInstanceOf(IllegalStateException.class)
                .hasMessage("A reset is only allowed in development mode");
        assertThat(store.load()).isEqualTo(before);
        assertThat(listenerRuns).hasValue(0);
        assertThat(service.lifecycle().listKeys(caller(WEST), null, null).items()).hasSize(1);
    }
}
