package dev.meridian.store.postgres;

import dev.meridian.postgres.PostgresConnection;
import dev.meridian.postgres.PostgresSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a process when another one committed: a daemon thread with its own connection that {@code LISTEN}s on the
 * store's channel and calls the listener for each notification of a position this process did not commit itself.
 * Every {@link #CHECK_MILLIS} it also reads the latest position and calls the listener when it is one it has not
 * seen (a notification lost, for example while its connection was down) or one before the last it saw (the database
 * put back to a backup). After a lost connection it connects again
 * by itself, and then calls the listener once (what was committed meanwhile was not notified to it).
 */
final class ForeignCommitListener {
    static final int CHECK_MILLIS = 500;
    private static final Logger LOG = LoggerFactory.getLogger(ForeignCommitListener.class);
    private static final int MAXIMUM_OWN_COMMITS = 100_000;

    private final PostgresSettings settings;
    private final String channel;
    private final Runnable listener;
    private final Set<Long> ownCommits = ConcurrentHashMap.newKeySet();
    private final AtomicLong lastSeen = new AtomicLong();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;
    private long lastCheck = System.nanoTime();

    ForeignCommitListener(PostgresSettings settings, String channel, Runnable listener) {
        this.settings = settings;
        this.channel = channel;
        this.listener = listener;
        this.thread = new Thread(this::run, "meridian-store-listener");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** This process is about to commit {@code position}: its notification is not another process's commit. */
    void committing(long position) {
        if (ownCommits.size() >= MAXIMUM_OWN_COMMITS) {
            ownCommits.clear(); // notifications are not arriving: the periodic check covers it
        }
        ownCommits.add(position);
    }

    /** The commit of {@code position} succeeded ({@code true}) or failed. */
    void committed(long position, boolean succeeded) {
        if (succeeded) {
            lastSeen.accumulateAndGet(position, Math::max);
        } else {
            ownCommits.remove(position);
        }
    }

    /** Stops the thread (waiting for it briefly) and closes its connection. */
    void stop() {
        stopped.countDown();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        Connection connection = null;
        boolean lost = false;
        while (stopped.getCount() > 0) {
            try {
                if (connection == null) {
                    connection = listen();
                    if (lost) {
                        LOG.info("Listening to the store's commits again on {}", settings);
                        lost = false;
                    }
                    notifyListener(); // commits made before (or while) it listened were not notified
                }
                if (waitForForeignCommit(connection)) {
                    notifyListener();
                }
            } catch (SQLException e) {
                if (connection != null) {
                    PostgresConnection.closeQuietly(connection);
                    connection = null;
                }
                if (!lost) {
                    LOG.warn("Lost the connection that listens to the store's commits on {}: {}; connecting again",
                            settings, e.getMessage());
                    lost = true;
                }
                awaitStop(CHECK_MILLIS);
            }
        }
        if (connection != null) {
            PostgresConnection.closeQuietly(connection);
        }
    }

    private Connection listen() throws SQLException {
        Connection connection = settings.connect();
        try (Statement statement = connection.createStatement()) {
            statement.execute("LISTEN " + channel);
            ownCommits.clear(); // notifications sent while it did not listen are lost
            lastSeen.accumulateAndGet(ChangeLog.latest(connection), Math::max);
            return connection;
        } catch (SQLException | RuntimeException e) {
            PostgresConnection.closeQuietly(connection);
            throw e;
        }
    }

    /**
     * Waits up to {@link #CHECK_MILLIS} for notifications; returns whether another process committed (notified, or
     * the latest position is one not seen).
     */
    private boolean waitForForeignCommit(Connection connection) throws SQLException {
        PGNotification[] notifications = connection.unwrap(PGConnection.class).getNotifications(CHECK_MILLIS);
        boolean foreign = false;
        if (notifications != null) {
            for (PGNotification notification : notifications) {
                long position = parse(notification.getParameter());
                if (!ownCommits.remove(position)) {
                    foreign = true;
                }
                lastSeen.accumulateAndGet(position, Math::max);
            }
        }
        long now = System.nanoTime();
        if (foreign || stopped.getCount() == 0 || now - lastCheck < TimeUnit.MILLISECONDS.toNanos(CHECK_MILLIS / 2)) {
            return foreign;
        }
        lastCheck = now;
        long latest = ChangeLog.latest(connection);
        // A position never seen, or one before the last seen: positions only grow, so the database went back (a
        // backup restored), and the copy must take what it holds now.
        return lastSeen.getAndSet(latest) != latest;
    }

    private void notifyListener() {
        try {
            listener.run();
        } catch (RuntimeException e) {
            LOG.warn("The store's commit listener failed", e);
        }
    }

    private void awaitStop(long millis) {
        try {
            stopped.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped.countDown();
        }
    }

    private static long parse(String payload) {
        try {
            return Long.parseLong(payload);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
