package dev.meridian.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.model.AccountId;
import dev.meridian.model.Alias;
import dev.meridian.model.Grant;
import dev.meridian.model.KeyId;
import dev.meridian.model.KeyLastUsage;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyReference;
import dev.meridian.model.KeyState;
import dev.meridian.model.MaterialInfo;
import dev.meridian.model.Region;
import dev.meridian.model.ReplicationEvent;
import dev.meridian.model.Tag;
import dev.meridian.model.WrappedMaterial;
import dev.meridian.store.StoreBatch;
import dev.meridian.store.StoreContents;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schema version 3 in the SQLite store: grants and last uses survive a reopen and go with their key. */
class GrantRowsTest {
    private static final Instant T0 = Instant.ofEpochMilli(1_767_225_600_123L);
    private static final KeyReference KEY = new KeyReference(AccountId.of("111122223333"), Region.of("eu-west-1"),
            new KeyId("0123abcd-4567-89ef-0011-223344556677"));

    @TempDir
    Path folder;

    private static KeyRecord key() {
        return KeyRecord.builder().reference(KEY).policy("{}").description("").state(KeyState.Enabled)
                .creationDate(T0).currentMaterialVersion(1).build();
    }

    private static Grant grant(String grantId, Grant.Constraints constraints) {
        return Grant.builder().key(KEY).grantId(grantId).name("a-name").creationDate(T0)
                .granteePrincipal("arn:aws:iam::111122223333:role/a").retiringServicePrincipal("logs.eu-west-1.amazonaws.com")
                .operations(List.of("Encrypt", "Decrypt", "Encrypt")).constraints(constraints).build();
    }

    @Test
    void deletingEverythingLeavesAnEmptyStoreThatKeepsWorking() {
        Grant grant = grant("a".repeat(64), null);
        KeyRecord tagged = key().toBuilder().tags(List.of(new Tag("team", "a"))).build();
        try (SqliteStore store = SqliteStore.open(folder.resolve("meridian.db"))) {
            store.commit(new StoreBatch().putKey(tagged)
                    .putMaterial(new WrappedMaterial(KEY, 1, new byte[] {1, 2, 3},
                            MaterialInfo.initial("ab".repeat(32), T0)))
                    .putAlias(new Alias(KEY.account(), KEY.region(), "alias/one", KEY.keyId(), T0, T0))
                    .putEvent(new ReplicationEvent(7, KEY,
                            ReplicationEvent.Type.COMPLETE_REPLICA_CREATION, T0, null))
                    .putGrant(grant).putKeyLastUsage(new KeyLastUsage(KEY, "Decrypt", T0)));
            store.commit(new StoreBatch().deleteEverything());
            assertThat(store.load()).isEqualTo(new StoreContents(store.load().position(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of()));

            store.commit(new StoreBatch().putKey(tagged).putGrant(grant));
        }
        try (SqliteStore store = SqliteStore.open(folder.resolve("meridian.db"))) {
            StoreContents contents = store.load();
            assertThat(contents.keys()).containsExactly(tagged);
            assertThat(contents.grants()).containsExactly(grant);
            assertThat(contents.aliases()).isEmpty();
            assertThat(contents.events()).isEmpty();
            assertThat(contents.lastUsages()).isEmpty();
        }
    }

    @Test
    void grantsAndLastUsesSurviveAReopenAndGoWithTheirKey() {
        Grant constrained = grant("a".repeat(64), new Grant.Constraints(Map.of("b", "2", "a", "1"), null,
                "arn:aws:s3:::bucket-in-111122223333"));
        Grant plain = grant("b".repeat(64), null);
        Grant retired = grant("c".repeat(64), null);
        KeyLastUsage usage = new KeyLastUsage(KEY, "Decrypt", T0.plusSeconds(5));
        KeyLastUsage ofMissingKey = new KeyLastUsage(KEY.inRegion(Region.of("us-east-1")), "Encrypt", T0);
        try (SqliteStore store = SqliteStore.open(folder.resolve("meridian.db"))) {
            store.commit(new StoreBatch().putKey(key()).putGrant(constrained).putGrant(plain).putGrant(retired)
                    .putKeyLastUsage(usage).putKeyLastUsage(ofMissingKey));
            store.commit(new StoreBatch().deleteGrant(KEY, retired.grantId()));
        }
        try (SqliteStore store = SqliteStore.open(folder.resolve("meridian.db"))) {
            StoreContents contents = store.load();
            assertThat(contents.grants()).containsExactlyInAnyOrder(constrained, plain);
            assertThat(contents.grants()).filteredOn(grant -> grant.grantId().equals(plain.grantId()))
                    .singleElement().satisfies(grant -> {
                        assertThat(grant.operations()).containsExactly("Encrypt", "Decrypt");
                        assertThat(grant.constraints()).isEqualTo(Grant.Constraints.NONE);
                        assertThat(grant.retiringServicePrincipal()).isEqualTo("logs.eu-west-1.amazonaws.com");
                    });
            assertThat(contents.lastUsages()).containsExactly(usage);

            store.commit(new StoreBatch().deleteKey(KEY));
            assertThat(store.load().grants()).isEmpty();
            assertThat(store.load().lastUsages()).isEmpty();
        }
    }
}
