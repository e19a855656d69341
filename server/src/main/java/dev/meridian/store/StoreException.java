package dev.meridian.store;

/**
 * The store could not do what it was asked; nothing of the failed batch was applied. A
 * {@link StoreTimeoutException} when what failed was a wait for the database that has a bound.
 */
public sealed class StoreException extends RuntimeException permits StoreTimeoutException {
    private static final long serialVersionUID = 1L;
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
