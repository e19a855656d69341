package dev.meridian.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log Meridian runs: records go to an in-memory queue, and one writer thread stores them in
 * batches, one transaction per batch.
 *
 * <ul>
 *   <li><b>The request path.</b> {@link #record} is a lock-free enqueue and a counter increment: no I/O,
 *       no lock, no waiting.</li>
 *   <li><b>Batches.</b> The writer wakes every {@code batchInterval}, or as soon as {@code batchSize}
 *       records wait, or when a lookup or {@link #close()} asks, and stores everything queued.</li>
 *   <li><b>A full queue.</b> The queue holds {@code capacity} records. When it is full, {@link #admits()}
 *       answers false and the request is refused rather than served without a record: the trail stays
 *       complete (fail closed). The queue only fills when the storage stalls or fails.</li>
 *   <li><b>A failing store</b> (a full disk, an I/O error). The writer keeps the batch and every queued
 *       record, and retries after 100 ms, then twice as long each time up to {@value #MAXIMUM_RETRY_SECONDS}
 *       seconds; it logs one line when the store starts failing and one when it writes again, not one per
 *       attempt. Requests are refused once the queue is full, and served again as soon as it drains.
 *       Meanwhile lookups answer at once with what is stored, rather than wait for the writer.</li>
 *   <li><b>What a crash loses.</b> Records still in the queue: at most what arrived during one batch
 *       interval, plus the batch being written. Stored batches survive (the store commits durably).</li>
 *   <li><b>Lookups</b> first have the writer store everything queued, so they see every record queued
 *       before them.</li>
 * </ul>
 */
public final class BatchingAuditLog implements AuditLog {
    private static final Logger LOG = LoggerFactory.getLogger(BatchingAuditLog.class);
    public static final int DEFAULT_CAPACITY = 100_000;
    public static final int DEFAULT_BATCH_SIZE = 2_000;
    public static final Duration DEFAULT_BATCH_INTERVAL = Duration.ofMillis(200);
    private static final long FLUSH_WAIT_MILLIS = 10_000;
    private static final Duration PRUNE_INTERVAL = Duration.ofMinutes(1);
    private static final long FIRST_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    static final int MAXIMUM_RETRY_SECONDS = 5;

    private final AuditStore store;
    private final int capacity;
    private final int batchSize;
    private final long batchIntervalNanos;
    private final ConcurrentLinkedQueue<AuditEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong flushRequests = new AtomicLong();
    private final Object flushMonitor = new Object();
    private volatile long flushedRequest;
    private volatile boolean closing;
    /** Whether the last attempt to store failed: lookups then do not wait for the writer. */
    private volatile boolean failing;
    /** When the store started failing (System.nanoTime); writer thread only. */
    private long failingSince;
    /** Records dropped because the store still failed when the log closed (writer thread only). */
    private long lostAtClose;
    private final Thread writer;
    private volatile Retention retention;
    private Instant lastPrune = Instant.MIN;

    /** How long records are kept, by which clock. */
    private record Retention(Duration period, Clock clock) {
    }

    public BatchingAuditLog(AuditStore store) {
        this(store, DEFAULT_CAPACITY, DEFAULT_BATCH_SIZE, DEFAULT_BATCH_INTERVAL);
    }

    public BatchingAuditLog(AuditStore store, int capacity, int batchSize, Duration batchInterval) {
        if (capacity < 1 || batchSize < 1 || batchInterval.isNegative() || batchInterval.isZero()) {
            throw new IllegalArgumentException("Capacity, batch size and batch interval must be positive");
        }
        this.store = Objects.requireNonNull(store, "store");
        this.capacity = capacity;
        this.batchSize = batchSize;
        this.batchIntervalNanos = batchInterval.toNanos();
        this.writer = new Thread(this::writeLoop, "meridian-audit-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /**
     * Keeps records for {@code period} by {@code clock}: the writer deletes older ones once a minute (by that
     * clock), between batches. {@link Duration#ZERO} keeps everything.
     */
    public BatchingAuditLog retain(Duration period, Clock clock) {
        this.retention = period.isZero() ? null : new Retention(period, clock);
        LockSupport.unpark(writer);
        return this;
    }

    private void pruneIfDue() {
        Retention current = retention;
        if (current == null) {
            return;
        }
        Instant now = current.clock().instant();
        if (Duration.between(lastPrune, now).compareTo(PRUNE_INTERVAL) < 0) {
            return;
        }
        lastPrune = now;
        try {
            int pruned = store.prune(now.minus(current.period()));
            if (pruned > 0) {
                LOG.info("Deleted {} audit records older than {}", pruned, current.period());
            }
        } catch (RuntimeException e) {
            LOG.error("Cannot delete old audit records; trying again in a minute", e);
        }
    }

    @Override
    public boolean admits() {
        return queued.get() < capacity;
    }

    @Override
    public int queuedRecords() {
        return queued.get();
    }

    @Override
    public void record(AuditEvent event) {
        queue.offer(event);
        if (queued.incrementAndGet() == batchSize) {
            LockSupport.unpark(writer);
        }
    }

    @Override
    public AuditPage lookup(AuditQuery query) {
        flush();
        return store.lookup(query);
    }

    /**
     * Has the writer store what is queued (waiting as a lookup does; not when the store fails: those records
     * are then stored after the deletion), then deletes everything stored.
     */
    @Override
    public void clear() {
        flush();
        store.clear();
    }

    /** Has the writer store everything queued before this call, and waits for it (bounded). */
    void flush() {
        if (failing) {
            return;
        }
        long request = flushRequests.incrementAndGet();
        LockSupport.unpark(writer);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FLUSH_WAIT_MILLIS);
        synchronized (flushMonitor) {
            while (flushedRequest < request && writer.isAlive() && !failing) {
                long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remaining <= 0) {
                    LOG.warn("The audit writer did not store the queued records within {} ms", FLUSH_WAIT_MILLIS);
                    return;
                }
                try {
                    flushMonitor.wait(remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void writeLoop() {
        List<AuditEvent> batch = new ArrayList<>(batchSize);
        while (true) {
            long request = flushRequests.get();
            boolean stopping = closing;
            if (!stopping && request == flushedRequest && queued.get() < batchSize) {
                LockSupport.parkNanos(this, batchIntervalNanos);
                request = flushRequests.get();
                stopping = closing;
            }
            AuditEvent event;
            while ((event = queue.poll()) != null) {
                batch.add(event);
                if (batch.size() == batchSize) {
                    store(batch);
                }
            }
            store(batch);
            pruneIfDue();
            if (request != flushedRequest) {
                synchronized (flushMonitor) {
                    flushedRequest = request;
                    flushMonitor.notifyAll();
                }
            }
            if (stopping && queue.isEmpty()) {
                if (lostAtClose > 0) {
                    LOG.error("Closing while the audit trail cannot be written: {} audit records are lost", lostAtClose);
                }
                return;
            }
        }
    }

    /**
     * Stores the batch, retrying with back-off until it is stored, or until the log closes with the store
     * still failing: the batch is then dropped, and counted in the one line the writer logs as it stops.
     */
    private void store(List<AuditEvent> batch) {
        if (batch.isEmpty()) {
            return;
        }
        long retryNanos = FIRST_RETRY_NANOS;
        while (!tryAppend(batch)) {
            if (closing) {
                lostAtClose += batch.size();
                break;
            }
            LockSupport.parkNanos(this, retryNanos);
            retryNanos = Math.min(retryNanos * 2, TimeUnit.SECONDS.toNanos(MAXIMUM_RETRY_SECONDS));
        }
        queued.addAndGet(-batch.size());
        batch.clear();
    }

    /** One attempt to store the batch; logs one line when the store starts failing and one when it recovers. */
    private boolean tryAppend(List<AuditEvent> batch) {
        try {
            store.append(batch);
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                failingSince = System.nanoTime();
                LOG.error("Cannot write the audit trail ({}); keeping its {} records queued and retrying;"
                        + " requests are refused once {} wait", e.getMessage(), queued.get(), capacity);
                synchronized (flushMonitor) {
                    flushMonitor.notifyAll();
                }
            }
            return false;
        }
        if (failing) {
            LOG.warn("The audit trail is written again after {} s; {} records were waiting",
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - failingSince), queued.get());
            failing = false;
        }
        return true;
    }

    @Override
    public void close() {
        closing = true;
        LockSupport.unpark(writer);
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
    }
}
