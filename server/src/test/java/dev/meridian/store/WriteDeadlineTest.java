package dev.meridian.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A write's deadline on a clock the test moves: what is left, the earlier of two bounds, no bound at all. */
class WriteDeadlineTest {
    /** A monotonic clock in nanoseconds that starts near the top of {@code long}, so that readings wrap around. */
    private final AtomicLong nanoTime = new AtomicLong(Long.MAX_VALUE - Duration.ofMillis(300).toNanos());

    private void advance(Duration duration) {
        nanoTime.addAndGet(duration.toNanos());
    }

    @Test
    void whatIsLeftShrinksAsTheClockMovesAndStopsAtZero() {
        WriteDeadline deadline = WriteDeadline.after(Duration.ofMillis(500), nanoTime::get);
        assertThat(deadline.isBounded()).isTrue();
        assertThat(deadline.remaining()).isEqualTo(Duration.ofMillis(500));
        advance(Duration.ofMillis(400)); // past Long.MAX_VALUE: the reading wrapped around
        assertThat(deadline.remaining()).isEqualTo(Duration.ofMillis(100));
        assertThat(deadline.remainingNanos()).isEqualTo(Duration.ofMillis(100).toNanos());
        assertThat(deadline.hasPassed()).isFalse();
        advance(Duration.ofMillis(100));
        assertThat(deadline.remaining()).isZero();
        assertThat(deadline.hasPassed()).isTrue();
        advance(Duration.ofSeconds(5));
        assertThat(deadline.remaining()).isZero();
        assertThat(deadline.remainingNanos()).isZero();
    }

    @Test
    void atMostIsTheEarlierOfTheDeadlineAndTheWaitFromNow() {
        WriteDeadline deadline = WriteDeadline.after(Duration.ofMillis(500), nanoTime::get);
        advance(Duration.ofMillis(200));
        // 300 ms left: a store's bound of 10 s does not extend it, one of 100 ms shortens it.
        assertThat(deadline.atMost(Duration.ofSeconds(10)).remaining()).isEqualTo(Duration.ofMillis(300));
        assertThat(deadline.atMost(Duration.ofMillis(100)).remaining()).isEqualTo(Duration.ofMillis(100));
        assertThat(deadline.atMost(Duration.ofMillis(300)).remaining()).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void noBoundNeverPassesAndTakesAStoresBound() {
        WriteDeadline none = WriteDeadline.none();
        assertThat(none.isBounded()).isFalse();
        assertThat(none.hasPassed()).isFalse();
        assertThat(none.remainingNanos()).isEqualTo(Long.MAX_VALUE);
        assertThat(none.remaining()).isGreaterThan(Duration.ofDays(365L * 1000));
        WriteDeadline bounded = none.atMost(Duration.ofMillis(250));
        assertThat(bounded.isBounded()).isTrue();
        assertThat(bounded.remaining()).isLessThanOrEqualTo(Duration.ofMillis(250)).isPositive();
        assertThat(none).hasToString("WriteDeadline[none]");
    }

    @Test
    void aWaitTooLongForNanosecondsIsCappedAndANegativeOneRefused() {
        WriteDeadline far = WriteDeadline.after(Duration.ofSeconds(Long.MAX_VALUE), nanoTime::get);
        assertThat(far.remaining()).isGreaterThan(Duration.ofDays(365L * 100));
        assertThat(far.hasPassed()).isFalse();
        assertThat(WriteDeadline.after(Duration.ZERO, nanoTime::get).hasPassed()).isTrue();
        assertThatThrownBy(() -> WriteDeadline.after(Duration.ofMillis(-1), nanoTime::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("A wait cannot be negative: PT-0.001S");
    }
}
