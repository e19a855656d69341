package dev.meridian.store;

/**
 * Durable storage of Meridian's state: key records, wrapped material, aliases, grants, the last use of
 * each key and the replication outbox.
 *
 * <p>Guarantees every implementation makes:
 * <ul>
 *   <li>{@link #commit} is atomic and durable: when it returns, every change of the batch survives a crash
 *       of the process or the machine; when it throws, none of them was applied.</li>
 *   <li>{@link #load} returns exactly what the committed batches left.</li>
 *   <li>Failures are reported as {@link StoreException}, never as a service error: the store knows
 *       nothing of the KMS API.</li>
 * </ul>
 * Implementations are safe for use by several threads; callers serialize writes that depend on each other.
 */
public interface Store extends AutoCloseable {

    /** Everything the store holds. */
    StoreContents load();

    /** Applies every change of {@code batch} in one transaction, durably. */
    void commit(StoreBatch batch);

    @Override
    void close();
}
