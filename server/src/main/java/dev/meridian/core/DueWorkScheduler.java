package dev.meridian.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one scheduler of timed transitions: replication events (new replicas, primary changes, rotated
 * material and rotation settings reaching replicas), the ends of deletion windows, automatic rotations and
 * the expiry of imported material. Every due time lives in the store; at start the scheduler does
 * everything already due and waits for the rest, and each newly committed due time wakes it when it
 * comes. It also runs the periodic flush of the keys' last uses ({@link #repeat}). One thread; the work
 * itself takes the registry's write lock.
 */
final class DueWorkScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DueWorkScheduler.class);
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "meridian-due-work");
        thread.setDaemon(true);
        return thread;
    });
    private final Clock clock;
    private final Runnable work;
    /** Bumped by {@link #forgetWakeUps()}: a wake-up set before it does nothing when it fires. */
    private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();

    DueWorkScheduler(Clock clock, Runnable work) {
        this.clock = clock;
        this.work = work;
    }

    /** Runs the work once now, in the scheduler's thread. */
    void runNow() {
        executor.execute(this::runSafely);
    }

    /**
     * Runs the work when {@code dueAt} comes (at once when it has passed). A timer that fires before the
     * clock reaches {@code dueAt} (timer granularity, a clock that differs from the timer's) waits again
     * rather than running work that would find nothing due yet.
     */
    void wakeAt(Instant dueAt) {
        wakeAt(dueAt, generation.get());
    }

    private void wakeAt(Instant dueAt, long setIn) {
        long delayNanos = Math.max(0, Duration.between(clock.instant(), dueAt).toNanos());
        executor.schedule(() -> {
            if (generation.get() != setIn) {
                return;
            }
            if (clock.instant().isBefore(dueAt)) {
                wakeAt(dueAt, setIn);
            } else {
                runSafely();
            }
        }, delayNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Makes every wake-up set so far do nothing when it fires (a reset removed what they were for); wake-ups
     * set afterwards, and the periodic work, run as usual.
     */
    void forgetWakeUps() {
        generation.incrementAndGet();
    }

    /**
     * Runs {@code task} every {@code period} of real time (not the clock's), in the scheduler's thread; a
     * failure is logged and the next period tries again.
     */
    void repeat(Duration period, Runnable task) {
        executor.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("Periodic work failed; trying again in {}", period, e);
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runSafely() {
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.error("Timed work failed; retrying in one second", e);
            executor.schedule(this::runSafely, 1, TimeUnit.SECONDS);
        }
    }

    /** Waits until everything queued before this call has run. */
    void awaitIdle() throws InterruptedException {
        try {
            executor.submit(() -> { }).get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
