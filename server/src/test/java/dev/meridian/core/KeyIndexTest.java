package dev.meridian.core;

import static dev.meridian.store.StoreContractTest.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.model.AccountId;
import dev.meridian.model.Alias;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyReference;
import dev.meridian.model.Region;
import dev.meridian.store.StoreChange;
import dev.meridian.store.StoreChanges;
import dev.meridian.store.StoreContents;
import dev.meridian.store.StoreContractTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The copy in memory finds a key's aliases through the names it keeps for each key (what a policy's
 * {@code kms:ResourceAliases} reads on every request), and keeps them right through every change of an alias: created,
 * pointed at another key, deleted, or replaced by a reload.
 */
class KeyIndexTest {
    private final KeyIndex index = new KeyIndex();
    private final KeyRecord first = StoreContractTest.key("11111111-4567-89ef-0011-223344556677");
    private final KeyRecord second = StoreContractTest.key("22222222-4567-89ef-0011-223344556677");

    @Test
    void aKeysAliasesFollowEveryChangeInNameOrder() {
        index.applyCommitted(1, List.of(put("alias/b", first), put("alias/a", first), put("alias/c", second)));
        assertThat(names(first)).containsExactly("alias/a", "alias/b");
        assertThat(names(second)).containsExactly("alias/c");

        index.applyCommitted(2, List.of(put("alias/b", second))); // UpdateAlias: alias/b now points at the second key
        assertThat(names(first)).containsExactly("alias/a");
        assertThat(names(second)).containsExactly("alias/b", "alias/c");
        assertThat(index.aliasesOf(second.reference()).get(0).targetKeyId()).isEqualTo(second.reference().keyId());

        index.applyCommitted(3, List.of(put("alias/b", second))); // the same alias again: no change
        assertThat(names(second)).containsExactly("alias/b", "alias/c");

        index.applyCommitted(4, List.of(delete("alias/a"), delete("alias/c"), delete("alias/none")));
        assertThat(names(first)).isEmpty();
        assertThat(names(second)).containsExactly("alias/b");
    }

    @Test
    void theSameKeyIdInAnotherAccountOrRegionIsAnotherKey() {
        index.applyCommitted(1, List.of(put("alias/a", first)));
        KeyReference reference = first.reference();
        assertThat(index.aliasesOf(new KeyReference(AccountId.of("444455556666"), reference.region(), reference.keyId())))
                .isEmpty();
        assertThat(index.aliasesOf(reference.inRegion(Region.of("us-east-2")))).isEmpty();
        assertThat(index.aliasesOf(reference)).extracting(Alias::name).containsExactly("alias/a");
    }

    @Test
    void aReloadLeavesOnlyTheAliasesTheStoreHolds() {
        index.load(contents(5, StoreContractTest.alias("alias/a", first), StoreContractTest.alias("alias/b", first)));
        assertThat(names(first)).containsExactly("alias/a", "alias/b");

        // A database restored from an earlier backup: alias/b is gone, alias/a points at the second key.
        index.apply(StoreChanges.rewound(contents(3, StoreContractTest.alias("alias/a", second))));
        assertThat(names(first)).isEmpty();
        assertThat(names(second)).containsExactly("alias/a");
    }

    private List<String> names(KeyRecord key) {
        return index.aliasesOf(key.reference()).stream().map(Alias::name).toList();
    }

    private static StoreChange put(String name, KeyRecord target) {
        return new StoreChange.PutAlias(StoreContractTest.alias(name, target));
    }

    private StoreChange delete(String name) {
        return new StoreChange.DeleteAlias(ACCOUNT, first.reference().region(), name);
    }

    private static StoreContents contents(long position, Alias... aliases) {
        return new StoreContents(position, List.of(), List.of(), List.of(aliases), List.of(), List.of(), List.of());
    }
}
