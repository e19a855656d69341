package dev.meridian.wire;

/** Where an operation runs. */
enum Execution {
    /** On the event loop: the operation only reads memory and computes. */
    EVENT_LOOP,
    /** On the worker pool: the operation writes to the store and waits for the commit. */
    WORKER,
    /**
     * On the key pair pool: the operation makes a fresh key pair (a data key pair, an import's wrapping key), which
     * takes seconds for RSA_4096, and writes nothing; so it holds neither an event loop nor a worker that writes
     * wait for.
     */
    KEY_PAIR
}
