package dev.meridian.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.model.Region;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the metrics read of the outbox and the keys: pending events, the lag of the most overdue, keys per Region. */
class OutboxStatusTest {
    private final CoreFixture core = new CoreFixture();

    @AfterEach
    void close() {
        core.close();
    }

    private KeyManagementService.OutboxStatus status() {
        return KeyManagementService.OutboxStatus.of(core.registry.pendingEventCount(), core.registry.earliestPendingDueTime(),
                core.clock.instant());
    }

    @Test
    void anEmptyOutboxHasNoLag() {
        assertThat(core.registry.earliestPendingDueTime()).isNull();
        assertThat(status()).isEqualTo(new KeyManagementService.OutboxStatus(0, Duration.ZERO));
    }

    @Test
    void theLagIsTheAgeOfTheMostOverdueEventAndZeroBeforeItIsDue() {
        String keyId = core.createPrimary("us-east-1");
        core.replicate("us-east-1", keyId, "eu-west-1");
        assertThat(core.registry.earliestPendingDueTime()).isEqualTo(CoreFixture.START.plus(CoreFixture.REPLICATION_DELAY));
        assertThat(status()).isEqualTo(new KeyManagementService.OutboxStatus(1, Duration.ZERO));

        core.clock.advance(CoreFixture.REPLICATION_DELAY.plusSeconds(3));
        assertThat(status()).isEqualTo(new KeyManagementService.OutboxStatus(1, Duration.ofSeconds(3)));

        core.replicator.applyDueEvents();
        assertThat(status()).isEqualTo(new KeyManagementService.OutboxStatus(0, Duration.ZERO));
    }

    @Test
    void keysAreCountedPerRegionOverTheAccounts() {
        String keyId = core.createPrimary("us-east-1");
        core.createPrimary("us-east-1");
        core.replicate("us-east-1", keyId, "eu-west-1");
        assertThat(core.registry.keyCountsByRegion())
                .containsEntry(Region.of("us-east-1"), 2).containsEntry(Region.of("eu-west-1"), 1);
    }
}
