package dev.meridian.identity;

import dev.meridian.crypto.AuthenticationFailedException;
import dev.meridian.crypto.RootKey;
import dev.meridian.crypto.SecretBytes;
import dev.meridian.model.AccountId;
import dev.meridian.model.Partition;
import dev.meridian.model.Principal;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * The temporary credentials of STS sessions, kept nowhere but in their session tokens: a session token is the
 * session (its access key ID, secret access key, principal and expiry) sealed under the server's root key with
 * {@value #LABEL} as associated data ({@link RootKey#wrap}), in base64url. So sessions need no storage, survive
 * restarts and work on every node that shares the root key; a token cannot be forged or altered, and a token of
 * another server (another root key) or of another purpose (a grant token) does not open.
 *
 * <p>As a {@link CredentialStore} it answers {@link Outcome#UNKNOWN} for a request without a token, with a token
 * not issued here or issued for another access key ID, {@link Outcome#EXPIRED} once the server's clock has
 * reached the session's expiry, and otherwise {@link Outcome#FOUND} with the session's
 * {@link Principal#assumedRole} principal and secret. Thread-safe; a lookup is one AES-GCM opening, no I/O.
 */
public final class SessionCredentials implements CredentialStore {
    /** The associated data of every session token's seal; a new format gets a new label. */
    static final String LABEL = "meridian/sts-session/v1";
    /** Every temporary access key ID starts so, as AWS's do. */
    public static final String ACCESS_KEY_PREFIX = "ASIA";
    private static final byte[] ASSOCIATED_DATA = LABEL.getBytes(StandardCharsets.US_ASCII);
    private static final char[] KEY_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final int FIELDS = 9;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RootKey rootKey;
    private final Clock clock;

    public SessionCredentials(RootKey rootKey, Clock clock) {
        this.rootKey = Objects.requireNonNull(rootKey, "rootKey");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What a role's session is: who it is and until when. Immutable. */
    public record Session(AccountId account, Partition partition, String rolePath, String roleName, String roleId,
            String sessionName, Instant expiration) {
        public Session {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(partition, "partition");
            Objects.requireNonNull(rolePath, "rolePath");
            Objects.requireNonNull(roleName, "roleName");
            Objects.requireNonNull(roleId, "roleId");
            Objects.requireNonNull(sessionName, "sessionName");
            expiration = expiration.truncatedTo(ChronoUnit.SECONDS);
        }

        /** The session's principal, signing with {@code accessKeyId}. */
        public Principal principal(String accessKeyId) {
            return Principal.assumedRole(account, partition, rolePath, roleName, roleId, sessionName, accessKeyId);
        }
    }

    /**
     * A session's credentials as AssumeRole returns them. The secret never prints.
     *
     * @param accessKeyId {@code ASIA} and 16 characters of {@code [A-Z2-7]}
     * @param secretAccessKey 40 characters of base64
     * @param sessionToken the sealed session
     */
    public record Issued(String accessKeyId, SecretBytes secretAccessKey, String sessionToken, Session session) {
        @Override
        public String toString() {
            return "Issued[" + accessKeyId + " until " + session.expiration() + "]";
        }
    }

    /** New credentials for {@code session}: a fresh access key ID and secret, sealed into a new token. */
    public Issued issue(Session session) {
        String accessKeyId = newAccessKeyId();
        byte[] secretBytes = new byte[30];
        RANDOM.nextBytes(secretBytes);
        String secret = Base64.getEncoder().encodeToString(secretBytes);
        Arrays.fill(secretBytes, (byte) 0);
        String text = String.join("|", accessKeyId, secret, session.account().value(), session.partition().name(),
                session.rolePath(), session.roleName(), session.roleId(), session.sessionName(),
                Long.toString(session.expiration().getEpochSecond()));
        byte[] plain = text.getBytes(StandardCharsets.UTF_8);
        byte[] sealed = rootKey.wrap(SecretBytes.wipingSource(plain), ASSOCIATED_DATA);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
        return new Issued(accessKeyId, SecretBytes.copyOf(secret.getBytes(StandardCharsets.UTF_8)), token, session);
    }

    @Override
    public Lookup lookup(String accessKeyId, String sessionToken) {
        if (accessKeyId == null || sessionToken == null || !accessKeyId.startsWith(ACCESS_KEY_PREFIX)) {
            return Lookup.UNKNOWN;
        }
        String[] fields = open(sessionToken);
        if (fields == null || !fields[0].equals(accessKeyId)) {
            return Lookup.UNKNOWN;
        }
        Session session;
        try {
            session = new Session(AccountId.of(fields[2]), Partition.valueOf(fields[3]), fields[4], fields[5], fields[6],
                    fields[7], Instant.ofEpochSecond(Long.parseLong(fields[8])));
        } catch (IllegalArgumentException e) { // cannot happen for a token sealed here; refused all the same
            return Lookup.UNKNOWN;
        }
        if (!clock.instant().isBefore(session.expiration())) {
            return Lookup.EXPIRED;
        }
        return Lookup.found(new SigningCredentials(session.principal(accessKeyId),
                SecretBytes.copyOf(fields[1].getBytes(StandardCharsets.UTF_8)), session.expiration()));
    }

    /** The fields of a token sealed here, or null. */
    private String[] open(String sessionToken) {
        try {
            SecretBytes opened = rootKey.unwrap(Base64.getUrlDecoder().decode(sessionToken), ASSOCIATED_DATA);
            byte[] plain = opened.toByteArray();
            try {
                String[] fields = new String(plain, StandardCharsets.UTF_8).split("\\|", -1);
                return fields.length == FIELDS ? fields : null;
            } finally {
                Arrays.fill(plain, (byte) 0);
            }
        } catch (IllegalArgumentException | AuthenticationFailedException e) {
            return null;
        }
    }

    private static String newAccessKeyId() {
        StringBuilder id = new StringBuilder(ACCESS_KEY_PREFIX);
        for (int i = 0; i < 16; i++) {
            id.append(KEY_ID_ALPHABET[RANDOM.nextInt(KEY_ID_ALPHABET.length)]);
        }
        return id.toString();
    }
}
