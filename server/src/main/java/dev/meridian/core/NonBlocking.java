package dev.meridian.core;

/**
 * The threads on which the core must never block: the wire marks its event loops. A write (which takes the
 * registry's lock and waits for the store's commit) is never made on them: an operation that finds it needs
 * one there throws {@link WriteRequiredException}, and the caller runs it again on a thread that may block.
 * Reads never need this: they touch only memory.
 */
public final class NonBlocking {
    private static final ThreadLocal<Boolean> MARKED = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private NonBlocking() {
    }

    /** Marks the current thread for its whole life; called once, when the thread starts. */
    public static void markCurrentThread() {
        MARKED.set(Boolean.TRUE);
    }

    /** Whether the current thread was marked. */
    static boolean isCurrentThread() {
        return MARKED.get();
    }

    /**
     * Thrown on a {@linkplain NonBlocking marked} thread by an operation that needs a write before it can go
     * on (the first use of an AWS managed key, which creates it). Nothing has changed when it is thrown; run
     * the operation again, from the start, on a thread that may block.
     */
    public static final class WriteRequiredException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WriteRequiredException() {
            super("This operation must write first; run it on a thread that may block", null, false, false);
        }
    }
}
