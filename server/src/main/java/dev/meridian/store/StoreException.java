package dev.meridian.store;

/** The store could not do what it was asked; nothing of the failed batch was applied. */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
