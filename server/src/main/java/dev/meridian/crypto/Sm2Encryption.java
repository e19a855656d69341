package dev.meridian.crypto;

import dev.meridian.model.KeySpec;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * SM2 public-key encryption (GB/T 32918.4-2016, SM3 for the key derivation and the check value) on the
 * curve sm2p256v1, with BouncyCastle's lightweight API (no JCA provider is registered): the unwrapping of
 * imported key material in China, and {@code SM2PKE} of {@link Sm2KeyMaterial}.
 *
 * <p>Formats, as AWS KMS and OpenSSL 3.0 use them:
 * <ul>
 *   <li>The public key is a DER SubjectPublicKeyInfo: algorithm {@code id-ecPublicKey} (1.2.840.10045.2.1) with
 *       the named curve {@code sm2p256v1} (1.2.156.10197.1.301), and the uncompressed point.</li>
 *   <li>A ciphertext is the DER {@code SEQUENCE { INTEGER x, INTEGER y, OCTET STRING hash, OCTET STRING
 *       ciphertext }} of GM/T 0009-2012 (C1 as its coordinates, then C3, then C2), which is what
 *       {@code openssl pkeyutl -encrypt} writes. The raw concatenations (C1C3C2, C1C2C3) are refused.</li>
 *   <li>The private key is its scalar d, 32 bytes, unsigned big-endian.</li>
 * </ul>
 * Any failure to decrypt (another key, tampering, another encoding, trailing bytes) is one
 * {@link AuthenticationFailedException} that says nothing more. Thread-safe. BouncyCastle holds the scalar
 * in a {@code BigInteger} while it works, which cannot be wiped; the scalar is otherwise kept in
 * {@link SecretBytes}.
 */
final class Sm2Encryption {
    /** The length of a coordinate, of the private scalar and of an SM3 hash, in bytes. */
    static final int FIELD_BYTES = 32;
    static final ECDomainParameters CURVE = new ECNamedDomainParameters(GMObjectIdentifiers.sm2p256v1,
            GMNamedCurves.getByName("sm2p256v1"));
    private static final int CIPHERTEXT_ELEMENTS = 4;

    private Sm2Encryption() {
    }

    /** A fresh key pair: the public key to hand out and the private scalar to keep secret. */
    record KeyPair(byte[] publicKeyInfo, SecretBytes privateScalar) {
    }

