package dev.meridian.crypto;

import dev.meridian.model.KeySpec;
import dev.meridian.model.Partition;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;

/**
 * The private key of an {@code SM2} key (China Regions only) as PKCS#8 DER ({@code id-ecPublicKey} with the
 * named curve sm2p256v1, as OpenSSL writes it). One class for the spec's three usages, as AWS KMS defines them:
 * <ul>
 *   <li>{@code SM2DSA} (GB/T 32918.2): over a RAW message, the signed digest is SM3(Z_A || M), Z_A made with
 *       the default distinguishing ID {@code 1234567812345678} of GM/T 0009-2012 (AWS does not let the caller
 *       choose another); a DIGEST message is that 32-byte SM3 digest, made by the caller with any ID, and is
 *       signed as it is. Signatures are DER {@code SEQUENCE { r, s }}.</li>
 *   <li>{@code SM2PKE} (GB/T 32918.4, SM3): ciphertexts are the DER {@code SEQUENCE { x, y, C3, C2 }} of
 *       GM/T 0009-2012, which AWS's {@code SM2OfflineOperationHelper} and {@code openssl pkeyutl -encrypt}
 *       produce; plaintexts up to 1024 bytes.</li>
 *   <li>{@code ECDH} on sm2p256v1: the raw x coordinate of d·Q, 32 bytes.</li>
 * </ul>
 * The public key is DER SubjectPublicKeyInfo: {@code id-ecPublicKey} with the named curve sm2p256v1
 * (1.2.156.10197.1.301) and the uncompressed point. BouncyCastle's lightweight API does the curve arithmetic;
 * it never leaves {@code crypto}. Immutable and thread-safe until {@link #destroy()}; the rules of
 * {@link KeyMaterial} apply. The scalar also lives in a {@code BigInteger} while the material is in use (as in
 * every BouncyCastle key), which cannot be wiped.
 */
