package dev.meridian.crypto;

/**
 * The algorithms a client may use to wrap key material for import, named as on the wire
 * ({@code AlgorithmSpec}), with how each is unwrapped:
 * <ul>
 *   <li>{@code RSAES_OAEP_SHA_*}: the material is RSA-OAEP-encrypted directly, with MGF1 over the same hash.</li>
 *   <li>{@code RSA_AES_KEY_WRAP_SHA_*}: an ephemeral AES key, RSA-OAEP-encrypted (MGF1 over the same hash), is
 *       followed by the material wrapped under it with AES Key Wrap with Padding (RFC 5649).</li>
 *   <li>{@code SM2PKE} (China Regions): the material is SM2-encrypted directly (GB/T 32918.4, SM3 for the key
 *       derivation and the check value), in the DER form of GM/T 0009 ({@link Sm2Encryption}).</li>
 * </ul>
 * The codes are stable: they are written into import tokens.
 */
public enum WrappingAlgorithm {
    RSAES_OAEP_SHA_1(1, "SHA-1", false),
    RSAES_OAEP_SHA_256(2, "SHA-256", false),
    RSA_AES_KEY_WRAP_SHA_1(3, "SHA-1", true),
    RSA_AES_KEY_WRAP_SHA_256(4, "SHA-256", true),
    SM2PKE(5, "SM3", false);

    private final int code;
    private final String hash;
    private final boolean withAesKeyWrap;

    WrappingAlgorithm(int code, String hash, boolean withAesKeyWrap) {
        this.code = code;
        this.hash = hash;
        this.withAesKeyWrap = withAesKeyWrap;
    }

    int code() {
        return code;
    }

    /** The hash of OAEP and of its MGF1; for SM2PKE, SM3. */
    String hash() {
        return hash;
    }

    boolean withAesKeyWrap() {
        return withAesKeyWrap;
    }

    /** True for the algorithms that take an RSA wrapping key; false for SM2PKE. */
    boolean isRsa() {
        return this != SM2PKE;
    }

    /** The algorithm with this wire name, or null when Meridian has none by that name. */
    public static WrappingAlgorithm named(String name) {
        for (WrappingAlgorithm algorithm : values()) {
            if (algorithm.name().equals(name)) {
                return algorithm;
            }
        }
        return null;
    }

    static WrappingAlgorithm ofCode(int code) {
        for (WrappingAlgorithm algorithm : values()) {
            if (algorithm.code == code) {
                return algorithm;
            }
        }
        return null;
    }
}
