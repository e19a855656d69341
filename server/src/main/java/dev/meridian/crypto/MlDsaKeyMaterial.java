package dev.meridian.crypto;

import dev.meridian.model.KeySpec;
import dev.meridian.model.Partition;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.BERTags;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLDSAPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.MLDSASigner;

/**
 * The private key of an {@code ML_DSA_44}, {@code ML_DSA_65} or {@code ML_DSA_87} signing key (FIPS 204), which
 * signs with {@code ML_DSA_SHAKE_256}: pure ML-DSA with an empty context over a RAW message, or, for
 * {@code EXTERNAL_MU}, over the 64-byte message representative μ the caller computed (FIPS 204 section 6.2,
 * Algorithm 7 line 6), which gives the same signatures as RAW over the message it stands for. HashML-DSA is not
 * offered, as in AWS.
 *
 * <p>Signing is hedged (FIPS 204's default): each signature draws 32 fresh random bytes from {@link Randomness}, so
 * signing a message twice gives two different signatures, both valid.
 *
 * <p>The private key is kept and given as PKCS#8 DER in RFC 9881's seed form: the key's OID
 * (2.16.840.1.101.3.4.3.17, .18, .19) and {@code [0] IMPLICIT OCTET STRING} of the 32-byte seed ξ from which
 * FIPS 204's ML-DSA.KeyGen_internal expands the key pair. The seed is what RFC 9881 recommends, the smallest form,
 * and the one from which every other form is derived, so the same key always has the same bytes (and so the same
 * {@code KeyMaterialId}); the expanded key (2560 to 4896 bytes) is recomputed when the material is unwrapped. The
 * public key is DER SubjectPublicKeyInfo with the same OID, no parameters, and the FIPS 204 encoding of pk.
 * BouncyCastle's FIPS 204 implementation does the arithmetic and never leaves {@code crypto}.
 * Immutable and thread-safe until {@link #destroy()}; the rules of {@link KeyMaterial} apply.
 */
public final class MlDsaKeyMaterial extends SecretKeyMaterial implements SigningKeyMaterial {
    /** The one signing algorithm of ML-DSA keys. */
    static final String SIGNING_ALGORITHM = "ML_DSA_SHAKE_256";
    /** The length of μ, the message representative an {@code EXTERNAL_MU} message is. */
    static final int MU_LENGTH = 64;
    private static final int SEED_LENGTH = 32;

    private final MLDSAPrivateKeyParameters privateKey;
    private final byte[] publicKeyInfo;

    /** Takes ownership of {@code privateKeyInfo}, PKCS#8 DER of an ML-DSA private key of {@code spec} in seed form. */
    MlDsaKeyMaterial(KeySpec spec, SecretBytes privateKeyInfo) {
        super(spec, privateKeyInfo);
        byte[] seed = null;
        try {
            seed = seedOf(spec, PrivateKeyInfo.getInstance(privateKeyInfo.unsafeBytes()));
            this.privateKey = new MLDSAPrivateKeyParameters(parameters(spec), seed);
            this.publicKeyInfo = new SubjectPublicKeyInfo(new AlgorithmIdentifier(oid(spec)),
                    privateKey.getPublicKey()).getEncoded("DER");
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Not an " + spec + " private key", e);
        } finally {
            if (seed != null) {
                Arrays.fill(seed, (byte) 0);
            }
        }
    }

