package dev.meridian.store;

/**
 * The store gave up waiting for its database within its bound (the shared write lock was not granted in time, say,
 * because another process's write holds it): the write was rolled back whole, and a retry may succeed once the
 * holder is done. Its message names the wait and the bound, never a secret.
 */
public final class StoreTimeoutException extends StoreException {
    private static final long serialVersionUID = 1L;
    public StoreTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
