package dev.meridian.core;

import java.util.Objects;

/**
 * A seed that cannot be applied: malformed (a key spec that does not take its usage, material of another spec,
 * an alias name AWS refuses, a key seeded twice, ...) or contradicting the store (a key ID that exists with other
 * material or another spec, an alias that points elsewhere). Its message is one line, the place in the seed file
 * first ({@code seed.yaml line 12, column 7: ...}); it never contains key material. Nothing was written.
 */
public final class SeedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String place;

    public SeedException(String place, String problem) {
        super(Objects.requireNonNull(place, "place") + ": " + Objects.requireNonNull(problem, "problem"));
        this.place = place;
    }

    /** Where in the seed file the problem is. */
    public String place() {
        return place;
    }
}
