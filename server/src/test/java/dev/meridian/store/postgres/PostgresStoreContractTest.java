package dev.meridian.store.postgres;

import dev.meridian.postgres.PostgresSettings;
import dev.meridian.store.Store;
import dev.meridian.store.StoreContractTest;
import dev.meridian.testing.PostgresTestDatabase;

/** The store contract, for the PostgreSQL store (a fresh database per test on the JVM's embedded PostgreSQL). */
class PostgresStoreContractTest extends StoreContractTest {
    private final PostgresSettings database = PostgresTestDatabase.create();

    @Override
    protected Store openStore() {
        return PostgresStore.open(database);
    }
}
