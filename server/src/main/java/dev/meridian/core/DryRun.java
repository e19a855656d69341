package dev.meridian.core;

import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code DryRun}: an operation that does every check it would do (the key, its state and usage, the
 * constraints, the limits) and then, instead of taking effect, fails with {@code DryRunOperationException}.
 *
 * <p>One mechanism for every operation: {@link #run} marks the calling thread for the length of the call.
 * A write ({@link KeyRegistry#write}) that reaches its commit in a dry run throws instead of committing, so
 * nothing is stored or shown; usage tracking ({@link KeyUsageTracker}) records nothing; and an operation that
 * completes without writing has its result thrown away. A check that fails reports its own error, exactly
 * as without {@code DryRun}.
 *
 * <p>{@code DryRunModifiers: ["IGNORE_CIPHERTEXT"]} (Decrypt, ReEncrypt): a dry run that tests the caller's
 * use of a key without a ciphertext. The ciphertext is then neither required nor read; the key must be named
 * instead, and every check of it runs ({@link #ignoresCiphertext()}). Outside a dry run the modifier does
 * nothing.
 */
public final class DryRun {
    static final String MESSAGE = "The request would have succeeded, but the DryRun option is set.";
    private static final ThreadLocal<Boolean> ACTIVE = new ThreadLocal<>();
    private static final ThreadLocal<Boolean> IGNORE_CIPHERTEXT = new ThreadLocal<>();

    /** The members of {@code DryRunModifiers}, as the service model names them. */
    public enum Modifier {
        /** The ciphertext is not required and not checked; every other check runs. */
        IGNORE_CIPHERTEXT
    }

    private DryRun() {
    }

    /**
     * Runs {@code operation} as a dry run on this thread: throws what it throws, or, when it would have
     * succeeded, {@link KmsException} with {@link ErrorCode#DRY_RUN_OPERATION}. Never returns normally.
     */
    public static <T> T run(Supplier<T> operation) {
        return run(operation, Set.of());
    }

    /** The same, with the request's {@code DryRunModifiers}. */
    public static <T> T run(Supplier<T> operation, Set<Modifier> modifiers) {
        ACTIVE.set(Boolean.TRUE);
        if (modifiers.contains(Modifier.IGNORE_CIPHERTEXT)) {
            IGNORE_CIPHERTEXT.set(Boolean.TRUE);
        }
        try {
            operation.get();
        } finally {
            ACTIVE.remove();
            IGNORE_CIPHERTEXT.remove();
        }
        throw succeeded();
    }

    /** Whether the calling thread runs a dry run with {@code IGNORE_CIPHERTEXT}: no ciphertext is read. */
    static boolean ignoresCiphertext() {
        return IGNORE_CIPHERTEXT.get() != null;
    }

    /** Whether the calling thread runs a dry run. */
    static boolean active() {
        return ACTIVE.get() != null;
    }

    /** Inside a write, just before the commit: a dry run stops there and changes nothing. */
    static void stopIfActive() {
        if (active()) {
            throw succeeded();
        }
    }

    private static KmsException succeeded() {
        return new KmsException(ErrorCode.DRY_RUN_OPERATION, MESSAGE);
    }
}
