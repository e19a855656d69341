package dev.meridian.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The figures of one measured interval, and their two printed forms: a readable summary and a
 * single JSON line.
 *
 * @param operation the KMS operation, for example {@code Encrypt}
 * @param key the key every request used, its spec and the algorithm the requests named
 * @param endpoint the server's endpoint
 * @param connections the number of closed-loop connections
 * @param threads the number of event-loop threads
 * @param transport {@code epoll} or {@code nio}
 * @param warmupSeconds the unmeasured warmup
 * @param durationSeconds the measured interval as actually timed
 * @param requests responses received in the measured interval (successful and failed)
 * @param errors non-200 responses and connection failures in the measured interval
 * @param throughputPerSecond {@code requests / durationSeconds}
 * @param latencyP50Milliseconds median latency
 * @param latencyP90Milliseconds 90th percentile latency
 * @param latencyP99Milliseconds 99th percentile latency
 * @param latencyP999Milliseconds 99.9th percentile latency
 * @param latencyMaxMilliseconds largest latency
 * @param latencyMeanMilliseconds mean latency
 * @param signatureReuseSeconds how long one signature was reused; zero when every request was signed
 * @param distinctRequests how many different request bodies were sent
 * @param signings how many SigV4 signatures were computed during the measured interval
 * @param drained whether every connection finished its outstanding request after the interval
 * @param firstError the first error seen (warmup included), or {@code null}
 */
public record RunResult(String operation, BenchmarkKey key, String endpoint, int connections, int threads, String transport,
                        double warmupSeconds, double durationSeconds, long requests, long errors,
                        double throughputPerSecond, double latencyP50Milliseconds, double latencyP90Milliseconds,
                        double latencyP99Milliseconds, double latencyP999Milliseconds,
                        double latencyMaxMilliseconds, double latencyMeanMilliseconds,
                        double signatureReuseSeconds, long distinctRequests, long signings, boolean drained,
                        String firstError) {

    private static final double MICROSECONDS_PER_MILLISECOND = 1_000.0;

    /** Gathers the figures of a finished run. */
    public static RunResult of(LoadRun.Settings settings, String transport, RunStatistics statistics,
                               Histogram latencyMicroseconds, long signings, long distinctRequests,
                               boolean drained) {
        double seconds = statistics.measuredNanos() / 1e9;
        long requests = statistics.requests();
        return new RunResult(settings.workload().operation().operationName(), settings.workload().key(),
                settings.endpoint().toString(),
                settings.connections(), settings.threads(), transport, settings.warmup().toNanos() / 1e9,
                seconds, requests, statistics.errors(), seconds > 0 ? requests / seconds : 0,
                percentile(latencyMicroseconds, 50), percentile(latencyMicroseconds, 90),
                percentile(latencyMicroseconds, 99), percentile(latencyMicroseconds, 99.9),
                latencyMicroseconds.getTotalCount() == 0 ? 0
                        : latencyMicroseconds.getMaxValue() / MICROSECONDS_PER_MILLISECOND,
                latencyMicroseconds.getTotalCount() == 0 ? 0
                        : latencyMicroseconds.getMean() / MICROSECONDS_PER_MILLISECOND,
                settings.signatureReuse().toNanos() / 1e9, distinctRequests, signings, drained,
                statistics.firstError());
    }

    private static double percentile(Histogram histogram, double percentile) {
        if (histogram.getTotalCount() == 0) {
            return 0;
        }
        return histogram.getValueAtPercentile(percentile) / MICROSECONDS_PER_MILLISECOND;
    }

    /** Returns the readable multi-line summary. */
    public String toSummary() {
        StringBuilder text = new StringBuilder();
        line(text, "operation", operation);
        line(text, "key", key.describe());
        line(text, "endpoint", endpoint);
        line(text, "connections", connections + " (closed loop, keep-alive; " + threads + " " + transport
                + " event-loop thread" + (threads == 1 ? "" : "s") + ")");
        line(text, "duration", format("%.2f s measured after %.2f s warmup", durationSeconds, warmupSeconds));
        line(text, "requests", Long.toString(requests));
        line(text, "errors", errors + (errors > 0 ? "  (figures below include them)" : ""));
        line(text, "throughput", format("%.1f requests/s", throughputPerSecond));
        line(text, "latency", format("p50 %.3f ms | p90 %.3f ms | p99 %.3f ms | p99.9 %.3f ms | max %.3f ms",
                latencyP50Milliseconds, latencyP90Milliseconds, latencyP99Milliseconds,
                latencyP999Milliseconds, latencyMaxMilliseconds));
        line(text, "latency mean", format("%.3f ms", latencyMeanMilliseconds));
        line(text, "signing", signatureReuseSeconds > 0
                ? format("SigV4 (AWS SDK signer); each of the %d distinct requests signed once and its headers"
                        + " reused for up to %.0f s (%d signings while measuring)",
                        distinctRequests, signatureReuseSeconds, signings)
                : format("SigV4 (AWS SDK signer); every request signed (%d signings while measuring)", signings));
        if (!drained) {
            line(text, "warning", "some connections were still waiting for a response when the run ended");
        }
        if (firstError != null) {
            line(text, "first error", firstError);
        }
        return text.toString();
    }

    /** Returns the same figures as one line of JSON. */
    public String toJson(ObjectMapper mapper) {
        ObjectNode node = mapper.createObjectNode()
                .put("operation", operation)
                .put("keyId", key.keyId())
                .put("keySpec", key.keySpec())
                .put("algorithm", key.algorithm())
                .put("endpoint", endpoint)
                .put("connections", connections)
                .put("threads", threads)
                .put("transport", transport)
                .put("warmupSeconds", round(warmupSeconds))
                .put("durationSeconds", round(durationSeconds))
                .put("requests", requests)
                .put("errors", errors)
                .put("throughputPerSecond", round(throughputPerSecond))
                .put("latencyP50Milliseconds", round(latencyP50Milliseconds))
                .put("latencyP90Milliseconds", round(latencyP90Milliseconds))
                .put("latencyP99Milliseconds", round(latencyP99Milliseconds))
                .put("latencyP999Milliseconds", round(latencyP999Milliseconds))
                .put("latencyMaxMilliseconds", round(latencyMaxMilliseconds))
                .put("latencyMeanMilliseconds", round(latencyMeanMilliseconds))
                .put("signatureReuseSeconds", round(signatureReuseSeconds))
                .put("distinctRequests", distinctRequests)
                .put("signings", signings)
                .put("drained", drained);
        node.put("firstError", firstError);
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException exception) {
            throw new IllegalStateException(exception);
        }
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static String format(String pattern, Object... arguments) {
        return String.format(Locale.ROOT, pattern, arguments);
    }

    private static void line(StringBuilder text, String label, String value) {
        text.append(format("%-14s %s%n", label, value));
    }
}
