package dev.meridian.audit.sqlite;

import dev.meridian.sqlite.SqlitePageLimit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the audit database is kept within its size bound, and its free space returned.
 *
 * <ul>
 *   <li><b>The bound.</b> Each {@link SqliteAuditStore#append} that takes the records' pages (the
 *       database's pages less its free ones) past the bound deletes the oldest chunks, whole, in the same
 *       transaction, until the records are a margin under it: a sixteenth of the bound, at most 16 MiB, so
 *       that deletions come in steps rather than at every batch. After every append the records are within
 *       the bound; the file holds them and up to the margin of free pages, which later batches reuse. One
 *       append deletes at most 64 MiB: a bound lowered far below what is stored is reached over several
 *       appends, never in one long transaction that would stall the writer.</li>
 *   <li><b>Giving space back.</b> A database created by this version uses {@code auto_vacuum=INCREMENTAL}:
 *       free pages beyond the margin (after retention deleted much, or the bound was lowered) go back to
 *       the file system, at most {@value #VACUUM_PAGES_PER_APPEND} pages per append. An older database
 *       (SQLite switches auto-vacuum on only with a {@code VACUUM}, which rewrites the file and needs as
 *       much free disk again) keeps the size it reached and reuses it; the README says how to convert one
 *       offline.</li>
 * </ul>
 *
 * <p>Used by the store's writer, inside its transactions; not thread-safe.
 */
final class AuditSpace {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteAuditStore.class);
    /** The most free space kept for reuse below the bound (and in an unbounded database). */
    private static final long MAXIMUM_MARGIN_BYTES = 16L << 20;
    /** The most free pages one append gives back to the file system (1 MiB of 4 KiB pages). */
    static final int VACUUM_PAGES_PER_APPEND = 256;
    /** The most one append deletes to keep within the bound (a bound just lowered is reached in steps). */
    private static final long MAXIMUM_DELETION_BYTES = 64L << 20;
    /** Bytes a chunk's row takes beside its records, as an estimate (the loop measures again anyway). */
    private static final long ROW_OVERHEAD_BYTES = 48;
    private static final long LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final String OLDEST = "SELECT sequence, length(records), record_count FROM audit_chunks ORDER BY sequence";
    private final long maximumBytes;
    /** How far under the bound a deletion for size goes, and how much free space is kept for reuse. */
    private final long marginBytes;
    private final long pageSize;
    private final boolean incrementalVacuum;
    private long deletedForSize;
    private long lastSizeLog = System.nanoTime() - LOG_INTERVAL_NANOS;

    /** For the database of {@code writer}, bounded to {@code maximumBytes} (0: no bound). */
    AuditSpace(Connection writer, long maximumBytes) throws SQLException {
        this.maximumBytes = maximumBytes;
        this.marginBytes = maximumBytes == 0 ? MAXIMUM_MARGIN_BYTES : Math.min(maximumBytes / 16, MAXIMUM_MARGIN_BYTES);
        this.pageSize = SqlitePageLimit.pragma(writer, "page_size");
        this.incrementalVacuum = SqlitePageLimit.pragma(writer, "auto_vacuum") == 2;
    }

    /** What the records take in the database: its pages less the free ones (WAL frames included). */
    long usedBytes(Connection connection) throws SQLException {
        return (SqlitePageLimit.pragma(connection, "page_count") - SqlitePageLimit.pragma(connection, "freelist_count"))
                * pageSize;
    }

    /**
     * Past the bound, deletes the oldest chunks, whole, until the records take the bound less the margin.
     * Each round deletes at least one chunk and measures again; rounds are few, as a chunk's size is known.
     * One append deletes at most {@value #MAXIMUM_DELETION_BYTES} bytes of chunks, so that a bound lowered far
     * below what is stored is reached over several appends rather than in one long transaction.
     * Returns how many records it deleted.
     */
    long keepWithinBound(Connection writer) throws SQLException {
        long deleted = 0;
        if (maximumBytes == 0) {
            return deleted;
        }
        long used = usedBytes(writer);
        long freedInAll = 0;
        while (used > maximumBytes && freedInAll < MAXIMUM_DELETION_BYTES) {
            long toFree = Math.min(used - maximumBytes + marginBytes, MAXIMUM_DELETION_BYTES - freedInAll);
            long through = -1;
            long freed = 0;
            long records = 0;
            try (PreparedStatement oldest = writer.prepareStatement(OLDEST); ResultSet rows = oldest.executeQuery()) {
                while (freed < toFree && rows.next()) {
                    through = rows.getLong(1);
                    freed += rows.getLong(2) + ROW_OVERHEAD_BYTES;
                    records += rows.getLong(3);
                }
            }
            if (through < 0) {
                return deleted;
            }
            try (PreparedStatement delete = writer.prepareStatement("DELETE FROM audit_chunks WHERE sequence <= ?")) {
                delete.setLong(1, through);
                delete.executeUpdate();
            }
            deleted += records;
            freedInAll += freed;
            used = usedBytes(writer);
        }
        return deleted;
    }

    /** Gives free pages beyond the margin back to the file system, a bounded number per call. */
    void releaseFreePages(Connection writer) throws SQLException {
        if (!incrementalVacuum) {
            return;
        }
        long excessPages = SqlitePageLimit.pragma(writer, "freelist_count") - marginBytes / pageSize;
        if (excessPages > 0) {
            try (Statement statement = writer.createStatement()) {
                // executeUpdate runs the pragma to its end; execute would free a single page.
                statement.executeUpdate("PRAGMA incremental_vacuum(" + Math.min(excessPages, VACUUM_PAGES_PER_APPEND) + ")");
            }
        }
    }

    /** Counts records deleted for size, and logs them once a minute at most. */
    void logDeleted(long deleted) {
        deletedForSize += deleted;
        if (deletedForSize > 0 && System.nanoTime() - lastSizeLog >= LOG_INTERVAL_NANOS) {
            LOG.info("Deleted the {} oldest audit records to keep them within {} bytes", deletedForSize, maximumBytes);
            deletedForSize = 0;
            lastSizeLog = System.nanoTime();
        }
    }
}
