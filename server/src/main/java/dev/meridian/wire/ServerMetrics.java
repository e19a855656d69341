package dev.meridian.wire;

import dev.meridian.audit.AuditLog;
import dev.meridian.core.KeyManagementService;
import dev.meridian.model.Region;
import dev.meridian.model.RequestContext;
import dev.meridian.wire.outage.Fault;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Meridian's Prometheus metrics (the Prometheus Java client 1.x), in a registry of their own:
 * <ul>
 *   <li>{@code meridian_requests_total{operation,region,outcome}}: answered KMS requests; the outcome is
 *       {@code ok} or the error's {@code __type}.</li>
 *   <li>{@code meridian_request_duration_seconds{operation,region}}: the time from reading a request to
 *       writing its answer (a classic histogram).</li>
 *   <li>{@code meridian_injected_faults_total{region,operation,fault}}: requests an outage failed or delayed
 *       ({@code fault} is the outage's: {@code INTERNAL_ERROR}, {@code UNAVAILABLE}, {@code THROTTLING} or
 *       {@code LATENCY}); refused connections are never seen, so never counted.</li>
 *   <li>{@code meridian_audit_queue_records}, {@code meridian_replication_outbox_events},
 *       {@code meridian_replication_lag_seconds} (held events of a paused Region count in both),
 *       {@code meridian_replication_paused{region}} and {@code meridian_keys{region}}, read when scraped.</li>
 * </ul>
 * Counting is cheap enough for the event loop: each label combination's data point is made once and kept,
 * so a request costs a map lookup and two atomic additions. Labels are bounded: operations come from the
 * service model ({@value #UNKNOWN} for a request that named none), outcomes from Meridian's own error
 * types, and past {@value #MAXIMUM_REGIONS} distinct Regions the others are counted as {@value #OTHER}.
 * Nothing secret reaches a label. Thread-safe.
 */
final class ServerMetrics {
    static final String UNKNOWN = "unknown";
    static final String OTHER = "other";
    static final String OK = "ok";
    static final int MAXIMUM_REGIONS = 64;
    /** The latency of a request refused before it was timed (its framing failed, the audit queue was full). */
    static final long NOT_TIMED = -1;
    private static final double NANOS_PER_SECOND = 1_000_000_000.0;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests;
    private final Histogram latency;
    private final Counter injectedFaults;
    private final ConcurrentMap<RequestLabels, CounterDataPoint> requestCounters = new ConcurrentHashMap<>();
    private final ConcurrentMap<LatencyLabels, DistributionDataPoint> latencyHistograms = new ConcurrentHashMap<>();
    private final ConcurrentMap<FaultLabels, CounterDataPoint> faultCounters = new ConcurrentHashMap<>();
    private final Set<String> regions = ConcurrentHashMap.newKeySet();

    // The label records' equals and hashCode are written out: a record's own link through ObjectMethods' bootstrap
    // (method handles) the first time they run, about 15 ms of the first request's thread.

    private record RequestLabels(String operation, String region, String outcome) {
        @Override
        public boolean equals(Object other) {
            return other instanceof RequestLabels that && Objects.equals(operation, that.operation)
                    && Objects.equals(region, that.region) && Objects.equals(outcome, that.outcome);
        }

        @Override
        public int hashCode() {
            return (Objects.hashCode(operation) * 31 + Objects.hashCode(region)) * 31 + Objects.hashCode(outcome);
        }
    }

    private record LatencyLabels(String operation, String region) {
        @Override
        public boolean equals(Object other) {
            return other instanceof LatencyLabels that && Objects.equals(operation, that.operation)
                    && Objects.equals(region, that.region);
        }

        @Override
        public int hashCode() {
            return Objects.hashCode(operation) * 31 + Objects.hashCode(region);
        }
    }

    private record FaultLabels(String region, String operation, Fault fault) {
        @Override
        public boolean equals(Object other) {
            return other instanceof FaultLabels that && Objects.equals(region, that.region)
                    && Objects.equals(operation, that.operation) && fault == that.fault;
        }

        @Override
        public int hashCode() {
            return (Objects.hashCode(region) * 31 + Objects.hashCode(operation)) * 31 + Objects.hashCode(fault);
        }
    }

    /** Metrics of requests, plus the gauges read from {@code service} and {@code auditLog} when scraped. */
    ServerMetrics(KeyManagementService service, AuditLog auditLog) {
        this(auditLog::queuedRecords, service::outboxStatus, service::keyCountsByRegion);
        GaugeWithCallback.builder().name("meridian_replication_paused")
                .help("1 while replication into the Region is paused (its events held in the outbox), else 0;"
                        + " for the Regions that are paused or have events waiting")
                .labelNames("region")
                .callback(callback -> service.replication().regions()
                        .forEach(status -> callback.call(status.paused() ? 1 : 0, status.region().name())))
                .register(registry);
    }

    /** Metrics of requests, plus gauges read from these sources (which must not block) when scraped. */
    ServerMetrics(IntSupplier auditQueueRecords, Supplier<KeyManagementService.OutboxStatus> outbox,
            Supplier<Map<Region, Integer>> keysPerRegion) {
        requests = Counter.builder().name("meridian_requests_total")
                .help("KMS requests answered, by operation, Region and outcome (ok or the error's __type)")
                .labelNames("operation", "region", "outcome").withoutExemplars().register(registry);
        latency = Histogram.builder().name("meridian_request_duration_seconds")
                .help("Time from reading a KMS request to writing its answer, by operation and Region")
                .unit(Unit.SECONDS)
                .labelNames("operation", "region").classicOnly()
                .classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
                .withoutExemplars().register(registry);
        injectedFaults = Counter.builder().name("meridian_injected_faults_total")
                .help("Requests an outage failed or delayed, by Region, operation and fault")
                .labelNames("region", "operation", "fault").withoutExemplars().register(registry);
        GaugeWithCallback.builder().name("meridian_audit_queue_records")
                .help("Audit records queued and not yet stored")
                .callback(callback -> callback.call(auditQueueRecords.getAsInt())).register(registry);
        GaugeWithCallback.builder().name("meridian_replication_outbox_events")
                .help("Replication events committed and not yet applied")
                .callback(callback -> callback.call(outbox.get().pendingEvents())).register(registry);
        GaugeWithCallback.builder().name("meridian_replication_lag_seconds")
                .help("How long the most overdue replication event has been due; 0 when none is due")
                .callback(callback -> callback.call(outbox.get().lag().toNanos() / NANOS_PER_SECOND))
                .register(registry);
        GaugeWithCallback.builder().name("meridian_keys")
                .help("Customer managed keys per Region, every account's together")
                .labelNames("region")
                .callback(callback -> keysPerRegion.get()
                        .forEach((region, count) -> callback.call(count, region.name())))
                .register(registry);
    }

    /**
     * Counts one answered request: {@code facts} as far as the request was read (null when it was refused
     * before, its operation and Region are then {@value #UNKNOWN}), {@code error} null for a success.
     */
    void answered(CloudTrailRecorder.RequestFacts facts, WireError error) {
        String operation = facts == null || facts.operation == null ? UNKNOWN : facts.operation.name();
        RequestContext caller = facts == null ? null : facts.operationContext();
        String region = caller == null ? UNKNOWN : caller.region().name();
        String outcome = error == null ? OK : error.type();
        count(operation, region, outcome, facts == null ? NOT_TIMED : System.nanoTime() - facts.startedNanos);
    }

    /** Counts one request with these labels, and its latency unless it is {@link #NOT_TIMED}. */
    void count(String operation, String regionName, String outcome, long latencyNanos) {
        String region = boundedRegion(regionName);
        RequestLabels requestLabels = new RequestLabels(operation, region, outcome);
        CounterDataPoint counter = requestCounters.get(requestLabels);
        if (counter == null) {
            counter = requestCounters.computeIfAbsent(requestLabels,
                    labels -> requests.labelValues(labels.operation(), labels.region(), labels.outcome()));
        }
        counter.inc();
        if (latencyNanos != NOT_TIMED) {
            LatencyLabels latencyLabels = new LatencyLabels(operation, region);
            DistributionDataPoint histogram = latencyHistograms.get(latencyLabels);
            if (histogram == null) {
                histogram = latencyHistograms.computeIfAbsent(latencyLabels,
                        labels -> latency.labelValues(labels.operation(), labels.region()));
            }
            histogram.observe(latencyNanos / NANOS_PER_SECOND);
        }
    }

    /** Counts one request that an outage failed or delayed with {@code fault}. */
    void injected(String regionName, String operation, Fault fault) {
        FaultLabels labels = new FaultLabels(boundedRegion(regionName), operation, fault);
        CounterDataPoint counter = faultCounters.get(labels);
        if (counter == null) {
            counter = faultCounters.computeIfAbsent(labels,
                    key -> injectedFaults.labelValues(key.region(), key.operation(), key.fault().name()));
        }
        counter.inc();
    }

    private String boundedRegion(String region) {
        if (region.equals(UNKNOWN) || regions.contains(region)) {
            return region;
        }
        if (regions.size() >= MAXIMUM_REGIONS) {
            return OTHER;
        }
        regions.add(region);
        return region;
    }

    /** The content type of {@link #scrape()}: Prometheus's text exposition format 0.0.4. */
    static String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    /** Every metric now, in Prometheus's text exposition format. */
    byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
