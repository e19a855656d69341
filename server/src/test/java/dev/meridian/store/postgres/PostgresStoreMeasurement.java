package dev.meridian.store.postgres;

import dev.meridian.model.KeyRecord;
import dev.meridian.postgres.PostgresSettings;
import dev.meridian.store.Store;
import dev.meridian.store.StoreBatch;
import dev.meridian.store.StoreContractTest;
import dev.meridian.store.StoreWrite;
import dev.meridian.store.sqlite.SqliteStore;
import dev.meridian.testing.PostgresTestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Latencies of the PostgreSQL store on the JVM's embedded PostgreSQL, printed (not asserted): a registry's write
 * (lock, catch-up, commit), changesSince, and the time from a commit on one store to another store's listener having
 * read it. Not part of the suite (its name does not end in Test); run it with
 * {@code mvn -B -o -q -pl server test -Dtest=PostgresStoreMeasurement -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class PostgresStoreMeasurement {
    private static final int ROUNDS = 500;

    @Test
    void measure() throws Exception {
        PostgresSettings database = PostgresTestDatabase.create();
        try (PostgresStore writer = PostgresStore.open(database); PostgresStore reader = PostgresStore.open(database)) {
            writes("PostgreSQL", writer);
            long[] nothing = new long[ROUNDS];
            long[] oneKey = new long[ROUNDS];
            for (int i = 0; i < ROUNDS; i++) {
                long before = reader.load().position();
                long after = writer.commit(new StoreBatch().putKey(key()));
                long start = System.nanoTime();
                reader.changesSince(before);
                oneKey[i] = System.nanoTime() - start;
                start = System.nanoTime();
                reader.changesSince(after);
                nothing[i] = System.nanoTime() - start;
            }
            print("changesSince, nothing new", nothing);
            print("changesSince, one key changed", oneKey);
            propagation(writer, reader);
        }
        Path folder = Files.createTempDirectory("meridian-measure");
        try (SqliteStore sqlite = SqliteStore.open(folder.resolve("meridian.db"))) {
            writes("SQLite", sqlite);
        }
    }

    /** A registry's write: take the lock, read what others committed, commit a new key with its material. */
    private static void writes(String name, Store store) {
        long[] latencies = new long[ROUNDS];
        long position = store.load().position();
        for (int i = 0; i < ROUNDS; i++) {
            KeyRecord key = key();
            long start = System.nanoTime();
            try (StoreWrite write = store.beginWrite()) {
                write.changesSince(position);
                position = write.commit(new StoreBatch().putKey(key).putMaterial(StoreContractTest.material(key, 1)));
            }
            latencies[i] = System.nanoTime() - start;
        }
        print(name + " write (lock, catch-up, commit of a key and its material)", latencies);
    }

    /** From the start of a commit on {@code writer} until {@code reader}'s listener has read it. */
    private static void propagation(PostgresStore writer, PostgresStore reader) throws InterruptedException {
        BlockingQueue<long[]> seen = new LinkedBlockingQueue<>();
        AtomicLong readerPosition = new AtomicLong(reader.load().position());
        reader.onForeignCommit(() -> {
            long position = reader.changesSince(readerPosition.get()).position();
            readerPosition.set(position);
            seen.add(new long[] {position, System.nanoTime()});
        });
        long[] fromStart = new long[ROUNDS];
        long[] fromReturn = new long[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            long start = System.nanoTime();
            long position = writer.commit(new StoreBatch().putKey(key()));
            long returned = System.nanoTime();
            while (true) {
                long[] observed = seen.poll(10, TimeUnit.SECONDS);
                if (observed == null) {
                    throw new IllegalStateException("The reader did not hear of position " + position);
                }
                if (observed[0] >= position) {
                    fromStart[i] = observed[1] - start;
                    fromReturn[i] = Math.max(0, observed[1] - returned);
                    break;
                }
            }
        }
        print("commit on one store -> read by the other's listener, from the commit's start", fromStart);
        print("commit on one store -> read by the other's listener, from the commit's return", fromReturn);
    }

    private static KeyRecord key() {
        return StoreContractTest.key(UUID.randomUUID().toString());
    }

    private static void print(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("%s: median %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms (%d rounds)%n", what,
                sorted[sorted.length / 2] / 1e6, sorted[sorted.length * 9 / 10] / 1e6,
                sorted[sorted.length * 99 / 100] / 1e6, sorted[sorted.length - 1] / 1e6, sorted.length);
    }
}
