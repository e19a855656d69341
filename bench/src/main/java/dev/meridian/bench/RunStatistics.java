package dev.meridian.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What the connections report during a run: the latency of each response in an HdrHistogram
 * {@link Recorder}, and counters of responses and errors. Only responses that arrive while
 * {@link #isMeasuring() measuring} (after the warmup, before the end) are counted; the first
 * error is kept whenever it happens, so that a failing run can say why.
 *
 * <p>Safe for use from several event-loop threads at once.
 */
public final class RunStatistics {
    /** Latencies above this are clamped to it (one minute, in microseconds). */
    private static final long HIGHEST_TRACKABLE_MICROSECONDS = TimeUnit.MINUTES.toMicros(1);

    private final Recorder latencyRecorder = new Recorder(HIGHEST_TRACKABLE_MICROSECONDS, 3);
    private final LongAdder requests = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder connectionFailures = new LongAdder();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private volatile boolean measuring;
    private long measuringStartedNanos;
    private long measuringEndedNanos;

    /** Returns whether responses are being counted now. */
    public boolean isMeasuring() {
        return measuring;
    }

    /** Ends the warmup: forgets what was recorded so far and starts counting. */
    public synchronized void startMeasuring() {
        latencyRecorder.reset();
        requests.reset();
        errors.reset();
        connectionFailures.reset();
        measuringStartedNanos = System.nanoTime();
        measuring = true;
    }

    /**
     * Stops counting and returns the latency histogram (microseconds) of the measured interval.
     */
    public synchronized Histogram stopMeasuring() {
        measuring = false;
        measuringEndedNanos = System.nanoTime();
        return latencyRecorder.getIntervalHistogram();
    }

    /** Returns the length of the measured interval, once it has ended. */
    public synchronized long measuredNanos() {
        return measuringEndedNanos - measuringStartedNanos;
    }

    /**
     * Records one response.
     *
     * @param statusCode the HTTP status; anything but 200 is an error
     * @param latencyNanos from writing the request to receiving the whole response
     * @param bodyIfError supplies the response body text, asked for only when the response is an error
     */
    public void recordResponse(int statusCode, long latencyNanos, java.util.function.Supplier<String> bodyIfError) {
        boolean error = statusCode != 200;
        if (error && firstError.get() == null) {
            firstError.compareAndSet(null, "HTTP " + statusCode + ": " + bodyIfError.get());
        }
        if (!measuring) {
            return;
        }
        long microseconds = Math.max(1, TimeUnit.NANOSECONDS.toMicros(latencyNanos));
        latencyRecorder.recordValue(Math.min(microseconds, HIGHEST_TRACKABLE_MICROSECONDS));
        requests.increment();
        if (error) {
            errors.increment();
        }
    }

    /** Records a connection that failed or closed with a request outstanding; counted as an error. */
    public void recordConnectionFailure(String description) {
        firstError.compareAndSet(null, "connection failure: " + description);
        if (measuring) {
            connectionFailures.increment();
            errors.increment();
        }
    }

    /** Returns the responses counted (successful and failed). */
    public long requests() {
        return requests.sum();
    }

    /** Returns the non-200 responses plus the connection failures counted. */
    public long errors() {
        return errors.sum();
    }

    /** Returns the connection failures counted. */
    public long connectionFailures() {
        return connectionFailures.sum();
    }

    /** Returns the first error seen during the run (warmup included), or {@code null}. */
    public String firstError() {
        return firstError.get();
    }
}
