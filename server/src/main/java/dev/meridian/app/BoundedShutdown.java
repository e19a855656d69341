package dev.meridian.app;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a server's close within a deadline. The close runs on a thread of its own; if it has not finished
 * when the deadline passes (a worker stuck on a lock, a store that hangs), the caller is told and may halt
 * the process rather than wait forever. The abandoned close goes on (its thread is a daemon) until the
 * process ends.
 */
public final class BoundedShutdown {
    private static final Logger LOG = LoggerFactory.getLogger(BoundedShutdown.class);
    /**
     * How long SIGTERM may take: the server gives requests under way up to 10 seconds, then writes what
     * is queued and closes its stores.
     */
    public static final Duration DEADLINE = Duration.ofSeconds(15);

    private BoundedShutdown() {
    }

    /**
     * Runs {@code close} and waits at most {@code deadline}; true when it finished in time (a close that
     * fails is logged, and counts as finished: there is nothing left to wait for).
     */
    public static boolean runWithin(Runnable close, Duration deadline) {
        CountDownLatch finished = new CountDownLatch(1);
        Thread closing = new Thread(() -> {
            try {
                close.run();
            } catch (RuntimeException | Error e) {
                LOG.error("The server did not close cleanly", e);
            } finally {
                finished.countDown();
            }
        }, "meridian-close");
        closing.setDaemon(true);
        closing.start();
        try {
            return finished.await(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
