package dev.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.app.BoundedShutdown;
import dev.meridian.app.DataDirectoryException;
import dev.meridian.app.ServerConfiguration;
import dev.meridian.store.ForwardingStore;
import dev.meridian.store.Store;
import dev.meridian.store.StoreBatch;
import dev.meridian.store.StoreContents;
import dev.meridian.testkit.EmbeddedMeridian;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.KmsClient;

/** Stopping takes bounded time, even when a worker is stuck. */
class ShutdownIT {

    /** A store whose commits, once armed, wait until released: a worker stuck inside the registry's write lock. */
    private static final class StuckStore extends ForwardingStore {
        private final AtomicBoolean armed;
        private final CountDownLatch stuck;
        private final CountDownLatch release;

        StuckStore(Store delegate, AtomicBoolean armed, CountDownLatch stuck, CountDownLatch release) {
            super(delegate);
            this.armed = armed;
            this.stuck = stuck;
            this.release = release;
        }

        @Override
        protected void beforeCommit(StoreBatch batch) {
            if (armed.get()) {
                stuck.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Test
    void aCloseStuckBehindAWorkerIsAbandonedAtTheDeadline(@TempDir Path folder) throws Exception {
        AtomicBoolean armed = new AtomicBoolean();
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ServerConfiguration.Builder settings = ServerConfiguration.builder().replicationDelay(Duration.ZERO).dataDirectory(folder);
        EmbeddedMeridian server = EmbeddedMeridian.start(settings, store -> new StuckStore(store, armed, stuck, release));
        try (KmsClient client = KmsTestSupport.client(server.endpoint(), "us-east-1")) {
            armed.set(true);
            CompletableFuture<?> createKey = CompletableFuture.runAsync(() -> client.createKey(request -> { }));
            assertThat(stuck.await(60, TimeUnit.SECONDS)).as("the CreateKey reached the store").isTrue();

            long started = System.nanoTime();
            boolean closed = BoundedShutdown.runWithin(server::close, Duration.ofSeconds(2));
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(closed).isFalse();
            assertThat(took).isLessThan(Duration.ofSeconds(10));
            release.countDown();
            createKey.handle((result, error) -> null).get(60, TimeUnit.SECONDS);
        } finally {
            release.countDown();
        }
        // the abandoned close finishes once the worker is free, and releases the folder
        await().atMost(Duration.ofSeconds(60)).ignoreException(DataDirectoryException.class)
                .until(() -> {
                    EmbeddedMeridian.start(settings).close();
                    return true;
                });
    }

    @Test
    void aCloseThatFinishesOrFailsInTimeIsReportedAsFinished() {
        assertThat(BoundedShutdown.runWithin(() -> { }, Duration.ofSeconds(30))).isTrue();
        assertThat(BoundedShutdown.runWithin(() -> {
            throw new IllegalStateException("the store could not be closed");
        }, Duration.ofSeconds(30))).isTrue();
    }

    @Test
    void sigtermStopsAServerProcessWithinTheDeadline(@TempDir Path folder) throws Exception {
        try (ServerProcess server = ServerProcess.start(folder.resolve("data"))) {
            try (KmsClient client = KmsTestSupport.client(server.endpoint(), "us-east-1")) {
                client.createKey(request -> { });
            }
            long started = System.nanoTime();
            assertThat(server.terminate()).isEqualTo(143);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(BoundedShutdown.DEADLINE.plusSeconds(5));
            assertThat(server.errorOutput()).contains("Meridian stopped.");
        }
    }
}
