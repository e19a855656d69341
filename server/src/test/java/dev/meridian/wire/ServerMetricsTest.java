package dev.meridian.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.KeyManagementService;
import dev.meridian.model.Region;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The metrics below HTTP: labels, latency buckets, bounded Regions, and the gauges read when scraped. */
class ServerMetricsTest {
    private final AtomicInteger auditQueue = new AtomicInteger();
    private final AtomicReference<KeyManagementService.OutboxStatus> outbox =
            new AtomicReference<>(new KeyManagementService.OutboxStatus(0, Duration.ZERO));
    private final AtomicReference<Map<Region, Integer>> keys = new AtomicReference<>(Map.of());
    private final ServerMetrics metrics = new ServerMetrics(auditQueue::get, outbox::get, keys::get);

    private String scrape() {
        return new String(metrics.scrape(), StandardCharsets.UTF_8);
    }

    @Test
    void requestsAreCountedByOperationRegionAndOutcome() {
        metrics.count("Encrypt", "eu-west-1", ServerMetrics.OK, TimeUnit.MICROSECONDS.toNanos(300));
        metrics.count("Encrypt", "eu-west-1", ServerMetrics.OK, TimeUnit.MILLISECONDS.toNanos(3));
        metrics.count("Encrypt", "eu-west-1", "NotFoundException", TimeUnit.MILLISECONDS.toNanos(1));
        metrics.count(ServerMetrics.UNKNOWN, ServerMetrics.UNKNOWN, "ThrottlingException", ServerMetrics.NOT_TIMED);

        assertThat(scrape())
                .contains("meridian_requests_total{operation=\"Encrypt\",outcome=\"ok\",region=\"eu-west-1\"} 2.0\n")
                .contains("meridian_requests_total{operation=\"Encrypt\",outcome=\"NotFoundException\",region=\"eu-west-1\"} 1.0\n")
                .contains("meridian_requests_total{operation=\"unknown\",outcome=\"ThrottlingException\",region=\"unknown\"} 1.0\n")
                .contains("meridian_request_duration_seconds_bucket{operation=\"Encrypt\",region=\"eu-west-1\",le=\"5.0E-4\"} 1\n")
                .contains("meridian_request_duration_seconds_bucket{operation=\"Encrypt\",region=\"eu-west-1\",le=\"0.001\"} 2\n")
                .contains("meridian_request_duration_seconds_bucket{operation=\"Encrypt\",region=\"eu-west-1\",le=\"0.005\"} 3\n")
                .contains("meridian_request_duration_seconds_count{operation=\"Encrypt\",region=\"eu-west-1\"} 3\n")
                .doesNotContain("meridian_request_duration_seconds_count{operation=\"unknown\"");
    }

    @Test
    void pastTheMaximumRegionsTheOthersAreCountedTogether() {
        for (int number = 0; number < ServerMetrics.MAXIMUM_REGIONS + 3; number++) {
            metrics.count("GenerateRandom", "xx-test-" + number, ServerMetrics.OK, 1);
        }
        metrics.count("GenerateRandom", "xx-test-0", ServerMetrics.OK, 1);

        assertThat(scrape())
                .contains("meridian_requests_total{operation=\"GenerateRandom\",outcome=\"ok\",region=\"xx-test-0\"} 2.0\n")
                .contains("meridian_requests_total{operation=\"GenerateRandom\",outcome=\"ok\",region=\"other\"} 3.0\n")
                .doesNotContain("region=\"xx-test-" + ServerMetrics.MAXIMUM_REGIONS + "\"");
    }

    @Test
    void theGaugesAreReadWhenScraped() {
        assertThat(scrape()).contains("meridian_audit_queue_records 0.0\n").contains("meridian_replication_outbox_events 0.0\n")
                .contains("meridian_replication_lag_seconds 0.0\n").doesNotContain("meridian_keys{");

        auditQueue.set(7);
        outbox.set(new KeyManagementService.OutboxStatus(3, Duration.ofMillis(1500)));
        keys.set(Map.of(Region.of("us-east-1"), 4, Region.of("eu-west-1"), 1));

        assertThat(scrape()).contains("meridian_audit_queue_records 7.0\n").contains("meridian_replication_outbox_events 3.0\n")
                .contains("meridian_replication_lag_seconds 1.5\n").contains("meridian_keys{region=\"us-east-1\"} 4.0\n")
                .contains("meridian_keys{region=\"eu-west-1\"} 1.0\n");
        assertThat(ServerMetrics.contentType()).startsWith("text/plain; version=0.0.4");
    }
}
