package dev.meridian.audit;

import java.util.List;

/**
 * Durable storage of audit records. Used by one writer thread for {@link #append} and by any thread for
 * {@link #lookup}; implementations make that safe. Throws {@link java.io.UncheckedIOException} or
 * {@link IllegalStateException} when the storage fails.
 */
public interface AuditStore extends AutoCloseable {
    /** Stores the events in one transaction, in order: all of them or none. */
    void append(List<AuditEvent> events);

    /** The matching records, newest first. */
    AuditPage lookup(AuditQuery query);

    /**
     * Deletes records older than {@code cutoff}, a whole stored unit at a time (an implementation may keep a
     * few older records that share a unit with newer ones); returns how many it deleted.
     */
    int prune(java.time.Instant cutoff);

    /** Deletes every record, in one transaction (a reset for tests). */
    void clear();

    @Override
    void close();
}
