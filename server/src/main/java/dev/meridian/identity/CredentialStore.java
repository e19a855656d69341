package dev.meridian.identity;

/**
 * Finds the credentials of an access key, so that a request's signature can be verified. Implementations are
 * thread-safe and answer from memory (or from the token itself), without I/O: this is on every request's path.
 */
@FunctionalInterface
public interface CredentialStore {
    /** A store that knows no access key. */
    CredentialStore NONE = (accessKeyId, sessionToken) -> Lookup.UNKNOWN;

    /**
     * The credentials of {@code accessKeyId} presented with {@code sessionToken} (the request's
     * {@code X-Amz-Security-Token}; null when it has none).
     */
    Lookup lookup(String accessKeyId, String sessionToken);

    /** This store's answer, or {@code other}'s where this one does not know the key. */
    default CredentialStore or(CredentialStore other) {
        return (accessKeyId, sessionToken) -> {
            Lookup found = lookup(accessKeyId, sessionToken);
            return found.outcome() == Outcome.UNKNOWN ? other.lookup(accessKeyId, sessionToken) : found;
        };
    }

    /** Why a lookup found no usable credentials, or that it found them. */
    enum Outcome {
        /** The key is known and the session token (if any) belongs to it. */
        FOUND,
        /** No such key, or a session token that was not issued here or does not belong to the key. */
        UNKNOWN,
        /** A temporary key whose session has expired ({@code ExpiredTokenException}). */
        EXPIRED
    }

    /** A lookup's outcome, with the credentials when {@link Outcome#FOUND}. Immutable. */
    record Lookup(Outcome outcome, SigningCredentials credentials) {
        public static final Lookup UNKNOWN = new Lookup(Outcome.UNKNOWN, null);
        public static final Lookup EXPIRED = new Lookup(Outcome.EXPIRED, null);

        public Lookup {
            if ((outcome == Outcome.FOUND) != (credentials != null)) {
                throw new IllegalArgumentException("Credentials come with FOUND, and only with it");
            }
        }

        public static Lookup found(SigningCredentials credentials) {
            return new Lookup(Outcome.FOUND, credentials);
        }
    }
}
