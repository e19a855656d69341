package dev.meridian.crypto;

import dev.meridian.model.KeySpec;
import dev.meridian.model.Partition;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import javax.crypto.Cipher;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The private key of an RSA key ({@code RSA_2048}, {@code RSA_3072}, {@code RSA_4096}) as PKCS#8 DER, for either
 * usage AWS gives these specs:
 * <ul>
 *   <li>{@code SIGN_VERIFY}: RSASSA-PSS (MGF1 with the same hash, salt as long as the hash, as AWS signs) and
 *       RSASSA-PKCS1-v1_5 with SHA-256/384/512, over a message or a digest the caller made. BouncyCastle, kept
 *       inside {@code crypto}, signs and verifies (it signs precomputed digests).</li>
 *   <li>{@code ENCRYPT_DECRYPT}: RSAES-OAEP (RFC 8017) with {@code RSAES_OAEP_SHA_1} (SHA-1, MGF1-SHA-1) or
 *       {@code RSAES_OAEP_SHA_256} (SHA-256, MGF1-SHA-256) and the empty label, as AWS encrypts; the ciphertext is
 *       the bare OAEP output, as long as the modulus, so anyone with the public key (OpenSSL, the JDK) makes
 *       ciphertexts that open here. The JDK's provider encrypts and decrypts.</li>
 * </ul>
 * The JDK makes the keys. Immutable and thread-safe until {@link #destroy()}; the rules of {@link KeyMaterial}
 * apply.
 */
public final class RsaKeyMaterial extends SecretKeyMaterial implements SigningKeyMaterial, DecryptionKeyMaterial {
    private static final Provider PROVIDER = new BouncyCastleProvider();
    private static final HexFormat HEX = HexFormat.of();

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final byte[] publicKeyInfo;

    /** Takes ownership of {@code privateKeyInfo}, the PKCS#8 DER of an RSA private key of {@code spec}'s size. */
    RsaKeyMaterial(KeySpec spec, SecretBytes privateKeyInfo) {
        super(spec, privateKeyInfo);
        try {
            KeyFactory factory = KeyFactory.getInstance("RSA");
            RSAPrivateCrtKey key = (RSAPrivateCrtKey) factory.generatePrivate(
                    new PKCS8EncodedKeySpec(privateKeyInfo.unsafeBytes()));
            if (key.getModulus().bitLength() != modulusBits(spec)) {
                throw new IllegalArgumentException("The private key is not of size " + modulusBits(spec));
            }
            this.privateKey = key;
            this.publicKey = factory.generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
            this.publicKeyInfo = publicKey.getEncoded();
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("Not an RSA private key of spec " + spec, e);
        }
    }

    /** A fresh key pair of {@code spec} (public exponent 65537). */
    static RsaKeyMaterial generate(KeySpec spec) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(new RSAKeyGenParameterSpec(modulusBits(spec), RSAKeyGenParameterSpec.F4),
                    Randomness.generator());
            return new RsaKeyMaterial(spec, SecretBytes.copyOf(generator.generateKeyPair().getPrivate().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot generate a key pair of " + spec, e);
        }
    }

    private static int modulusBits(KeySpec spec) {
        return switch (spec) {
            case RSA_2048 -> 2048;
            case RSA_3072 -> 3072;
            case RSA_4096 -> 4096;
            default -> throw new IllegalArgumentException("Not an RSA key spec: " + spec);
        };
    }

    /** RSA keys exist in every partition. */
    @Override
    public boolean fitsPartition(Partition partition) {
        return true;
    }

    /** The PKCS#8 DER this material holds; a copy the caller owns. */
    @Override
    public SecretBytes privateKeyInfo() {
        return SecretBytes.copyOf(secret().unsafeBytes());
    }

    @Override
    public byte[] publicKeyInfo() {
        return publicKeyInfo.clone();
    }

    @Override
    public byte[] sign(String signingAlgorithm, byte[] message, MessageType messageType) {
        try {
            Signature signature = signature(signingAlgorithm, messageType == MessageType.DIGEST);
            signature.initSign(privateKey, Randomness.generator());
            signature.update(input(signingAlgorithm, message, messageType == MessageType.DIGEST));
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign with " + signingAlgorithm, e);
        }
    }

    @Override
    public boolean verify(String signingAlgorithm, byte[] message, MessageType messageType, byte[] signature) {
        return verify(publicKey, signingAlgorithm, message, messageType, signature);
    }

    /**
     * Whether {@code signature} is a valid signature of {@code message} with {@code signingAlgorithm} under the
     * public key {@code publicKeyInfo} (DER SubjectPublicKeyInfo). Malformed keys or signatures are invalid.
     */
    public static boolean verify(byte[] publicKeyInfo, String signingAlgorithm, byte[] message, MessageType messageType,
            byte[] signature) {
        PublicKey publicKey;
        try {
            publicKey = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(publicKeyInfo));
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
        return verify(publicKey, signingAlgorithm, message, messageType, signature);
    }

    /** Verification with a parsed public key: the material's own, parsed once, or one the caller gave. */
    private static boolean verify(PublicKey publicKey, String signingAlgorithm, byte[] message,
            MessageType messageType, byte[] signature) {
        try {
            Signature verifier = signature(signingAlgorithm, messageType == MessageType.DIGEST);
            verifier.initVerify(publicKey);
            verifier.update(input(signingAlgorithm, message, messageType == MessageType.DIGEST));
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static Signature signature(String signingAlgorithm, boolean digest) throws GeneralSecurityException {
        String hash = hash(signingAlgorithm);
        if (signingAlgorithm.startsWith("RSASSA_PSS_")) {
            Signature signature = Signature.getInstance(digest ? "NONEwithRSASSA-PSS" : "RSASSA-PSS", PROVIDER);
            signature.setParameter(new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash),
                    SigningKeyMaterial.digestLength(signingAlgorithm), PSSParameterSpec.TRAILER_FIELD_BC));
            return signature;
        }
        if (signingAlgorithm.startsWith("RSASSA_PKCS1_V1_5_")) {
            return Signature.getInstance(digest ? "NONEwithRSA" : hash.replace("-", "") + "withRSA", PROVIDER);
        }
        throw new IllegalArgumentException("Not an RSA signing algorithm: " + signingAlgorithm);
    }

    /** What the signature object takes: the message, a digest, or (PKCS#1 v1.5 over a digest) its DigestInfo. */
    private static byte[] input(String signingAlgorithm, byte[] message, boolean digest) {
        if (!digest || !signingAlgorithm.startsWith("RSASSA_PKCS1_V1_5_")) {
            return message;
        }
        ByteArrayOutputStream digestInfo = new ByteArrayOutputStream();
        digestInfo.writeBytes(HEX.parseHex(switch (hash(signingAlgorithm)) {
            case "SHA-256" -> "3031300d060960864801650304020105000420";
            case "SHA-384" -> "3041300d060960864801650304020205000430";
            default -> "3051300d060960864801650304020305000440";
        }));
        digestInfo.writeBytes(message);
        return digestInfo.toByteArray();
    }

    private static String hash(String signingAlgorithm) {
        return "SHA-" + SigningKeyMaterial.digestLength(signingAlgorithm) * 8;
    }

    /** {@code k - 2 hLen - 2} (RFC 8017, 7.1.1): for RSA_2048, 214 bytes with SHA-1 and 190 with SHA-256. */
    @Override
    public int maximumPlaintextLength(String encryptionAlgorithm) {
        return modulusBits(spec()) / 8 - 2 * oaepHashLength(encryptionAlgorithm) - 2;
    }

    @Override
    public byte[] encrypt(String encryptionAlgorithm, byte[] plaintext) {
        if (plaintext.length > maximumPlaintextLength(encryptionAlgorithm)) {
            throw new IllegalArgumentException("The plaintext is too long for " + encryptionAlgorithm);
        }
        try {
            Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
            cipher.init(Cipher.ENCRYPT_MODE, publicKey, RsaOaep.parameters(oaepHash(encryptionAlgorithm)),
                    Randomness.generator());
            return cipher.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt with " + encryptionAlgorithm, e);
        }
    }

    /**
     * RSAES-OAEP-DECRYPT of attacker-supplied bytes: a ciphertext that is not exactly as long as the modulus
     * (RFC 8017, 7.1.2, step 1), not below it, or whose padding does not check gives
     * {@link AuthenticationFailedException}, the same for every cause.
     */
    @Override
    public SecretBytes decrypt(String encryptionAlgorithm, byte[] ciphertext) throws AuthenticationFailedException {
        String hash = oaepHash(encryptionAlgorithm);
        if (ciphertext.length != modulusBits(spec()) / 8) {
            throw new AuthenticationFailedException();
        }
        return RsaOaep.decrypt(privateKey, hash, ciphertext, 0, ciphertext.length);
    }

    /** The hash of an encryption algorithm's OAEP and MGF1 ({@code RSAES_OAEP_SHA_1}: SHA-1, ...). */
    private static String oaepHash(String encryptionAlgorithm) {
        return switch (encryptionAlgorithm) {
            case "RSAES_OAEP_SHA_1" -> "SHA-1";
            case "RSAES_OAEP_SHA_256" -> "SHA-256";
            default -> throw new IllegalArgumentException("Not an RSA encryption algorithm: " + encryptionAlgorithm);
        };
    }

    private static int oaepHashLength(String encryptionAlgorithm) {
        return oaepHash(encryptionAlgorithm).equals("SHA-1") ? 20 : 32;
    }

    @Override
    public String toString() {
        return "RsaKeyMaterial[" + spec() + ", redacted]";
    }

}
