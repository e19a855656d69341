package dev.meridian.core;

import static dev.meridian.core.CoreFixture.ACCOUNT;
import static dev.meridian.core.CoreFixture.assertRefused;
import static dev.meridian.core.CoreFixture.caller;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.model.Region;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A write whose store gave up waiting for its write lock (PostgreSQL's, held too long by another node) is refused with
 * AWS's DependencyTimeoutException, changes nothing in memory or in the store, and the next write works.
 */
class StoreTimeoutTest {
    private static final String REGION = "us-east-1";
    private static final String TIMED_OUT = "The system timed out while trying to fulfill the request. You can retry the request.";

    private final CoreFixture core = new CoreFixture(InMemoryStore.shared());

    @AfterEach
    void close() {
        core.close();
    }

    @Test
    void aWriteWhoseLockWaitTimedOutIsADependencyTimeoutAndChangesNothing() {
        String keyId = core.createKey(REGION);
        long position = core.registry.position();
        int commits = core.store.commits();
        Aliases aliases = new Aliases(core.registry, core.clock, new AwsManagedKeys(core.registry, core.clock));

        core.store.timeOutNextWrite();
        assertRefused(() -> core.createKey(REGION), ErrorCode.DEPENDENCY_TIMEOUT, TIMED_OUT);
        core.store.timeOutNextWrite();
        assertRefused(() -> aliases.createAlias(caller(REGION), "alias/waiting", keyId), ErrorCode.DEPENDENCY_TIMEOUT,
                TIMED_OUT);

        assertThat(core.registry.keyCount(ACCOUNT, Region.of(REGION))).isOne();
        assertThat(core.registry.alias(ACCOUNT, Region.of(REGION), "alias/waiting")).isNull();
        assertThat(core.registry.position()).isEqualTo(position);
        assertThat(core.store.commits()).isEqualTo(commits);

        aliases.createAlias(caller(REGION), "alias/waiting", keyId);
        assertThat(core.registry.alias(ACCOUNT, Region.of(REGION), "alias/waiting").targetKeyId().value()).isEqualTo(keyId);
        core.restart();
        assertThat(core.registry.keyCount(ACCOUNT, Region.of(REGION))).isOne();
    }

    @Test
    void aWriteOfThisProcessThatHangsHoldsItsOtherWritesNoLongerThanTheStoresBound() throws Exception {
        Duration limit = Duration.ofMillis(200);
        core.store.limitWriteWait(limit);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService hanging = Executors.newSingleThreadExecutor();
        try {
            Future<?> hung = hanging.submit(() -> core.registry.write(mutation -> {
                inside.countDown();
                try {
                    return release.await(30, TimeUnit.SECONDS); // a write stuck in its database
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
            assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
            long began = System.nanoTime();
            assertRefused(() -> core.createKey(REGION), ErrorCode.DEPENDENCY_TIMEOUT, TIMED_OUT);
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isBetween(limit, Duration.ofSeconds(10));
            release.countDown();
            hung.get(30, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            hanging.shutdown();
        }
        assertThat(core.registry.keyCount(ACCOUNT, Region.of(REGION))).isZero();
        core.createKey(REGION);
        assertThat(core.registry.keyCount(ACCOUNT, Region.of(REGION))).isOne();
    }

    @Test
    void aWriteThatWaitedForItsTurnWaitsForTheStoresLockOnlyWhatIsLeftOfTheBound() throws Exception {
        Duration limit = Duration.ofMillis(1000);
        Duration hang = Duration.ofMillis(800);
        core.store.limitWriteWait(limit);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService hanging = Executors.newSingleThreadExecutor();
        ScheduledExecutorService releasing = Executors.newSingleThreadScheduledExecutor();
        try {
            Future<?> hung = hanging.submit(() -> core.registry.write(mutation -> {
                inside.countDown();
                try {
                    return release.await(30, TimeUnit.SECONDS); // a write of this process, slow in its database
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
            assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
            core.store.holdLockElsewhere(); // and now another process's write holds the store's lock
            long began = System.nanoTime();
            releasing.schedule(release::countDown, hang.toMillis(), TimeUnit.MILLISECONDS);
            // Waits its turn (the hung write, 800 ms), then for the store's lock only the 200 ms left: refused at the
            // bound, not at the bound plus the turn.
            assertRefused(() -> core.createKey(REGION), ErrorCode.DEPENDENCY_TIMEOUT, TIMED_OUT);
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isBetween(limit, limit.plus(hang.dividedBy(2)));
            hung.get(30, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            core.store.releaseLockHeldElsewhere();
            hanging.shutdown();
            releasing.shutdown();
        }
        assertThat(core.registry.keyCount(ACCOUNT, Region.of(REGION))).isZero();
        core.createKey(REGION);
        assertThat(core.registry.keyCount(ACCOUNT, Region.of(REGION))).isOne();
    }

    @Test
    void anyOtherStoreFailureStaysAnInternalError() {
        core.store.failNextCommit();
        assertRefused(() -> core.createKey(REGION), ErrorCode.KMS_INTERNAL,
                "The request was rejected because an internal exception occurred. The request can be retried.");
        assertThat(core.registry.keyCount(ACCOUNT, Region.of(REGION))).isZero();
    }
}
