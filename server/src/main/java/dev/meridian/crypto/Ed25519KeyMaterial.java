package dev.meridian.crypto;

import dev.meridian.model.KeySpec;
import dev.meridian.model.Partition;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The private key of an {@code ECC_NIST_EDWARDS25519} signing key as PKCS#8 DER (RFC 8410, OID 1.3.101.112): it
 * signs with {@code ED25519_SHA_512} (PureEdDSA over a RAW message) and {@code ED25519_PH_SHA_512} (Ed25519ph of
 * RFC 8032 with an empty context, whose message is the 64-byte digest the caller sends: as reported of AWS KMS,
 * the prehash PH = SHA-512 is applied to those bytes), and gives its public key as DER SubjectPublicKeyInfo. The
 * JDK generates the key; BouncyCastle's RFC 8032 code signs and verifies; the provider never leaves
 * {@code crypto}.
 * Immutable and thread-safe until {@link #destroy()}; the rules of {@link KeyMaterial} apply.
 */
public final class Ed25519KeyMaterial extends SecretKeyMaterial implements SigningKeyMaterial {
    private static final byte[] EMPTY_CONTEXT = new byte[0];

    private final Ed25519PrivateKeyParameters privateKey;
    private final Ed25519PublicKeyParameters publicKey;
    private final byte[] publicKeyInfo;

    /** Takes ownership of {@code privateKeyInfo}, the PKCS#8 DER of an Ed25519 private key. */
    Ed25519KeyMaterial(SecretBytes privateKeyInfo) {
        super(KeySpec.ECC_NIST_EDWARDS25519, privateKeyInfo);
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(privateKeyInfo.unsafeBytes());
            if (!EdECObjectIdentifiers.id_Ed25519.equals(info.getPrivateKeyAlgorithm().getAlgorithm())) {
                throw new IllegalArgumentException("Not an Ed25519 private key");
            }
            byte[] seed = org.bouncycastle.asn1.ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets();
            if (seed.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
                throw new IllegalArgumentException("Not an Ed25519 private key");
            }
            this.privateKey = new Ed25519PrivateKeyParameters(seed);
            java.util.Arrays.fill(seed, (byte) 0);
            this.publicKey = privateKey.generatePublicKey();
            this.publicKeyInfo = new SubjectPublicKeyInfo(new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519),
                    publicKey.getEncoded()).getEncoded("DER");
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Not an Ed25519 private key", e);
        }
    }

    /** A fresh key pair. */
    static Ed25519KeyMaterial generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(255, Randomness.generator());
            return new Ed25519KeyMaterial(SecretBytes.copyOf(generator.generateKeyPair().getPrivate().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot generate an Ed25519 key pair", e);
        }
    }

    /** Ed25519 signing keys exist in every partition. */
    @Override
    public boolean fitsPartition(Partition partition) {
        return true;
    }

    /** The public key as DER SubjectPublicKeyInfo (OID 1.3.101.112, 32-byte key); a copy. */
    /** The PKCS#8 DER this material holds; a copy the caller owns. */
    @Override
    public SecretBytes privateKeyInfo() {
        return SecretBytes.copyOf(secret().unsafeBytes());
    }

    @Override
    public byte[] publicKeyInfo() {
        return publicKeyInfo.clone();
    }

    /**
     * The 64-byte signature of {@code message}: PureEdDSA for {@code ED25519_SHA_512} (a RAW message),
     * Ed25519ph for {@code ED25519_PH_SHA_512} ({@code message} is the caller's 64-byte digest, prehashed again
     * with SHA-512 as Ed25519ph does).
     */
    @Override
    public byte[] sign(String signingAlgorithm, byte[] message, MessageType messageType) {
        int algorithm = algorithm(signingAlgorithm, messageType == MessageType.DIGEST);
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        byte[] input = input(algorithm, message);
        privateKey.sign(algorithm, context(algorithm), input, 0, input.length, signature, 0);
        return signature;
    }

    @Override
    public boolean verify(String signingAlgorithm, byte[] message, MessageType messageType, byte[] signature) {
        if (signature.length != Ed25519.SIGNATURE_SIZE) {
            return false;
        }
        return verify(publicKey, signingAlgorithm, message, messageType, signature);
    }

    /**
     * Whether {@code signature} is a valid signature of {@code message} under the public key
     * {@code publicKeyInfo} (DER SubjectPublicKeyInfo) with {@code signingAlgorithm}. Malformed keys or
     * signatures are invalid, never errors.
     */
    public static boolean verify(byte[] publicKeyInfo, String signingAlgorithm, byte[] message, MessageType messageType,
            byte[] signature) {
        try {
            int algorithm = algorithm(signingAlgorithm, messageType == MessageType.DIGEST);
            SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(publicKeyInfo);
            if (!EdECObjectIdentifiers.id_Ed25519.equals(info.getAlgorithm().getAlgorithm())
                    || info.getAlgorithm().getParameters() != null
                    || signature.length != Ed25519.SIGNATURE_SIZE) {
                return false;
            }
            return verify(new Ed25519PublicKeyParameters(info.getPublicKeyData().getOctets()), signingAlgorithm,
                    message, messageType, signature);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Verification with a parsed public key (of a signature of the right size): the material's own or a caller's. */
    private static boolean verify(Ed25519PublicKeyParameters publicKey, String signingAlgorithm, byte[] message,
            MessageType messageType, byte[] signature) {
        try {
            int algorithm = algorithm(signingAlgorithm, messageType == MessageType.DIGEST);
            byte[] input = input(algorithm, message);
            return publicKey.verify(algorithm, context(algorithm), input, 0, input.length, signature, 0);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static int algorithm(String signingAlgorithm, boolean digest) {
        return switch (signingAlgorithm) {
            case "ED25519_SHA_512" -> {
                if (digest) {
                    throw new IllegalArgumentException("ED25519_SHA_512 signs RAW messages only");
                }
                yield Ed25519.Algorithm.Ed25519;
            }
            case "ED25519_PH_SHA_512" -> {
                if (!digest) {
                    throw new IllegalArgumentException("ED25519_PH_SHA_512 signs SHA-512 digests only");
                }
                yield Ed25519.Algorithm.Ed25519ph;
            }
            default -> throw new IllegalArgumentException("Not an Ed25519 algorithm: " + signingAlgorithm);
        };
    }

    /** What BouncyCastle signs: the message for PureEdDSA, PH(message) = SHA-512(message) for Ed25519ph. */
    private static byte[] input(int algorithm, byte[] message) {
        if (algorithm == Ed25519.Algorithm.Ed25519) {
            return message;
        }
        try {
            return java.security.MessageDigest.getInstance("SHA-512").digest(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-512 is missing", e);
        }
    }

    /** PureEdDSA takes no context; Ed25519ph as KMS uses it takes the empty one. */
    private static byte[] context(int algorithm) {
        return algorithm == Ed25519.Algorithm.Ed25519 ? null : EMPTY_CONTEXT;
    }

    @Override
    public String toString() {
        return "Ed25519KeyMaterial[redacted]";
    }

}
