package dev.meridian.crypto;

import dev.meridian.model.KeySpec;
import dev.meridian.model.Partition;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Map;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The private key of an ECC key ({@code ECC_NIST_P256}, {@code ECC_NIST_P384}, {@code ECC_NIST_P521},
 * {@code ECC_SECG_P256K1}) as PKCS#8 DER: it signs with its spec's one ECDSA algorithm (DER signatures over the
 * message or over a digest the caller made), agrees a shared secret with a peer's public key (ECDH, the NIST
 * curves only, {@link EcdhAgreement}), and gives its public key as DER SubjectPublicKeyInfo. Which of the two a
 * key may do is its usage, which the core checks. BouncyCastle does the signing arithmetic for every curve (JDK 17
 * no longer has secp256k1); the provider never leaves {@code crypto}. Immutable and thread-safe until
 * {@link #destroy()}; the rules of {@link KeyMaterial} apply.
 */
public final class EcKeyMaterial extends SecretKeyMaterial implements SigningKeyMaterial, AgreementKeyMaterial {
    private static final Provider PROVIDER = new BouncyCastleProvider();
    private static final Map<KeySpec, EcdhAgreement> AGREEMENTS = Map.of(
            KeySpec.ECC_NIST_P256, new EcdhAgreement("secp256r1"),
            KeySpec.ECC_NIST_P384, new EcdhAgreement("secp384r1"),
            KeySpec.ECC_NIST_P521, new EcdhAgreement("secp521r1"));

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final byte[] publicKeyInfo;

    /** Takes ownership of {@code privateKeyInfo}, the PKCS#8 DER of a private key on {@code spec}'s curve. */
    EcKeyMaterial(KeySpec spec, SecretBytes privateKeyInfo) {
        super(spec, privateKeyInfo);
        curveName(spec);
        try {
            KeyFactory factory = KeyFactory.getInstance("EC", PROVIDER);
            this.privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(privateKeyInfo.unsafeBytes()));
            org.bouncycastle.jce.interfaces.ECPrivateKey key = (org.bouncycastle.jce.interfaces.ECPrivateKey) privateKey;
            org.bouncycastle.jce.spec.ECParameterSpec parameters = key.getParameters();
            org.bouncycastle.jce.spec.ECNamedCurveParameterSpec expected =
                    org.bouncycastle.jce.ECNamedCurveTable.getParameterSpec(curveName(spec));
            if (parameters == null || !parameters.getCurve().equals(expected.getCurve())
                    || !parameters.getG().equals(expected.getG())) {
                throw new IllegalArgumentException("The private key is not on the curve of " + spec);
            }
            org.bouncycastle.math.ec.ECPoint point = expected.getG().multiply(key.getD()).normalize();
            this.publicKey = factory.generatePublic(
                    new org.bouncycastle.jce.spec.ECPublicKeySpec(point, expected));
            this.publicKeyInfo = publicKey.getEncoded();
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("Not an EC private key of spec " + spec, e);
        }
    }

    /** A fresh key pair of {@code spec}. */
    static EcKeyMaterial generate(KeySpec spec) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", PROVIDER);
            generator.initialize(new ECGenParameterSpec(curveName(spec)), Randomness.generator());
            KeyPair pair = generator.generateKeyPair();
            return new EcKeyMaterial(spec, SecretBytes.copyOf(pair.getPrivate().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot generate a key pair of " + spec, e);
        }
    }

    private static String curveName(KeySpec spec) {
        return switch (spec) {
            case ECC_NIST_P256 -> "secp256r1";
            case ECC_NIST_P384 -> "secp384r1";
            case ECC_NIST_P521 -> "secp521r1";
            case ECC_SECG_P256K1 -> "secp256k1";
            default -> throw new IllegalArgumentException("Not an ECC key spec: " + spec);
        };
    }

    /** ECC signing keys exist in every partition. */
    @Override
    public boolean fitsPartition(Partition partition) {
        return true;
    }

    /** The PKCS#8 DER this material holds; a copy the caller owns. */
    @Override
    public SecretBytes privateKeyInfo() {
        return SecretBytes.copyOf(secret().unsafeBytes());
    }

    /** The public key as DER SubjectPublicKeyInfo (named curve, uncompressed point); a copy. */
    @Override
    public byte[] publicKeyInfo() {
        return publicKeyInfo.clone();
    }

    /**
     * The raw ECDH shared secret with {@code peerPublicKeyInfo}, checked as {@link EcdhAgreement} says; throws
     * {@link IllegalArgumentException} when the peer's key is refused, {@link IllegalStateException} for
     * {@code ECC_SECG_P256K1}, which AWS does not let agree keys.
     */
    @Override
    public SecretBytes deriveSharedSecret(byte[] peerPublicKeyInfo) {
        EcdhAgreement agreement = AGREEMENTS.get(spec());
        if (agreement == null) {
            throw new IllegalStateException("Key material of spec " + spec() + " does not agree keys");
        }
        return agreement.sharedSecret(((org.bouncycastle.jce.interfaces.ECPrivateKey) privateKey).getD(),
                peerPublicKeyInfo);
    }

    /**
     * The DER ECDSA signature of {@code message} with {@code signingAlgorithm} (one of the spec's). When
     * {@code digest} is true, {@code message} is the digest the algorithm's hash made and is signed as it is.
     */
    @Override
    public byte[] sign(String signingAlgorithm, byte[] message, MessageType messageType) {
        try {
            Signature signature = Signature.getInstance(jdkName(signingAlgorithm, messageType == MessageType.DIGEST), PROVIDER);
            signature.initSign(privateKey, Randomness.generator());
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign with " + signingAlgorithm, e);
        }
    }

    /** Whether {@code signature} is a valid DER ECDSA signature of {@code message} under this key. */
    @Override
    public boolean verify(String signingAlgorithm, byte[] message, MessageType messageType, byte[] signature) {
        return verify(publicKey, signingAlgorithm, message, messageType, signature);
    }

    /**
     * Whether {@code signature} is a valid DER ECDSA signature of {@code message} under the public key
     * {@code publicKeyInfo} (DER SubjectPublicKeyInfo). Malformed keys or signatures are invalid, never errors.
     */
    public static boolean verify(byte[] publicKeyInfo, String signingAlgorithm, byte[] message, MessageType messageType,
            byte[] signature) {
        PublicKey publicKey;
        try {
            publicKey = KeyFactory.getInstance("EC", PROVIDER).generatePublic(new X509EncodedKeySpec(publicKeyInfo));
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
        return verify(publicKey, signingAlgorithm, message, messageType, signature);
    }

    /** Verification with a parsed public key: the material's own, parsed once, or one the caller gave. */
    private static boolean verify(PublicKey publicKey, String signingAlgorithm, byte[] message,
            MessageType messageType, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(jdkName(signingAlgorithm, messageType == MessageType.DIGEST), PROVIDER);
            verifier.initVerify(publicKey);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static String jdkName(String signingAlgorithm, boolean digest) {
        if (digest) {
            return "NONEwithECDSA";
        }
        return switch (signingAlgorithm) {
            case "ECDSA_SHA_256" -> "SHA256withECDSA";
            case "ECDSA_SHA_384" -> "SHA384withECDSA";
            case "ECDSA_SHA_512" -> "SHA512withECDSA";
            default -> throw new IllegalArgumentException("Not an ECDSA algorithm: " + signingAlgorithm);
        };
    }

    @Override
    public String toString() {
        return "EcKeyMaterial[" + spec() + ", redacted]";
    }

}
