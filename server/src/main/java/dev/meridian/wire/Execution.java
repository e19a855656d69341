package dev.meridian.wire;

/** Where an operation runs. */
enum Execution {
    /** On the event loop: the operation only reads memory and computes. */
    EVENT_LOOP,
    /**
     * On the worker pool: the operation writes to the store and waits for the commit, or computes for too long
     * to hold an event loop (a data key pair: RSA key generation).
     */
    WORKER
}
