package dev.meridian.core;

import dev.meridian.model.AccountId;
import dev.meridian.model.Grant;
import dev.meridian.model.KeyId;
import dev.meridian.model.KeyReference;
import dev.meridian.model.Region;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Grant tokens and grant IDs. A grant ID is 64 lowercase hex digits. A grant token names its grant (account,
 * Region, key, grant ID) and carries a random nonce, so every CreateGrant returns a new token, even for the
 * same grant; all tokens of one grant are interchangeable. Tokens are base64url text, opaque to clients.
 * They carry no authority yet: when grants are enforced, tokens will also be authenticated.
 */
final class GrantTokens {
    private static final String PREFIX = "meridian-grant-token-1|";
    private static final Pattern GRANT_ID = Pattern.compile("[0-9a-f]{64}");
    private static final SecureRandom RANDOM = new SecureRandom();
    static final String INVALID_TOKEN = "The request was rejected because the specified grant token is not valid.";
    static final String INVALID_GRANT_ID = "The request was rejected because the specified GrantId is not valid.";

    /** The grant a well-formed token names. */
    record Target(KeyReference key, String grantId) {
    }

    private GrantTokens() {
    }

    static String newGrantId() {
        return HexFormat.of().formatHex(randomBytes(32));
    }

    static boolean isGrantId(String text) {
        return GRANT_ID.matcher(text).matches();
    }

    /** A new token for {@code grant}, unlike every token made before. */
    static String newToken(Grant grant) {
        KeyReference key = grant.key();
        String text = PREFIX + key.account() + "|" + key.region() + "|" + key.keyId() + "|" + grant.grantId() + "|"
                + HexFormat.of().formatHex(randomBytes(16));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The grant a token names; {@code InvalidGrantTokenException} when it is not a Meridian grant token. */
    static Target parse(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (!text.startsWith(PREFIX)) {
                throw invalidToken();
            }
            String[] parts = text.substring(PREFIX.length()).split("\\|", -1);
            KeyId keyId = parts.length == 5 ? KeyId.parseOrNull(parts[2]) : null;
            if (keyId == null || !Region.isWellFormed(parts[1]) || !isGrantId(parts[3])) {
                throw invalidToken();
            }
            return new Target(new KeyReference(AccountId.of(parts[0]), Region.of(parts[1]), keyId), parts[3]);
        } catch (IllegalArgumentException e) {
            throw invalidToken();
        }
    }

    static KmsException invalidToken() {
        return new KmsException(ErrorCode.INVALID_GRANT_TOKEN, INVALID_TOKEN);
    }

    static KmsException invalidGrantId() {
        return new KmsException(ErrorCode.INVALID_GRANT_ID, INVALID_GRANT_ID);
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
