package dev.meridian.store;

import java.time.Duration;
import java.util.Optional;

/**
 * Durable storage of Meridian's state: key records, wrapped material, aliases, grants, the last use of
 * each key and the replication outbox. The store is the authority; every process serving from it keeps a copy
 * in memory that it brings up to date with {@link #changesSince}.
 *
 * <p>Guarantees every implementation makes:
 * <ul>
 *   <li>Writes are serialized across every process that shares the store: {@link #beginWrite} returns once the
 *       caller holds the store's write lock, and no other write (of this process or another) commits until it is
 *       released. A store may bound the wait (PostgreSQL's does: its write lock timeout): past the bound
 *       {@link #beginWrite} throws {@link StoreTimeoutException} and nothing was written. A writer that first applies {@link StoreWrite#changesSince} therefore decides on the committed
 *       state: uniqueness, quotas and state transitions are decided once, by the store.</li>
 *   <li>{@link StoreWrite#commit} is atomic and durable: when it returns, every change of the batch survives a
 *       crash of the process or the machine; when it throws, none of them was applied.</li>
 *   <li>Positions are the store's: every commit that changes what a copy in memory holds (anything but last uses,
 *       which each process keeps for itself) gets a position greater than every earlier commit's, in commit order.
 *       {@link #load} and {@link #changesSince} say which position they reflect.</li>
 *   <li>Failures are reported as {@link StoreException}, never as a service error: the store knows nothing of
 *       the KMS API.</li>
 * </ul>
 * Implementations are safe for use by several threads.
 */
public interface Store extends AutoCloseable {

    /** Everything the store holds, at one position. */
    StoreContents load();

    /**
     * Takes the store's write lock (waiting for it, at most as long as the store's bound if it has one: then
     * {@link StoreTimeoutException}), for one write. Close the returned write in every case: that
     * releases the lock, and rolls back unless its commit succeeded.
     */
    default StoreWrite beginWrite() {
        return beginWrite(WriteDeadline.none());
    }

    /**
     * The same, waiting no later than {@code deadline} either (then {@link StoreTimeoutException}, nothing taken): a
     * writer that already waited for its process's turn passes the deadline it started with, so that both waits
     * together keep to the store's bound ({@link #writeWaitLimit}). A store without a bound may ignore it.
     */
    StoreWrite beginWrite(WriteDeadline deadline);

    /**
     * The longest a write may wait to begin, if the store bounds it: for another process's write (which
     * {@link #beginWrite} keeps to) and for this process's own writes, which a process's writers keep to before they
     * call {@link #beginWrite}, so that one stuck write holds no writer longer. Empty, the default: no bound (a store
     * only this process writes).
     */
    default Optional<Duration> writeWaitLimit() {
        return Optional.empty();
    }

    /** Commits {@code batch} as one write of its own (see {@link StoreWrite#commit}); returns its position. */
    default long commit(StoreBatch batch) {
        try (StoreWrite write = beginWrite()) {
            return write.commit(batch);
        }
    }

    /**
     * What was committed after {@code position}, by this process or another, as changes that bring a copy taken at
     * {@code position} to the store's state; does not take the write lock.
     */
    StoreChanges changesSince(long position);

    /**
     * Whether other processes may write to this store: then a key or alias this process has not seen may exist,
     * and a miss is worth a {@link #changesSince}. The embedded store is never shared.
     */
    default boolean isShared() {
        return false;
    }

    /**
     * Asks the store to call {@code listener} when another process may have committed (a notification from the
     * database); the listener then calls {@link #changesSince}. It may be called spuriously, and on the store's own
     * thread. A store that is never shared (the embedded one) never calls it. Set once, before writes begin.
     */
    default void onForeignCommit(Runnable listener) {
    }

    /**
     * The root key's check value the store holds, storing {@code proposed} first when it holds none (in one
     * atomic step, so that two processes starting at once agree). A process whose root key does not match the
     * returned check refuses to start.
     */
    byte[] rootKeyCheck(byte[] proposed);

    @Override
    void close();
}
