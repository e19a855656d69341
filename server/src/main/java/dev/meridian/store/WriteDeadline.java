package dev.meridian.store;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The moment by which a write must hold the store's write lock: one bound for the whole wait, so that the waits a write
 * makes one after another (for its process's turn, then for the database's lock) add up to no more than the store's
 * bound ({@link Store#writeWaitLimit}) instead of each taking it anew. Measured on a monotonic clock
 * ({@link System#nanoTime} unless a test gives one), which a change of the wall clock does not move. Immutable.
 */
public final class WriteDeadline {
    private static final WriteDeadline NONE = new WriteDeadline(System::nanoTime, 0, false);

    private final LongSupplier nanoTime;
    private final long at;
    private final boolean bounded;

    private WriteDeadline(LongSupplier nanoTime, long at, boolean bounded) {
        this.nanoTime = nanoTime;
        this.at = at;
        this.bounded = bounded;
    }

    /** No bound: a write waits as long as its store makes it (a store only this process writes). */
    public static WriteDeadline none() {
        return NONE;
    }

    /** {@code wait} from now. */
    public static WriteDeadline after(Duration wait) {
        return after(wait, System::nanoTime);
    }

    /** {@code wait} from now on {@code nanoTime}, a monotonic clock in nanoseconds (as {@link System#nanoTime}). */
    public static WriteDeadline after(Duration wait, LongSupplier nanoTime) {
        Objects.requireNonNull(wait, "wait");
        Objects.requireNonNull(nanoTime, "nanoTime");
        if (wait.isNegative()) {
            throw new IllegalArgumentException("A wait cannot be negative: " + wait);
        }
        return new WriteDeadline(nanoTime, nanoTime.getAsLong() + saturatedNanos(wait), true);
    }

    /** Whether there is a bound at all. */
    public boolean isBounded() {
        return bounded;
    }

    /**
     * The earlier of this deadline and {@code wait} from now: a store's own bound applied to a caller's deadline.
     */
    public WriteDeadline atMost(Duration wait) {
        WriteDeadline other = after(wait, nanoTime);
        if (!bounded || other.at - at < 0) {
            return other;
        }
        return this;
    }

    /**
     * What is left of the wait, never negative ({@link Duration#ZERO} once the deadline passed); for no bound, the
     * longest duration there is.
     */
    public Duration remaining() {
        return bounded ? Duration.ofNanos(remainingNanos()) : Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);
    }

    /** What is left in nanoseconds, never negative; {@link Long#MAX_VALUE} for no bound. */
    public long remainingNanos() {
        if (!bounded) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, at - nanoTime.getAsLong());
    }

    /** Whether the deadline passed (never, for no bound). */
    public boolean hasPassed() {
        return bounded && remainingNanos() == 0;
    }

    private static long saturatedNanos(Duration wait) {
        try {
            return wait.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2; // about 146 years: no overflow when added to a clock's reading
        }
    }

    @Override
    public String toString() {
        return bounded ? "WriteDeadline[in " + remaining().toMillis() + " ms]" : "WriteDeadline[none]";
    }
}
