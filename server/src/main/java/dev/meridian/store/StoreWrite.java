package dev.meridian.store;

/**
 * One write, holding the store's write lock from {@link Store#beginWrite} to {@link #close}: read what others
 * committed, take sequence numbers, commit once.
 */
public interface StoreWrite extends AutoCloseable {

    /** What was committed after {@code position}, read under the write lock (see {@link Store#changesSince}). */
    StoreChanges changesSince(long position);

    /** A replication event sequence number, from the store: greater than every one taken before, by anyone. */
    long nextEventSequence();

    /**
     * Applies every change of {@code batch} in one transaction, in order, durably; returns the position of this
     * commit (the position before it when the batch is empty). At most once per write.
     */
    long commit(StoreBatch batch);

    /** Releases the write lock; rolls back anything not committed. Never throws for a lost connection. */
    @Override
    void close();
}