    static KeyPair generate() {
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(CURVE, Randomness.generator()));
        AsymmetricCipherKeyPair pair = generator.generateKeyPair();
        ECPoint point = ((ECPublicKeyParameters) pair.getPublic()).getQ();
        byte[] scalar = BigIntegers.asUnsignedByteArray(FIELD_BYTES, ((ECPrivateKeyParameters) pair.getPrivate()).getD());
        try {
            return new KeyPair(publicKeyInfo(point), SecretBytes.copyOf(scalar));
        } finally {
            Arrays.fill(scalar, (byte) 0);
        }
    }

    /**
     * The plaintext of a DER SM2 ciphertext of key material for a key of {@code spec}; throws
     * {@link EncryptedKeySizeException} when it is well formed but its encrypted part has a length no material of
     * {@code spec} has ({@link KeyMaterialService#takesLength}: 16 or 32 bytes for symmetric keys),
     * {@link AuthenticationFailedException} when it does not open.
     */
    static SecretBytes decrypt(SecretBytes privateScalar, byte[] ciphertext, KeySpec spec) {
        if (privateScalar.length() != FIELD_BYTES) {
            throw new AuthenticationFailedException();
        }
        BigInteger scalar = new BigInteger(1, privateScalar.unsafeBytes());
        if (scalar.signum() == 0 || scalar.compareTo(CURVE.getN()) >= 0) {
            throw new AuthenticationFailedException();
        }
        return open(scalar, rawC1C3C2(ciphertext, spec));
    }

    /**
     * The DER SM2 ciphertext (GM/T 0009-2012, as AWS KMS's {@code SM2PKE} gives and takes it) of
     * {@code plaintext} under the public key {@code point}, with a fresh random k.
     */
    static byte[] encrypt(ECPoint point, byte[] plaintext) {
        SM2Engine engine = new SM2Engine(SM2Engine.Mode.C1C3C2);
        engine.init(true, new ParametersWithRandom(new ECPublicKeyParameters(point, CURVE), Randomness.generator()));
        byte[] raw;
        try {
            raw = engine.processBlock(plaintext, 0, plaintext.length);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("SM2 encryption failed", e);
        }
        try {
            int pointLength = 1 + 2 * FIELD_BYTES;
            ASN1EncodableVector elements = new ASN1EncodableVector(CIPHERTEXT_ELEMENTS);
            elements.add(new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, 1, 1 + FIELD_BYTES))));
            elements.add(new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, 1 + FIELD_BYTES, pointLength))));
            elements.add(new DEROctetString(Arrays.copyOfRange(raw, pointLength, pointLength + FIELD_BYTES)));
            elements.add(new DEROctetString(Arrays.copyOfRange(raw, pointLength + FIELD_BYTES, raw.length)));
            return new DERSequence(elements).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("An SM2 ciphertext could not be encoded", e);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /**
     * The plaintext of a DER SM2 ciphertext of any length under the private scalar {@code scalar} (in [1, n - 2]);
     * throws {@link AuthenticationFailedException}, and nothing else, when it does not open.
     */
    static SecretBytes decryptMessage(BigInteger scalar, byte[] ciphertext) {
        return open(scalar, rawC1C3C2(ciphertext, null));
    }

    private static SecretBytes open(BigInteger scalar, byte[] raw) {
        SM2Engine engine = new SM2Engine(SM2Engine.Mode.C1C3C2);
        engine.init(false, new ECPrivateKeyParameters(scalar, CURVE));
        byte[] clear;
        try {
            clear = engine.processBlock(raw, 0, raw.length);
        } catch (InvalidCipherTextException | RuntimeException e) {
            throw new AuthenticationFailedException();
        }
        try {
            return SecretBytes.copyOf(clear);
        } finally {
            Arrays.fill(clear, (byte) 0);
        }
    }

    /** The DER SubjectPublicKeyInfo of an SM2 public key: {@code id-ecPublicKey}, named curve sm2p256v1. */
    static byte[] publicKeyInfo(ECPoint point) {
        AlgorithmIdentifier algorithm = new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                GMObjectIdentifiers.sm2p256v1);
        try {
            return new SubjectPublicKeyInfo(algorithm, point.getEncoded(false)).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("An SM2 public key could not be encoded", e);
        }
    }

    /**
     * The GM/T 0009 DER form turned into the raw C1 || C3 || C2 that {@link SM2Engine} reads. Only strict DER
     * is accepted (the input must be its own DER re-encoding), and C1 must be a point of the curve. For imported
     * key material of {@code spec}, C2 must have a length its material has ({@link EncryptedKeySizeException}
     * otherwise); for a message ({@code spec} null), any length.
     */
    private static byte[] rawC1C3C2(byte[] der, KeySpec spec) {
        try {
            ASN1Sequence sequence = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der));
            if (sequence.size() != CIPHERTEXT_ELEMENTS || !Arrays.equals(sequence.getEncoded(ASN1Encoding.DER), der)) {
                throw new AuthenticationFailedException();
            }
            BigInteger x = ASN1Integer.getInstance(sequence.getObjectAt(0)).getValue();
            BigInteger y = ASN1Integer.getInstance(sequence.getObjectAt(1)).getValue();
            byte[] hash = ASN1OctetString.getInstance(sequence.getObjectAt(2)).getOctets();
            byte[] encrypted = ASN1OctetString.getInstance(sequence.getObjectAt(3)).getOctets();
            if (hash.length != FIELD_BYTES || encrypted.length == 0) {
                throw new AuthenticationFailedException();
            }
            if (spec != null && !KeyMaterialService.takesLength(spec, encrypted.length)) {
                // C2 is as long as the material: a well-formed ciphertext of material no key takes.
                throw new EncryptedKeySizeException();
            }
            byte[] point = CURVE.getCurve().validatePoint(x, y).getEncoded(false);
            byte[] raw = new byte[point.length + hash.length + encrypted.length];
            System.arraycopy(point, 0, raw, 0, point.length);
            System.arraycopy(hash, 0, raw, point.length, hash.length);
            System.arraycopy(encrypted, 0, raw, point.length + hash.length, encrypted.length);
            return raw;
        } catch (IOException | RuntimeException e) {
            if (e instanceof EncryptedKeySizeException || e instanceof AuthenticationFailedException) {
                throw (RuntimeException) e;
            }
            throw new AuthenticationFailedException();
        }
    }
}
