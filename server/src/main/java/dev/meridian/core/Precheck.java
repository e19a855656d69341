package dev.meridian.core;

import java.util.function.Supplier;

/**
 * The verdict of a check on a request's own input (a key policy, tags), reached before a write, outside the
 * registry's lock: such a check costs what the caller's input makes it cost, and nothing of that kind may
 * hold the one write lock. The verdict is given inside the write ({@link #get}) at the point where the
 * operation checks that input, so the order of the errors stays AWS's: a request naming a key that does not
 * exist is {@code NotFoundException} even when its policy is also malformed. Immutable.
 *
 * @param <T> what the check returns when the input passes
 */
final class Precheck<T> {
    private final T value;
    private final KmsException error;

    private Precheck(T value, KmsException error) {
        this.value = value;
        this.error = error;
    }

    /** Runs {@code check} now and keeps its result, or the {@link KmsException} it threw. */
    static <T> Precheck<T> of(Supplier<T> check) {
        try {
            return new Precheck<>(check.get(), null);
        } catch (KmsException e) {
            return new Precheck<>(null, e);
        }
    }

    /** What the check returned; throws the error it found instead, if any. */
    T get() {
        if (error != null) {
            throw error;
        }
        return value;
    }
}
