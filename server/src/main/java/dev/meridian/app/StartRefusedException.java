package dev.meridian.app;

/**
 * A start refused before anything is served: the root key is not the one the store's key material was wrapped with,
 * the root key or the database's password file cannot be read, or the database cannot be reached. Its message is one
 * line saying what is wrong and what to do; {@code serve} prints it and exits with 1.
 */
public final class StartRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StartRefusedException(String message) {
        super(message, null, false, false);
    }

    StartRefusedException(String message, Throwable cause) {
        super(message, cause, false, true);
    }
}
