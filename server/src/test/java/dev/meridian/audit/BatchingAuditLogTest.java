package dev.meridian.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The queue and batch writer, over a fake store that a test can stall. */
class BatchingAuditLogTest {
    /** Keeps appended events in memory; blocks appends while {@code gate} is closed. */
    private static final class FakeStore implements AuditStore {
        final List<List<AuditEvent>> batches = new CopyOnWriteArrayList<>();
        volatile CountDownLatch gate = new CountDownLatch(0);

        @Override
        public void append(List<AuditEvent> events) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            batches.add(List.copyOf(events));
        }

        int stored() {
            return batches.stream().mapToInt(List::size).sum();
        }

        @Override
        public AuditPage lookup(AuditQuery query) {
            return new AuditPage(List.of(), null);
        }

        @Override
        public int prune(java.time.Instant cutoff) {
            return 0;
        }

        @Override
        public void close() {
        }
    }

    private static AuditEvent event(int number) {
        return AuditEvent.builder().eventTime(Instant.EPOCH).eventName("Event" + number).awsRegion("us-east-1")
                .userIdentity(UserIdentity.service("111122223333")).build();
    }

    @Test
    void aLookupSeesEveryRecordQueuedBeforeIt() {
        FakeStore store = new FakeStore();
        try (BatchingAuditLog log = new BatchingAuditLog(store, 100, 10, Duration.ofHours(1))) {
            log.record(event(1));
            log.record(event(2));
            log.lookup(new AuditQuery("111122223333", "us-east-1", null, null, null, 50, null));
            assertThat(store.stored()).isEqualTo(2);
        }
    }

    @Test
    void recordsAreWrittenInBatchesWithoutAskingAndTheRestOnClose() {
        FakeStore store = new FakeStore();
        BatchingAuditLog log = new BatchingAuditLog(store, 1000, 5, Duration.ofHours(1));
        for (int number = 0; number < 12; number++) {
            log.record(event(number));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> store.stored() >= 5);
        log.close();
        assertThat(store.stored()).isEqualTo(12);
        assertThat(store.batches.stream().flatMap(List::stream).map(AuditEvent::eventName).toList())
                .startsWith("Event0", "Event1", "Event2").endsWith("Event11");
    }

    @Test
    void aFullQueueRefusesNewRequestsUntilTheStoreCatchesUp() {
        FakeStore store = new FakeStore();
        store.gate = new CountDownLatch(1);
        try (BatchingAuditLog log = new BatchingAuditLog(store, 3, 1, Duration.ofMillis(10))) {
            for (int number = 0; number < 3; number++) {
                assertThat(log.admits()).isTrue();
                log.record(event(number));
            }
            assertThat(log.admits()).isFalse();
            store.gate.countDown();
            await().atMost(Duration.ofSeconds(10)).until(log::admits);
            await().atMost(Duration.ofSeconds(10)).until(() -> store.stored() == 3);
        }
    }
}
