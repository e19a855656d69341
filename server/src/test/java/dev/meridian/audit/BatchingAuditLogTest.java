package dev.meridian.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.meridian.audit.sqlite.SqliteAuditStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The queue and batch writer, over a fake store that a test can stall. */
class BatchingAuditLogTest {
    @TempDir
    Path folder;

    /** Keeps appended events in memory; blocks appends while {@code gate} is closed. */
    private static final class FakeStore implements AuditStore {
        final List<List<AuditEvent>> batches = new CopyOnWriteArrayList<>();
        volatile CountDownLatch gate = new CountDownLatch(0);
        /** How many records were stored when each clear came. */
        final List<Integer> clears = new CopyOnWriteArrayList<>();

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
        public void clear() {
            clears.add(stored());
            batches.clear();
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
    void aClearStoresTheQueuedRecordsThenDeletesEverything() {
        FakeStore store = new FakeStore();
        try (BatchingAuditLog log = new BatchingAuditLog(store, 100, 10, Duration.ofHours(1))) {
            log.record(event(1));
            log.record(event(2));
            log.clear();
            assertThat(store.clears).containsExactly(2);
            assertThat(store.stored()).isZero();
            assertThat(log.queuedRecords()).isZero();
            log.record(event(3));
            log.lookup(new AuditQuery("111122223333", "us-east-1", null, null, null, 50, null));
            assertThat(store.stored()).isEqualTo(1);
        }
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

    @Test
    void aFullDiskKeepsEveryRecordQueuedRefusesRequestsOnceTheQueueIsFullAndDrainsWhenThereIsRoom() {
        SqliteAuditStore store = SqliteAuditStore.open(folder.resolve("audit.db"));
        Logger logger = (Logger) LoggerFactory.getLogger(BatchingAuditLog.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        AuditQuery everything = new AuditQuery("111122223333", "us-east-1", null, null, null, 50, null);
        try (BatchingAuditLog log = new BatchingAuditLog(store, 40, 10, Duration.ofMillis(10))) {
            log.record(event(0));
            assertThat(log.lookup(everything).records()).hasSize(1);
            store.capAtCurrentSize();
            int[] recorded = {1};
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(1)).until(() -> {
                if (log.admits()) {
                    log.record(largeEvent(recorded[0]++));
                }
                return !log.admits();
            });
            long started = System.nanoTime();
            int stored = count(log);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("a lookup does not wait for a failing writer")
                    .isLessThan(Duration.ofSeconds(5));
            assertThat(stored).as("the queue's records wait, unwritten").isLessThanOrEqualTo(recorded[0] - 40);

            store.liftSizeCap();
            await().atMost(Duration.ofSeconds(30)).until(log::admits);
            int expected = recorded[0];
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(count(log)).isEqualTo(expected));
            assertThat(log.lookup(everything).records().get(0).eventName()).isEqualTo("Event" + (recorded[0] - 1));
        } finally {
            logger.detachAppender(lines);
        }
        assertThat(lines.list).as("one line when the disk fills, one when it has room again, none per attempt")
                .extracting(line -> line.getLevel().toString()).containsExactly("ERROR", "WARN");
        assertThat(lines.list.get(0).getFormattedMessage())
                .startsWith("Cannot write the audit trail (Cannot store audit records: [SQLITE_FULL]")
                .endsWith("records queued and retrying; requests are refused once 40 wait");
        assertThat(lines.list.get(1).getFormattedMessage()).startsWith("The audit trail is written again after ")
                .endsWith(" s; 40 records were waiting");
    }

    /** An event too large for the free space of a page: storing it needs new pages. */
    private static AuditEvent largeEvent(int number) {
        return AuditEvent.builder().eventTime(Instant.EPOCH).eventName("Event" + number).awsRegion("us-east-1")
                .userIdentity(UserIdentity.service("111122223333"))
                .requestParameters(java.util.Map.of("description", number + "d".repeat(5_000))).build();
    }

    /** Every record the log holds for the test's account and Region. */
    private static int count(BatchingAuditLog log) {
        int count = 0;
        AuditPage page = log.lookup(new AuditQuery("111122223333", "us-east-1", null, null, null, 50, null));
        count += page.records().size();
        while (page.next() != null) {
            page = log.lookup(new AuditQuery("111122223333", "us-east-1", null, null, null, 50, page.next()));
            count += page.records().size();
        }
        return count;
    }
}
