package dev.meridian.model;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;

/**
 * The ID of a KMS key: a dashed UUID ({@code [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}})
 * for a single-Region key, {@code mrk-} and 32 lowercase hex
 * characters for a multi-Region key. Immutable; always well-formed. Every related multi-Region key
 * (the primary and its replicas) has the same ID.
 */
public record KeyId(String value) {
    private static final SecureRandom RANDOM = new SecureRandom();

    public KeyId {
        if (value == null || !isCanonical(value)) {
            throw new IllegalArgumentException("Not a key ID: " + value);
        }
    }

    /** Parses a key ID as a client wrote it (AWS accepts upper-case hex); null when malformed. */
    public static KeyId parseOrNull(String text) {
        if (text == null || text.length() != 36) {
            return null;
        }
        if (isCanonical(text)) {
            return new KeyId(text);
        }
        String lower = text.toLowerCase(Locale.ROOT);
        return isCanonical(lower) ? new KeyId(lower) : null;
    }

    /** {@code SINGLE_REGION} or {@code MULTI_REGION}, checked by hand: this runs on every request. */
    private static boolean isCanonical(String text) {
        if (text.length() != 36) {
            return false;
        }
        if (text.startsWith("mrk-")) {
            return isLowerHex(text, 4, 36);
        }
        return text.charAt(8) == '-' && text.charAt(13) == '-' && text.charAt(18) == '-' && text.charAt(23) == '-'
                && isLowerHex(text, 0, 8) && isLowerHex(text, 9, 13) && isLowerHex(text, 14, 18)
                && isLowerHex(text, 19, 23) && isLowerHex(text, 24, 36);
    }

    private static boolean isLowerHex(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char character = text.charAt(i);
            if (!((character >= '0' && character <= '9') || (character >= 'a' && character <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    public static KeyId newSingleRegion() {
        return new KeyId(UUID.randomUUID().toString());
    }

    public static KeyId newMultiRegion() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return new KeyId("mrk-" + HexFormat.of().formatHex(bytes));
    }

    public boolean isMultiRegion() {
        return value.startsWith("mrk-");
    }

    /** The 16 bytes the ID stands for (the UUID's bits, or the 32 hex characters after {@code mrk-}). */
    public byte[] toBytes() {
        String hex = isMultiRegion() ? value.substring(4) : value.replace("-", "");
        return HexFormat.of().parseHex(hex);
    }

    /** The inverse of {@link #toBytes()}. */
    public static KeyId fromBytes(byte[] bytes, boolean multiRegion) {
        if (bytes.length != 16) {
            throw new IllegalArgumentException("A key ID is 16 bytes");
        }
        String hex = HexFormat.of().formatHex(bytes);
        if (multiRegion) {
            return new KeyId("mrk-" + hex);
        }
        return new KeyId(hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20));
    }

    @Override
    public String toString() {
        return value;
    }
}
