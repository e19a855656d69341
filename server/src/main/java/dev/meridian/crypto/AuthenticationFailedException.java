package dev.meridian.crypto;

/**
 * A ciphertext did not authenticate: tampered, truncated, made under other material, or with another
 * encryption context. Says nothing more, on purpose.
 */
public final class AuthenticationFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public AuthenticationFailedException() {
        super("The ciphertext did not authenticate", null, false, false);
    }
}
