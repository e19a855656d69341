package dev.meridian.crypto;

import dev.meridian.model.AccountId;
import dev.meridian.model.KeyId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Meridian's symmetric ciphertext, format versions 1 and 2. Byte by byte:
 *
 * <pre>
 * offset  length  field
 *   0       1     format version: 0x01 AES-256-GCM, 0x02 SM4-GCM
 *   1       1     key ID kind: 0x00 single-Region (UUID), 0x01 multi-Region (mrk-)
 *   2      12     account ID, 12 ASCII digits
 *  14      16     key ID: the UUID's 128 bits, or the 32 hex digits after "mrk-" as 16 bytes
 *  30       4     material version, unsigned big-endian
 *  34      16     salt for the per-message key, random
 *  50      12     GCM IV, random
 *  62       n     GCM ciphertext (n = plaintext length)
 *  62+n    16     GCM tag
 * </pre>
 *
 * <p>The version follows the key material: 32 bytes of material (every partition but {@code aws-cn}) make
 * version 1, 16 bytes (the China Regions' SM4 keys, {@link SymmetricMaterial}) version 2. Outside
 * {@code crypto}, only {@link #readHeader} is reachable: sealing and opening go through
 * {@link SymmetricKeyMaterial}, the typed material of a {@code SYMMETRIC_DEFAULT} key. Each message has
 * its own key: in version 1 an AES-256 key, {@code HKDF-SHA-256(ikm = key material, salt = salt,
 * info = "meridian/symmetric/v1" || bytes 0..33)}; in version 2 an SM4 key, {@code HKDF-SM3} of the same
 * inputs with {@code "meridian/symmetric/v2"}. So the GCM nonce budget of the key material is never
 * approached. The associated data is bytes 0..61 followed by the {@link EncryptionContextEncoding
 * canonical encoding} of the encryption context: changing any header byte, or the context, fails
 * authentication. The overhead is 78 bytes: 4,096 bytes of plaintext make 4,174 bytes of ciphertext,
 * well under KMS's 6,144.
 *
 * <p>Stateless and thread-safe.
 */
public final class SymmetricCiphertextFormat {
    /** The format version of AES-256-GCM ciphertexts, made with 32 bytes of key material. */
    public static final int VERSION = 1;
    /** The format version of SM4-GCM ciphertexts, made with 16 bytes of key material (China Regions). */
    public static final int SM4_VERSION = 2;
    public static final int OVERHEAD = 78;
    private static final int HEADER_LENGTH = 34;
    private static final int SALT_LENGTH = 16;
    private static final int IV_OFFSET = HEADER_LENGTH + SALT_LENGTH;
    private static final int CIPHERTEXT_OFFSET = IV_OFFSET + AesGcm.IV_LENGTH;
    private static final byte[] INFO_PREFIX = "meridian/symmetric/v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SM4_INFO_PREFIX = "meridian/symmetric/v2".getBytes(StandardCharsets.US_ASCII);

    private SymmetricCiphertextFormat() {
    }

    /** Encrypts {@code plaintext} under {@code material}, naming the key and version in the header. */
    static byte[] seal(CiphertextHeader header, SecretBytes material, byte[] plaintext,
            Map<String, String> encryptionContext) {
        int version = versionFor(material);
        byte[] output = new byte[OVERHEAD + plaintext.length];
        writeHeader(header, version, output);
        byte[] random = new byte[SALT_LENGTH + AesGcm.IV_LENGTH];
        Randomness.fill(random);
        System.arraycopy(random, 0, output, HEADER_LENGTH, random.length);
        byte[] messageKey = messageKey(material, output);
        try {
            byte[] iv = Arrays.copyOfRange(output, IV_OFFSET, CIPHERTEXT_OFFSET);
            byte[] associatedData = associatedData(output, encryptionContext);
            byte[] sealed = version == VERSION ? AesGcm.seal(messageKey, iv, plaintext, associatedData)
                    : Sm4Gcm.seal(messageKey, iv, plaintext, associatedData);
            System.arraycopy(sealed, 0, output, CIPHERTEXT_OFFSET, sealed.length);
            return output;
        } finally {
            Arrays.fill(messageKey, (byte) 0);
        }
    }

    /**
     * Reads the header without authenticating anything; the caller finds the material it names and then
     * calls {@link #open}. Throws {@link AuthenticationFailedException} when the blob is not this format.
     */
    public static CiphertextHeader readHeader(byte[] ciphertext) {
        if (ciphertext.length < OVERHEAD || (ciphertext[0] != VERSION && ciphertext[0] != SM4_VERSION)
                || (ciphertext[1] & 0xFE) != 0) {
            throw new AuthenticationFailedException();
        }
        for (int i = 2; i < 14; i++) {
            if (ciphertext[i] < '0' || ciphertext[i] > '9') {
                throw new AuthenticationFailedException();
            }
        }
        AccountId account = AccountId.of(new String(ciphertext, 2, 12, StandardCharsets.US_ASCII));
        KeyId keyId = KeyId.fromBytes(Arrays.copyOfRange(ciphertext, 14, 30), ciphertext[1] == 1);
        int version = ByteBuffer.wrap(ciphertext, 30, 4).getInt();
        if (version < 1) {
            throw new AuthenticationFailedException();
        }
        return new CiphertextHeader(account, keyId, version);
    }

    /** Decrypts and authenticates; {@link AuthenticationFailedException} on any mismatch. */
    static byte[] open(byte[] ciphertext, SecretBytes material, Map<String, String> encryptionContext) {
        readHeader(ciphertext);
        if (ciphertext[0] != versionFor(material)) {
            throw new AuthenticationFailedException();
        }
        byte[] messageKey = messageKey(material, ciphertext);
        try {
            byte[] associatedData = associatedData(ciphertext, encryptionContext);
            int ciphertextLength = ciphertext.length - CIPHERTEXT_OFFSET;
            return ciphertext[0] == VERSION
                    ? AesGcm.open(messageKey, ciphertext, IV_OFFSET, CIPHERTEXT_OFFSET, ciphertextLength, associatedData)
                    : Sm4Gcm.open(messageKey, ciphertext, IV_OFFSET, CIPHERTEXT_OFFSET, ciphertextLength, associatedData);
        } finally {
            Arrays.fill(messageKey, (byte) 0);
        }
    }

    /** The format version that {@code material} makes: by its length, 32 bytes for AES, 16 for SM4. */
    private static int versionFor(SecretBytes material) {
        return switch (material.length()) {
            case 32 -> VERSION;
            case Sm4Gcm.KEY_LENGTH -> SM4_VERSION;
            default -> throw new IllegalArgumentException("Symmetric key material is 16 or 32 bytes");
        };
    }

    private static void writeHeader(CiphertextHeader header, int version, byte[] output) {
        output[0] = (byte) version;
        output[1] = (byte) (header.keyId().isMultiRegion() ? 1 : 0);
        byte[] account = header.account().value().getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(account, 0, output, 2, 12);
        System.arraycopy(header.keyId().toBytes(), 0, output, 14, 16);
        ByteBuffer.wrap(output, 30, 4).putInt(header.materialVersion());
    }

    private static byte[] messageKey(SecretBytes material, byte[] message) {
        byte[] info = new byte[INFO_PREFIX.length + HEADER_LENGTH];
        System.arraycopy(INFO_PREFIX, 0, info, 0, INFO_PREFIX.length);
        System.arraycopy(message, 0, info, INFO_PREFIX.length, HEADER_LENGTH);
        byte[] salt = Arrays.copyOfRange(message, HEADER_LENGTH, IV_OFFSET);
        if (message[0] == SM4_VERSION) {
            System.arraycopy(SM4_INFO_PREFIX, 0, info, 0, SM4_INFO_PREFIX.length);
            return Sm4Gcm.deriveKey(material.unsafeBytes(), salt, info, Sm4Gcm.KEY_LENGTH);
        }
        return Hkdf.deriveKey(material.unsafeBytes(), salt, info, 32);
    }

    private static byte[] associatedData(byte[] message, Map<String, String> encryptionContext) {
        byte[] context = EncryptionContextEncoding.encode(encryptionContext);
        byte[] associatedData = new byte[CIPHERTEXT_OFFSET + context.length];
        System.arraycopy(message, 0, associatedData, 0, CIPHERTEXT_OFFSET);
        System.arraycopy(context, 0, associatedData, CIPHERTEXT_OFFSET, context.length);
        return associatedData;
    }
}
