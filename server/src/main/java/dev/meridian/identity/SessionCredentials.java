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
 * session (its access key ID, secret access key, principal, expiry and creation time) sealed under the server's root
 * key with {@value #LABEL} as associated data ({@link RootKey#wrap}), in base64url. So sessions need no storage,
 * survive restarts and work on every node that shares the root key; a token cannot be forged or altered, and a token
 * of another server (another root key) or of another purpose (a grant token) does not open.
 *
 * <p>Token formats: {@value #LABEL} ({@code accessKeyId|secret|account|partition|rolePath|roleName|roleId|
 * sessionName|expiry|creation}, times in epoch seconds) is issued; {@value #LABEL_V1} (the same without the creation
 * time), issued before, is still accepted until its expiry, and its session's creation date is then unknown (null:
 * the audit record leaves {@code creationDate} out rather than guess it, as a v1 token does not hold the duration
 * either). A lookup opens a token as the current format first, then as v1.
 *
 * <p>As a {@link CredentialStore} it answers {@link Outcome#UNKNOWN} for a request without a token, with a token
 * not issued here or issued for another access key ID, {@link Outcome#EXPIRED} once the server's clock has
 * reached the session's expiry, and otherwise {@link Outcome#FOUND} with the session's
 * {@link Principal#assumedRole} principal (with its creation date when the token holds it) and secret. Thread-safe;
 * a lookup is one AES-GCM opening (two for a v1 token), no I/O.
 */
public final class SessionCredentials implements CredentialStore {
    /** The associated data of the seal of the session tokens issued now; a new format gets a new label. */
    static final String LABEL = "meridian/sts-session/v2";
    /** The label of the first format, without the session's creation time: still accepted. */
    static final String LABEL_V1 = "meridian/sts-session/v1";
    /** Every temporary access key ID starts so, as AWS's do. */
    public static final String ACCESS_KEY_PREFIX = "ASIA";
    private static final byte[] ASSOCIATED_DATA = LABEL.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ASSOCIATED_DATA_V1 = LABEL_V1.getBytes(StandardCharsets.US_ASCII);
    private static final char[] KEY_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final int FIELDS = 10;
    private static final int FIELDS_V1 = 9;
    /** The index of the role path among a token's fields, in every format. */
    private static final int ROLE_PATH = 4;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RootKey rootKey;
    private final Clock clock;

    public SessionCredentials(RootKey rootKey, Clock clock) {
        this.rootKey = Objects.requireNonNull(rootKey, "rootKey");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * What a role's session is: who it is, since when and until when, in whole seconds. Immutable.
     *
     * @param creationDate when the session was issued; null when not known (a token of the v1 format)
     */
    public record Session(AccountId account, Partition partition, String rolePath, String roleName, String roleId,
            String sessionName, Instant creationDate, Instant expiration) {
        public Session {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(partition, "partition");
            Objects.requireNonNull(rolePath, "rolePath");
            Objects.requireNonNull(roleName, "roleName");
            Objects.requireNonNull(roleId, "roleId");
            Objects.requireNonNull(sessionName, "sessionName");
            expiration = expiration.truncatedTo(ChronoUnit.SECONDS);
            creationDate = creationDate == null ? null : creationDate.truncatedTo(ChronoUnit.SECONDS);
        }

        /** The session's principal, signing with {@code accessKeyId}. */
        public Principal principal(String accessKeyId) {
            return Principal.assumedRole(account, partition, rolePath, roleName, roleId, sessionName, accessKeyId,
                    creationDate);
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

    /**
     * New credentials for {@code session}: a fresh access key ID and secret, sealed into a new token of the current
     * format. The session needs its creation date.
     */
    public Issued issue(Session session) {
        Objects.requireNonNull(session.creationDate(), "A session is issued with its creation date");
        String accessKeyId = newAccessKeyId();
        byte[] secretBytes = new byte[30];
        RANDOM.nextBytes(secretBytes);
        String secret = Base64.getEncoder().encodeToString(secretBytes);
        Arrays.fill(secretBytes, (byte) 0);
        String text = String.join("|", accessKeyId, secret, session.account().value(), session.partition().name(),
                session.rolePath(), session.roleName(), session.roleId(), session.sessionName(),
                Long.toString(session.expiration().getEpochSecond()),
                Long.toString(session.creationDate().getEpochSecond()));
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
            Instant creation = fields.length == FIELDS ? Instant.ofEpochSecond(Long.parseLong(fields[9])) : null;
            session = new Session(AccountId.of(fields[2]), Partition.valueOf(fields[3]), fields[4], fields[5], fields[6],
                    fields[7], creation, Instant.ofEpochSecond(Long.parseLong(fields[8])));
        } catch (IllegalArgumentException e) { // cannot happen for a token sealed here; refused all the same
            return Lookup.UNKNOWN;
        }
        if (!clock.instant().isBefore(session.expiration())) {
            return Lookup.EXPIRED;
        }
        return Lookup.found(new SigningCredentials(session.principal(accessKeyId),
                SecretBytes.copyOf(fields[1].getBytes(StandardCharsets.UTF_8)), session.expiration()));
    }

    /** The fields of a token sealed here, of the current format ({@value #FIELDS}) or of v1 ({@value #FIELDS_V1}), or null. */
    private String[] open(String sessionToken) {
        byte[] sealed;
        try {
            sealed = Base64.getUrlDecoder().decode(sessionToken);
        } catch (IllegalArgumentException e) {
            return null;
        }
        String[] fields = open(sealed, ASSOCIATED_DATA, FIELDS);
        return fields != null ? fields : open(sealed, ASSOCIATED_DATA_V1, FIELDS_V1);
    }

    /**
     * The {@code count} fields of {@code sealed} opened with {@code label}, or null. The role path (the fifth field) is
     * the only one that may hold {@code |} (IAM allows it in a path, never in the other fields), so the fields are read
     * from both ends: four before it, the rest after it.
     */
    private String[] open(byte[] sealed, byte[] label, int count) {
        try {
            byte[] plain = rootKey.unwrap(sealed, label).toByteArray();
            try {
                String[] split = new String(plain, StandardCharsets.UTF_8).split("\\|", -1);
                if (split.length < count) {
                    return null;
                }
                int after = count - ROLE_PATH - 1;
                String[] fields = new String[count];
                System.arraycopy(split, 0, fields, 0, ROLE_PATH);
                fields[ROLE_PATH] = String.join("|", Arrays.copyOfRange(split, ROLE_PATH, split.length - after));
                System.arraycopy(split, split.length - after, fields, ROLE_PATH + 1, after);
                return fields;
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
