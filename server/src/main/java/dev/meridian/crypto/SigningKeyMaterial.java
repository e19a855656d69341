package dev.meridian.crypto;

/**
 * The private key of a signing key ({@code SIGN_VERIFY}): it signs with its spec's algorithms (the wire's names,
 * {@code ECDSA_SHA_256}, {@code RSASSA_PSS_SHA_384}, ...) over a message, or over a digest the caller made,
 * verifies, and gives its public key as DER SubjectPublicKeyInfo. The rules of {@link KeyMaterial} apply.
 */
public sealed interface SigningKeyMaterial extends AsymmetricKeyMaterial permits EcKeyMaterial, RsaKeyMaterial,
        Ed25519KeyMaterial, MlDsaKeyMaterial, Sm2KeyMaterial {

    @Override
    default SigningKeyMaterial signing() {
        return this;
    }

    /**
     * The signature of {@code message} with {@code signingAlgorithm} (one of the spec's), {@code message} being
     * of {@code messageType}, which the caller has checked with {@link #acceptsMessageType} (a {@code DIGEST} of
     * {@link #digestLength} bytes).
     */
    byte[] sign(String signingAlgorithm, byte[] message, MessageType messageType);

    /** Whether {@code signature} is a valid signature of {@code message}; malformed input is invalid, never an error. */
    boolean verify(String signingAlgorithm, byte[] message, MessageType messageType, byte[] signature);

    /**
     * Whether {@code signingAlgorithm} takes messages of the given type: {@code ED25519_SHA_512} only RAW
     * messages, {@code ED25519_PH_SHA_512} only digests (SHA-512, Ed25519ph), {@code ML_DSA_SHAKE_256} RAW
     * messages and {@code EXTERNAL_MU} (never a DIGEST: AWS offers no HashML-DSA), every other algorithm RAW and
     * DIGEST.
     */
    static boolean acceptsMessageType(String signingAlgorithm, MessageType messageType) {
        return switch (signingAlgorithm) {
            case "ED25519_SHA_512" -> messageType == MessageType.RAW;
            case "ED25519_PH_SHA_512" -> messageType == MessageType.DIGEST;
            case MlDsaKeyMaterial.SIGNING_ALGORITHM -> messageType != MessageType.DIGEST;
            default -> messageType != MessageType.EXTERNAL_MU;
        };
    }

    /** The length in bytes of an {@code EXTERNAL_MU} message: μ of FIPS 204 section 6.2. */
    static int externalMuLength() {
        return MlDsaKeyMaterial.MU_LENGTH;
    }

    /**
     * The length in bytes of the digest {@code signingAlgorithm} signs ({@code *_SHA_256}: 32, 384: 48, 512: 64;
     * {@code SM2DSA}: 32, an SM3 digest).
     */
    static int digestLength(String signingAlgorithm) {
        if (signingAlgorithm.equals("SM2DSA")) {
            return 32;
        }
        if (signingAlgorithm.endsWith("_SHA_256")) {
            return 32;
        }
        if (signingAlgorithm.endsWith("_SHA_384")) {
            return 48;
        }
        if (signingAlgorithm.endsWith("_SHA_512")) {
            return 64;
        }
        throw new IllegalArgumentException("Not a signing algorithm with SHA-2: " + signingAlgorithm);
    }
}
