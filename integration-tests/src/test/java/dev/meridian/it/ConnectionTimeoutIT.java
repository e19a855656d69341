package dev.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.app.ServerConfiguration;
import dev.meridian.store.ForwardingStore;
import dev.meridian.store.Store;
import dev.meridian.store.StoreBatch;
import dev.meridian.store.StoreContents;
import dev.meridian.testkit.EmbeddedMeridian;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Connections that hold the server without using it are closed: silent ones after {@code --connection-timeout},
 * and requests that do not arrive whole within it (a client sending a byte now and then). A request that
 * has arrived is answered however long the answer takes.
 */
class ConnectionTimeoutIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** How long a test waits for the server to act: the timeout plus room for a loaded machine. */
    private static final Duration BOUND = Duration.ofSeconds(15);
    private static final AtomicBoolean HOLD_COMMITS = new AtomicBoolean();
    private static final CountDownLatch COMMIT_HELD = new CountDownLatch(1);
    private static final CountDownLatch RELEASE_COMMIT = new CountDownLatch(1);
    private static EmbeddedMeridian server;

    /** A store whose next commit, once asked, waits until released: an answer that takes as long as the test wants. */
    private static final class HeldStore extends ForwardingStore {

        HeldStore(Store delegate) {
            super(delegate);
        }

        @Override
        protected void beforeCommit(StoreBatch batch) {
            if (HOLD_COMMITS.getAndSet(false)) {
                COMMIT_HELD.countDown();
                try {
                    RELEASE_COMMIT.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @BeforeAll
    static void start() {
        server = EmbeddedMeridian.start(ServerConfiguration.builder().replicationDelay(Duration.ZERO)
                .connectionTimeout(TIMEOUT), HeldStore::new);
    }

    @AfterAll
    static void stop() {
        RELEASE_COMMIT.countDown();
        server.close();
    }

    @Test
    void aConnectionThatSendsNothingIsClosed() {
        try (RawHttp connection = new RawHttp(server.endpoint(), BOUND)) {
            long started = System.nanoTime();
            assertThat(connection.closedByServer()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(TIMEOUT.minusMillis(100));
        }
    }

    @Test
    void anIdleConnectionIsClosedAfterItsAnswer() {
        try (RawHttp connection = new RawHttp(server.endpoint(), BOUND)) {
            RawHttp.Response answer = connection.send(RawHttp.request("GenerateRandom", "{\"NumberOfBytes\":8}")).readFinal();
            assertThat(answer.status()).isEqualTo(200);
            assertThat(connection.closedByServer()).isTrue();
        }
    }

    @Test
    void aRequestSentAByteAtATimeIsCutOffAtTheTimeout() throws InterruptedException {
        try (RawHttp connection = new RawHttp(server.endpoint(), Duration.ofMillis(50))) {
            connection.send(RawHttp.ascii("POST / HTTP/1.1\r\nHost: localhost\r\n"));
            long started = System.nanoTime();
            boolean closed = false;
            // The client keeps the connection busy (a header byte every 100 ms), but never finishes the request.
            while (!closed && System.nanoTime() - started < BOUND.toNanos()) {
                try {
                    connection.send(RawHttp.ascii("X"));
                } catch (UncheckedIOException e) {
                    closed = true; // reset: the server is gone
                    break;
                }
                closed = connection.closedByServer();
                TimeUnit.MILLISECONDS.sleep(100);
            }
            assertThat(closed).as("closed while the client still trickled bytes").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(TIMEOUT.minusMillis(100));
        }
    }

    @Test
    void aRequestReceivedWholeIsAnsweredHoweverLongItsAnswerTakes() throws InterruptedException {
        try (RawHttp connection = new RawHttp(server.endpoint(), BOUND)) {
            HOLD_COMMITS.set(true);
            connection.send(RawHttp.request("CreateKey", "{}"));
            assertThat(COMMIT_HELD.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            // The answer is held for three timeouts: the connection must stay open for it.
            TimeUnit.MILLISECONDS.sleep(TIMEOUT.multipliedBy(3).toMillis());
            RELEASE_COMMIT.countDown();
            assertThat(connection.readFinal().status()).isEqualTo(200);
        }
    }
}
