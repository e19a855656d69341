package dev.meridian.audit.sqlite;

import dev.meridian.audit.AuditStore;
import dev.meridian.audit.AuditStoreContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The audit store contract, for the SQLite store ({@code audit.db}). */
class SqliteAuditStoreContractTest extends AuditStoreContractTest {
    @TempDir
    Path folder;

    @Override
    protected AuditStore openStorage() {
        return SqliteAuditStore.open(folder.resolve("audit.db"));
    }
}
