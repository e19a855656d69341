package dev.meridian.audit;

/**
 * Where audit records go, and where LookupEvents reads them back. Implementations are thread-safe.
 *
 * <p>Recording is split in two so that the request path never waits: {@link #admits()} says, before a
 * request is served, whether its record will fit; {@link #record} queues it without blocking and
 * without I/O. Records become durable shortly after (see the implementation for how shortly); a lookup
 * sees every record queued before it began.
 */
public interface AuditLog extends AutoCloseable {
    /** A log that keeps nothing: for embedding the HTTP front without an audit trail. */
    AuditLog DISCARD = new AuditLog() {
        @Override
        public boolean admits() {
            return true;
        }

        @Override
        public void record(AuditEvent event) {
        }

        @Override
        public AuditPage lookup(AuditQuery query) {
            return new AuditPage(java.util.List.of(), null);
        }

        @Override
        public void clear() {
        }

        @Override
        public void close() {
        }
    };

    /** True when one more record fits in the queue; a request for which it is false must be refused. */
    boolean admits();

    /** How many records wait in the queue, not yet stored; never blocks (zero for a log without a queue). */
    default int queuedRecords() {
        return 0;
    }

    /** Queues one record. Never blocks and never does I/O. */
    void record(AuditEvent event);

    /**
     * The matching records, newest first, including every record queued before this call; while the storage
     * fails (a full disk), at once and only those stored.
     */
    AuditPage lookup(AuditQuery query);

    /**
     * Deletes every record (a reset for tests): first the queued ones are stored, then everything stored is
     * deleted. Records queued while it runs may survive it.
     */
    void clear();

    /** Writes every queued record, then releases the storage. */
    @Override
    void close();
}
