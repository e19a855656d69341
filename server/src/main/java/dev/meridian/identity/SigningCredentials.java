package dev.meridian.identity;

import dev.meridian.crypto.SecretBytes;
import dev.meridian.model.Principal;
import java.time.Instant;
import java.util.Objects;

/**
 * What the server knows of one access key: the principal it belongs to, the secret access key that signs with
 * it (held as {@link SecretBytes}: never printed), and, for a session's temporary key, when it expires. Immutable.
 *
 * @param principal who signs with the key (its {@code accessKeyId} is the key's ID)
 * @param secretAccessKey the secret access key, as the UTF-8 bytes of its text (SigV4 signs with
 *     {@code "AWS4" + secret})
 * @param expiration when a temporary key stops working ({@code ExpiredTokenException} after it); null for a
 *     long-term key
 */
public record SigningCredentials(Principal principal, SecretBytes secretAccessKey, Instant expiration) {
    public SigningCredentials {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        if (principal.accessKeyId() == null) {
            throw new IllegalArgumentException("Signing credentials belong to an access key");
        }
    }

    @Override
    public String toString() {
        return "SigningCredentials[" + principal.accessKeyId() + " of " + principal.arn() + "]";
    }
}
