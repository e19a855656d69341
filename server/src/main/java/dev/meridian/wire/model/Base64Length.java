package dev.meridian.wire.model;

/**
 * Checks that a blob is canonical standard base64 (RFC 4648 section 4: padding required, no line breaks, zero
 * bits after the last byte) and tells its decoded length without decoding, so that validating a blob
 * allocates nothing. Stateless and thread-safe.
 */
final class Base64Length {

    private static final byte NOT_IN_ALPHABET = -1;
    private static final byte[] SEXTET_VALUES = new byte[128];

    static {
        java.util.Arrays.fill(SEXTET_VALUES, NOT_IN_ALPHABET);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int index = 0; index < alphabet.length(); index++) {
            SEXTET_VALUES[alphabet.charAt(index)] = (byte) index;
        }
    }

    private Base64Length() {
    }

    /**
     * Returns the number of bytes the text decodes to.
     *
     * @param text the base64 text of a blob
     * @return the decoded length
     * @throws InvalidRequestException a SerializationException when the text is not canonical padded base64
     */
    static int decodedLength(String text) {
        int length = text.length();
        if (length % 4 != 0) {
            throw SerializationErrors.base64Length(length);
        }
        if (length == 0) {
            return 0;
        }
        int padding = 0;
        if (text.charAt(length - 1) == '=') {
            padding = text.charAt(length - 2) == '=' ? 2 : 1;
        }
        int dataEnd = length - padding;
        int lastSextet = 0;
        for (int index = 0; index < dataEnd; index++) {
            lastSextet = sextet(text.charAt(index));
        }
        // One pad character leaves 2 unused bits in the last sextet, two pad characters leave 4.
        int unusedBitsMask = padding == 1 ? 0x3 : padding == 2 ? 0xF : 0;
        if ((lastSextet & unusedBitsMask) != 0) {
            throw SerializationErrors.base64LastCharacter();
        }
        return length / 4 * 3 - padding;
    }

    private static int sextet(char character) {
        if (character < 128) {
            byte value = SEXTET_VALUES[character];
            if (value != NOT_IN_ALPHABET) {
                return value;
            }
        }
        if (character == '=') {
            throw SerializationErrors.base64LastCharacter();
        }
        throw SerializationErrors.base64Character(character);
    }
}
