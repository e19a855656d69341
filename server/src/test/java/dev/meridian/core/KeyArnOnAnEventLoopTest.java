package dev.meridian.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.crypto.FileRootKey;
import dev.meridian.testing.StoppedClock;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail names a request's key on the event loop, after the operation: on a store shared with other nodes, a
 * key this node has not seen is not looked up there (that would block), and the record names no key rather than fail.
 */
class KeyArnOnAnEventLoopTest {
    @TempDir
    Path folder;

    @Test
    void anUnseenKeyOnASharedStoreIsNamedByNoArnOnAnEventLoopAndFoundElsewhere() throws Exception {
        StoppedClock clock = new StoppedClock(CoreFixture.START);
        InMemoryStore store = InMemoryStore.shared();
        try (KeyManagementService service = new KeyManagementService(store, FileRootKey.loadOrCreate(folder.resolve("root.key")),
                clock, ServiceSettings.builder().replicationDelay(CoreFixture.REPLICATION_DELAY)
                        .keyLimitPerRegion(100).grantLimitPerKey(100).build())) {
            service.start();
            String missing = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
            CompletableFuture<Optional<String>> onEventLoop = new CompletableFuture<>();
            Thread eventLoop = new Thread(() -> {
                NonBlocking.markCurrentThread();
                try {
                    onEventLoop.complete(service.keyArn(CoreFixture.caller("us-east-1"), missing));
                } catch (RuntimeException e) {
                    onEventLoop.completeExceptionally(e);
                }
            });
            eventLoop.start();
            assertThat(onEventLoop.get(10, TimeUnit.SECONDS)).isEmpty();
            assertThat(service.keyArn(CoreFixture.caller("us-east-1"), missing)).isEmpty();
        }
    }
}
