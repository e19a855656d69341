package dev.meridian.store.sqlite;

import dev.meridian.store.Store;
import dev.meridian.store.StoreContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store contract, for the embedded store. */
class SqliteStoreContractTest extends StoreContractTest {
    @TempDir
    Path folder;

    @Override
    protected Store openStore() {
        return SqliteStore.open(folder.resolve("meridian.db"));
    }
}