public final class Sm2KeyMaterial extends SecretKeyMaterial
        implements SigningKeyMaterial, DecryptionKeyMaterial, AgreementKeyMaterial {
    /** The SM2PKE plaintext limit that AWS KMS documents for Encrypt. */
    static final int MAXIMUM_PLAINTEXT_LENGTH = 1024;
    /** The distinguishing ID that AWS KMS uses for RAW messages (GM/T 0009-2012, section 10). */
    static final byte[] DEFAULT_DISTINGUISHING_ID = "1234567812345678".getBytes(StandardCharsets.US_ASCII);
    private static final String SIGNING_ALGORITHM = "SM2DSA";
    private static final String ENCRYPTION_ALGORITHM = "SM2PKE";
    private static final BigInteger ORDER = Sm2Encryption.CURVE.getN();

    private final BigInteger scalar;
    private final BigInteger scalarPlusOneInverse;
    private final ECPoint point;
    private final byte[] publicKeyInfo;
    private final byte[] userHash;

    /**
     * Takes ownership of {@code privateKeyInfo}, the PKCS#8 DER of an sm2p256v1 private key; throws
     * {@link IllegalArgumentException} when it is none (another curve, a scalar out of [1, n - 2], a public key
     * that does not belong to the scalar).
     */
    Sm2KeyMaterial(SecretBytes privateKeyInfo) {
        super(KeySpec.SM2, privateKeyInfo);
        ECPrivateKey key = parse(privateKeyInfo.unsafeBytes());
        this.scalar = key.getKey();
        if (scalar.signum() <= 0 || scalar.compareTo(ORDER.subtract(BigInteger.ONE)) >= 0) {
            throw new IllegalArgumentException("The SM2 private scalar is out of range");
        }
        this.scalarPlusOneInverse = BigIntegers.modOddInverse(ORDER, scalar.add(BigInteger.ONE));
        this.point = new FixedPointCombMultiplier().multiply(Sm2Encryption.CURVE.getG(), scalar).normalize();
        ASN1BitString embedded = key.getPublicKey();
        if (embedded != null && !Arrays.equals(embedded.getOctets(), point.getEncoded(false))
                && !Arrays.equals(embedded.getOctets(), point.getEncoded(true))) {
            throw new IllegalArgumentException("The SM2 public key does not belong to the private key");
        }
        this.publicKeyInfo = Sm2Encryption.publicKeyInfo(point);
        this.userHash = userHash(point, DEFAULT_DISTINGUISHING_ID);
    }

    /** A fresh key pair. */
    static Sm2KeyMaterial generate() {
        Sm2Encryption.KeyPair pair = Sm2Encryption.generate();
        try {
            BigInteger d = new BigInteger(1, pair.privateScalar().unsafeBytes());
            if (d.compareTo(ORDER.subtract(BigInteger.ONE)) >= 0) {
                return generate();
            }
            ECPoint q = Sm2Encryption.CURVE.getG().multiply(d).normalize();
            return new Sm2KeyMaterial(SecretBytes.copyOf(privateKeyInfo(d, q)));
        } finally {
            pair.privateScalar().destroy();
        }
    }

    private static byte[] privateKeyInfo(BigInteger d, ECPoint q) {
        try {
            ECPrivateKey key = new ECPrivateKey(ORDER.bitLength(), d, new DERBitString(q.getEncoded(false)), null);
            return new PrivateKeyInfo(algorithm(), key).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("An SM2 private key could not be encoded", e);
        }
    }

    private static AlgorithmIdentifier algorithm() {
        return new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, GMObjectIdentifiers.sm2p256v1);
    }

    /**
     * Whether {@code algorithm} names an SM2 key: {@code id-ecPublicKey} with the named curve sm2p256v1 (what
     * Meridian writes), or the SM2 OID itself as the algorithm (what OpenSSL 3.1 and GM/T 0015-2023 also allow).
     */
    private static boolean isSm2(AlgorithmIdentifier algorithm) {
        return GMObjectIdentifiers.sm2p256v1.equals(algorithm.getParameters())
                && (X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm.getAlgorithm())
                        || GMObjectIdentifiers.sm2p256v1.equals(algorithm.getAlgorithm()));
    }

    private static ECPrivateKey parse(byte[] der) {
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(ASN1Primitive.fromByteArray(der));
            if (!isSm2(info.getPrivateKeyAlgorithm())) {
                throw new IllegalArgumentException("Not an SM2 private key");
            }
            ECPrivateKey key = ECPrivateKey.getInstance(info.parsePrivateKey());
            ASN1Encodable parameters = key.getParametersObject();
            if (parameters != null && !GMObjectIdentifiers.sm2p256v1.equals(parameters)) {
                throw new IllegalArgumentException("Not an SM2 private key");
            }
            return key;
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException illegal) {
                throw illegal;
            }
            throw new IllegalArgumentException("Not an SM2 private key", e);
        }
    }

    /** SM2 keys exist only in the {@code aws-cn} partition, as in AWS KMS. */
    @Override
    public boolean fitsPartition(Partition partition) {
        return KeyMaterialService.offeredIn(KeySpec.SM2, partition);
    }

    @Override
    public byte[] publicKeyInfo() {
        return publicKeyInfo.clone();
    }

    @Override
    public SecretBytes privateKeyInfo() {
        return SecretBytes.copyOf(secret().unsafeBytes());
    }

    /** The DER SM2DSA signature of a RAW message (with the default distinguishing ID) or of a 32-byte SM3 digest. */
    @Override
    public byte[] sign(String signingAlgorithm, byte[] message, MessageType messageType) {
        checkAlgorithm(SIGNING_ALGORITHM, signingAlgorithm);
        BigInteger e = digest(message, messageType);
        BigInteger[] signature;
        do {
            BigInteger k = BigIntegers.createRandomInRange(BigInteger.ONE, ORDER.subtract(BigInteger.ONE),
                    Randomness.generator());
            signature = signature(scalar, scalarPlusOneInverse, e, k);
        } while (signature == null);
        try {
            return StandardDSAEncoding.INSTANCE.encode(ORDER, signature[0], signature[1]);
        } catch (IOException ex) {
            throw new IllegalStateException("An SM2 signature could not be encoded", ex);
        }
    }

    @Override
    public boolean verify(String signingAlgorithm, byte[] message, MessageType messageType, byte[] signature) {
        checkAlgorithm(SIGNING_ALGORITHM, signingAlgorithm);
        try {
            BigInteger[] rs = StandardDSAEncoding.INSTANCE.decode(ORDER, signature);
            return verifies(point, digest(message, messageType), rs[0], rs[1]);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** e: the digest as it is, or SM3(Z_A || M) of a RAW message. */
    private BigInteger digest(byte[] message, MessageType messageType) {
        if (messageType == MessageType.DIGEST) {
            return new BigInteger(1, message);
        }
        SM3Digest sm3 = new SM3Digest();
        sm3.update(userHash, 0, userHash.length);
        sm3.update(message, 0, message.length);
        byte[] e = new byte[sm3.getDigestSize()];
        sm3.doFinal(e, 0);
        return new BigInteger(1, e);
    }

    /**
     * Z_A = SM3(ENTL_A || ID_A || a || b || x_G || y_G || x_A || y_A) of GB/T 32918.2, section 5.5, for the public
     * key {@code q} and the distinguishing ID {@code id}.
     */
    static byte[] userHash(ECPoint q, byte[] id) {
        SM3Digest sm3 = new SM3Digest();
        int bits = id.length * 8;
        sm3.update((byte) (bits >>> 8));
        sm3.update((byte) bits);
        sm3.update(id, 0, id.length);
        for (byte[] element : new byte[][] {Sm2Encryption.CURVE.getCurve().getA().getEncoded(),
                Sm2Encryption.CURVE.getCurve().getB().getEncoded(), Sm2Encryption.CURVE.getG().getAffineXCoord()
                .getEncoded(), Sm2Encryption.CURVE.getG().getAffineYCoord().getEncoded(),
                q.getAffineXCoord().getEncoded(), q.getAffineYCoord().getEncoded()}) {
            sm3.update(element, 0, element.length);
        }
        byte[] z = new byte[sm3.getDigestSize()];
        sm3.doFinal(z, 0);
        return z;
    }

    /**
     * The SM2 signature (r, s) of the digest {@code e} with the scalar {@code d} ({@code dPlusOneInverse} being
     * (1 + d)^-1 mod n) and the nonce {@code k} (GB/T 32918.2, section 6.1, steps A4 to A6), or null when this k
     * gives none (r = 0, r + k = n, s = 0).
     */
    static BigInteger[] signature(BigInteger d, BigInteger dPlusOneInverse, BigInteger e, BigInteger k) {
        BigInteger x1 = new FixedPointCombMultiplier().multiply(Sm2Encryption.CURVE.getG(), k).normalize()
                .getAffineXCoord().toBigInteger();
        BigInteger r = e.add(x1).mod(ORDER);
        if (r.signum() == 0 || r.add(k).equals(ORDER)) {
            return null;
        }
        BigInteger s = dPlusOneInverse.multiply(k.subtract(r.multiply(d)).mod(ORDER)).mod(ORDER);
        return s.signum() == 0 ? null : new BigInteger[] {r, s};
    }

    /** Whether (r, s) is an SM2 signature of the digest {@code e} under the public key {@code q} (section 7.1). */
    static boolean verifies(ECPoint q, BigInteger e, BigInteger r, BigInteger s) {
        if (r.signum() <= 0 || r.compareTo(ORDER) >= 0 || s.signum() <= 0 || s.compareTo(ORDER) >= 0) {
            return false;
        }
        BigInteger t = r.add(s).mod(ORDER);
        if (t.signum() == 0) {
            return false;
        }
        ECPoint sum = ECAlgorithms.sumOfTwoMultiplies(Sm2Encryption.CURVE.getG(), s, q, t).normalize();
        return !sum.isInfinity() && e.add(sum.getAffineXCoord().toBigInteger()).mod(ORDER).equals(r);
    }

    @Override
    public int maximumPlaintextLength(String encryptionAlgorithm) {
        checkAlgorithm(ENCRYPTION_ALGORITHM, encryptionAlgorithm);
        return MAXIMUM_PLAINTEXT_LENGTH;
    }

    @Override
    public byte[] encrypt(String encryptionAlgorithm, byte[] plaintext) {
        checkAlgorithm(ENCRYPTION_ALGORITHM, encryptionAlgorithm);
        if (plaintext.length > MAXIMUM_PLAINTEXT_LENGTH) {
            throw new IllegalArgumentException("SM2PKE encrypts at most " + MAXIMUM_PLAINTEXT_LENGTH + " bytes");
        }
        return Sm2Encryption.encrypt(point, plaintext);
    }

    @Override
    public SecretBytes decrypt(String encryptionAlgorithm, byte[] ciphertext) {
        if (!ENCRYPTION_ALGORITHM.equals(encryptionAlgorithm)) {
            throw new AuthenticationFailedException();
        }
        return Sm2Encryption.decryptMessage(scalar, ciphertext);
    }

    /**
     * The x coordinate of d·Q for the peer's DER SubjectPublicKeyInfo ({@code id-ecPublicKey} or the SM2 OID,
     * named curve sm2p256v1, an uncompressed or compressed point of SEC 1 on the curve, strict DER); {@link IllegalArgumentException} for anything else.
     */
    @Override
    public SecretBytes deriveSharedSecret(byte[] peerPublicKeyInfo) {
        ECPoint peer = peerPoint(peerPublicKeyInfo);
        ECPoint shared = peer.multiply(scalar).normalize();
        if (shared.isInfinity()) {
            throw new IllegalArgumentException("The peer's public key gives no shared secret");
        }
        byte[] x = BigIntegers.asUnsignedByteArray(Sm2Encryption.FIELD_BYTES, shared.getAffineXCoord().toBigInteger());
        try {
            return SecretBytes.copyOf(x);
        } finally {
            Arrays.fill(x, (byte) 0);
        }
    }

    private static ECPoint peerPoint(byte[] der) {
        try {
            SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(ASN1Primitive.fromByteArray(der));
            if (!Arrays.equals(info.getEncoded(ASN1Encoding.DER), der) || !isSm2(info.getAlgorithm())) {
                throw new IllegalArgumentException("The peer's public key is not an SM2 public key");
            }
            if (info.getPublicKeyData().getPadBits() != 0) {
                throw new IllegalArgumentException("The peer's point is not a whole number of bytes");
            }
            ECPoint point = Sm2Encryption.CURVE.getCurve().decodePoint(info.getPublicKeyData().getOctets());
            if (point.isInfinity() || !point.isValid()) {
                throw new IllegalArgumentException("The peer's public key is not on the curve");
            }
            return point;
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException illegal) {
                throw illegal;
            }
            throw new IllegalArgumentException("The peer's public key is malformed", e);
        }
    }

    private static void checkAlgorithm(String expected, String algorithm) {
        if (!expected.equals(algorithm)) {
            throw new IllegalArgumentException("Not an algorithm of SM2 keys: " + algorithm);
        }
    }

    @Override
    public String toString() {
        return "Sm2KeyMaterial[SM2, redacted]";
    }
}