    /** A fresh key pair of {@code spec}, from a seed of 32 random bytes. */
    static MlDsaKeyMaterial generate(KeySpec spec) {
        byte[] seed = new byte[SEED_LENGTH];
        Randomness.fill(seed);
        try {
            return fromSeed(spec, seed);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /**
     * The key pair of {@code spec} that ML-DSA.KeyGen_internal expands from {@code seed} (ξ, 32 bytes; copied). Throws
     * {@link IllegalArgumentException} for a seed of another length.
     */
    /**
     * The 32-byte seed of {@code info}, a PKCS#8 private key of {@code spec} in RFC 9881's seed form (the spec's
     * OID without parameters, {@code [0] IMPLICIT OCTET STRING}); throws {@link IllegalArgumentException} for
     * anything else, an expanded key included. The caller wipes the seed.
     */
    static byte[] seedOf(KeySpec spec, PrivateKeyInfo info) throws IOException {
        if (!oid(spec).equals(info.getPrivateKeyAlgorithm().getAlgorithm())
                || info.getPrivateKeyAlgorithm().getParameters() != null) {
            throw new IllegalArgumentException("Not an " + spec + " private key");
        }
        ASN1TaggedObject choice = ASN1TaggedObject.getInstance(info.parsePrivateKey());
        if (choice.getTagClass() != BERTags.CONTEXT_SPECIFIC || choice.getTagNo() != 0) {
            throw new IllegalArgumentException("Not an ML-DSA private key in seed form");
        }
        byte[] seed = ASN1OctetString.getInstance(choice, false).getOctets();
        if (seed.length != SEED_LENGTH) {
            Arrays.fill(seed, (byte) 0);
            throw new IllegalArgumentException("Not an ML-DSA seed");
        }
        return seed;
    }

    /** The PKCS#8 DER of {@code seed} for {@code spec} in seed form: the one encoding Meridian keeps. */
    static byte[] seedForm(KeySpec spec, byte[] seed) throws IOException {
        return new PrivateKeyInfo(new AlgorithmIdentifier(oid(spec)),
                new DERTaggedObject(false, 0, new DEROctetString(seed))).getEncoded("DER");
    }

    static MlDsaKeyMaterial fromSeed(KeySpec spec, byte[] seed) {
        oid(spec);
        if (seed.length != SEED_LENGTH) {
            throw new IllegalArgumentException("An ML-DSA seed has 32 bytes");
        }
        byte[] encoded = null;
        try {
            encoded = seedForm(spec, seed);
            return new MlDsaKeyMaterial(spec, SecretBytes.copyOf(encoded));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot encode an ML-DSA private key", e);
        } finally {
            if (encoded != null) {
                Arrays.fill(encoded, (byte) 0);
            }
        }
    }

    /** ML-DSA signing keys exist in every partition (the China Regions' documentation describes them too). */
    @Override
    public boolean fitsPartition(Partition partition) {
        return true;
    }

    /** The PKCS#8 DER this material holds (seed form); a copy the caller owns. */
    @Override
    public SecretBytes privateKeyInfo() {
        return SecretBytes.copyOf(secret().unsafeBytes());
    }

    /** The public key as DER SubjectPublicKeyInfo (the spec's FIPS 204 OID, no parameters); a copy. */
    @Override
    public byte[] publicKeyInfo() {
        return publicKeyInfo.clone();
    }

    /**
     * The hedged signature (2420, 3309 or 4627 bytes) of {@code message}: a RAW message (pure ML-DSA, empty
     * context) or a 64-byte {@code EXTERNAL_MU}.
     */
    @Override
    public byte[] sign(String signingAlgorithm, byte[] message, MessageType messageType) {
        return sign(signingAlgorithm, message, messageType, Randomness.generator());
    }

    /**
     * As {@link #sign(String, byte[], MessageType)} with the 32 bytes of {@code rnd} drawn from {@code random}, or
     * FIPS 204's deterministic variant (rnd all zero) when {@code random} is null: for the test vectors.
     */
    byte[] sign(String signingAlgorithm, byte[] message, MessageType messageType, SecureRandom random) {
        checkAlgorithm(signingAlgorithm, messageType, message);
        MLDSASigner signer = new MLDSASigner();
        signer.init(true, random == null ? privateKey : new ParametersWithRandom(privateKey, random));
        try {
            if (messageType == MessageType.EXTERNAL_MU) {
                return signer.generateMuSignature(message);
            }
            signer.update(message, 0, message.length);
            return signer.generateSignature();
        } catch (CryptoException e) {
            throw new IllegalStateException("ML-DSA signing failed", e);
        }
    }

    @Override
    public boolean verify(String signingAlgorithm, byte[] message, MessageType messageType, byte[] signature) {
        return verify(spec(), publicKeyInfo, signingAlgorithm, message, messageType, signature);
    }

    /**
     * Whether {@code signature} is a valid {@code ML_DSA_SHAKE_256} signature of {@code message} (RAW, or a 64-byte
     * {@code EXTERNAL_MU}) under {@code publicKeyInfo}, DER SubjectPublicKeyInfo of an ML-DSA key of {@code spec}.
     * Malformed keys, messages or signatures are invalid, never errors.
     */
    public static boolean verify(KeySpec spec, byte[] publicKeyInfo, String signingAlgorithm, byte[] message,
            MessageType messageType, byte[] signature) {
        try {
            checkAlgorithm(signingAlgorithm, messageType, message);
            SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(publicKeyInfo);
            if (!oid(spec).equals(info.getAlgorithm().getAlgorithm()) || info.getAlgorithm().getParameters() != null
                    || info.getPublicKeyData().getPadBits() != 0) {
                return false;
            }
            MLDSAPublicKeyParameters publicKey = new MLDSAPublicKeyParameters(parameters(spec),
                    info.getPublicKeyData().getOctets());
            MLDSASigner verifier = new MLDSASigner();
            verifier.init(false, publicKey);
            if (messageType == MessageType.EXTERNAL_MU) {
                return verifier.verifyMuSignature(message, signature);
            }
            verifier.update(message, 0, message.length);
            return verifier.verifySignature(signature);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void checkAlgorithm(String signingAlgorithm, MessageType messageType, byte[] message) {
        if (!SIGNING_ALGORITHM.equals(signingAlgorithm)) {
            throw new IllegalArgumentException("Not an ML-DSA algorithm: " + signingAlgorithm);
        }
        if (messageType == MessageType.DIGEST) {
            throw new IllegalArgumentException("ML_DSA_SHAKE_256 signs RAW messages and EXTERNAL_MU only");
        }
        if (messageType == MessageType.EXTERNAL_MU && message.length != MU_LENGTH) {
            throw new IllegalArgumentException("An external mu has 64 bytes");
        }
    }

    private static ASN1ObjectIdentifier oid(KeySpec spec) {
        return switch (spec) {
            case ML_DSA_44 -> NISTObjectIdentifiers.id_ml_dsa_44;
            case ML_DSA_65 -> NISTObjectIdentifiers.id_ml_dsa_65;
            case ML_DSA_87 -> NISTObjectIdentifiers.id_ml_dsa_87;
            default -> throw new IllegalArgumentException("Not an ML-DSA key spec: " + spec);
        };
    }

    private static MLDSAParameters parameters(KeySpec spec) {
        return switch (spec) {
            case ML_DSA_44 -> MLDSAParameters.ml_dsa_44;
            case ML_DSA_65 -> MLDSAParameters.ml_dsa_65;
            case ML_DSA_87 -> MLDSAParameters.ml_dsa_87;
            default -> throw new IllegalArgumentException("Not an ML-DSA key spec: " + spec);
        };
    }

    @Override
    public String toString() {
        return "MlDsaKeyMaterial[" + spec() + ", redacted]";
    }
}
