package dev.meridian.app;

/**
 * A start refused because development mode (which accepts any signature) would listen on an address other than
 * loopback without {@code --development-mode-on-network}. Its message is one line saying what to do.
 */
public final class NetworkExposureException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NetworkExposureException(String message) {
        super(message, null, false, false);
    }
}
