package dev.meridian.store.postgres;

import java.time.Duration;
import java.util.Objects;

/**
 * How much of the change log a {@link PostgresStore} keeps: the entries younger than {@code age}, at most the last
 * {@code entries} of them, and the last entry always. A node whose copy is older than what is kept reloads everything.
 *
 * @param age how long an entry is kept
 * @param entries how many of the latest entries are kept at most
 */
public record ChangeLogRetention(Duration age, long entries) {
    /** Ten minutes, or the last 100,000 entries. */
    public static final ChangeLogRetention DEFAULT = new ChangeLogRetention(Duration.ofMinutes(10), 100_000);

    public ChangeLogRetention {
        Objects.requireNonNull(age, "age");
        if (age.isNegative() || entries < 1) {
            throw new IllegalArgumentException("A retention of " + age + " and " + entries + " entries");
        }
    }

    /** How often a writer prunes: every minute, or as often as the age asks when it is shorter. */
    Duration pruneInterval() {
        return age.compareTo(Duration.ofMinutes(1)) < 0 ? age : Duration.ofMinutes(1);
    }
}
