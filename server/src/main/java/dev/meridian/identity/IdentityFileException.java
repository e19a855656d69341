package dev.meridian.identity;

/**
 * An identity file ({@code --identities FILE}) that cannot be used: missing, not JSON, or not an identity file (an
 * unknown or missing field, a value of the wrong form, a key ID given twice, a malformed policy). Its message is one
 * line naming the place, e.g. {@code identities.json line 9, column 17 (accounts[0].users[1].path): ...}; it never
 * quotes a secret access key.
 */
public final class IdentityFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    IdentityFileException(String message) {
        super(message, null, false, false);
    }
}
