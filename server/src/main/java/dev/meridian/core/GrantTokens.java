package dev.meridian.core;

import dev.meridian.crypto.AuthenticationFailedException;
import dev.meridian.crypto.RootKey;
import dev.meridian.crypto.SecretBytes;
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
 * Region, key, grant ID), sealed under the root key: base64url of {@link RootKey#wrap} of
 * {@code "account|region|keyId|grantId"}, with {@code "meridian/grant-token/v1"} as associated data. So a
 * token cannot be forged or altered, a token of another Meridian (another root key) is refused, and, the
 * seal being randomized, every CreateGrant returns a new token, even for the same grant; all tokens of one
 * grant are interchangeable. Tokens are opaque to clients, as AWS's are.
 */
final class GrantTokens {
    private static final byte[] ASSOCIATED_DATA = "meridian/grant-token/v1".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern GRANT_ID = Pattern.compile("[0-9a-f]{64}");
    private static final SecureRandom RANDOM = new SecureRandom();
    static final String INVALID_TOKEN = "The request was rejected because the specified grant token is not valid.";
    static final String INVALID_GRANT_ID = "The request was rejected because the specified GrantId is not valid.";

    /** The grant a token names. */
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
    static String newToken(Grant grant, RootKey rootKey) {
        KeyReference key = grant.key();
        String text = key.account() + "|" + key.region() + "|" + key.keyId() + "|" + grant.grantId();
        byte[] sealed = rootKey.wrap(SecretBytes.copyOf(text.getBytes(StandardCharsets.UTF_8)), ASSOCIATED_DATA);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
    }

    /** The grant a token names; {@code InvalidGrantTokenException} when this Meridian did not issue it as it is. */
    static Target parse(String token, RootKey rootKey) {
        try {
            SecretBytes opened = rootKey.unwrap(Base64.getUrlDecoder().decode(token), ASSOCIATED_DATA);
            String[] parts = new String(opened.toByteArray(), StandardCharsets.UTF_8).split("\\|", -1);
            KeyId keyId = parts.length == 4 ? KeyId.parseOrNull(parts[2]) : null;
            if (keyId == null || !Region.isWellFormed(parts[1]) || !isGrantId(parts[3])) {
                throw invalidToken();
            }
            return new Target(new KeyReference(AccountId.of(parts[0]), Region.of(parts[1]), keyId), parts[3]);
        } catch (IllegalArgumentException | AuthenticationFailedException e) {
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
