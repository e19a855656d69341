package dev.meridian.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that follows real time from a starting offset and can be moved forward by a test, so that
 * deletion windows and other timed transitions can be reached without waiting. Thread-safe.
 */
public final class MovableClock extends Clock {
    private volatile Duration offset = Duration.ZERO;

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("A movable clock is always UTC");
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    /** Moves the clock forward; callers then run the server's due work. */
    public void advance(Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("A clock only moves forward");
        }
        offset = offset.plus(amount);
    }
}
