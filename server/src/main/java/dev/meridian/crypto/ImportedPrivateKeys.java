package dev.meridian.crypto;

import dev.meridian.model.KeySpec;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Object;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The private keys that ImportKeyMaterial takes for asymmetric keys: PKCS#8 DER ({@code PrivateKeyInfo}, RFC 5208
 * / 5958) of the key spec's algorithm and size, as AWS KMS requires. The attacker-controlled bytes are checked
 * field by field and re-encoded in one canonical form per key, so that the same key sent in another valid
 * encoding (with or without its public key or curve parameters, as OpenSSL, the JDK or BouncyCastle write it)
 * gives the same stored material and hence the same {@code KeyMaterialId}:
 * <ul>
 *   <li>RSA: {@code rsaEncryption} with NULL parameters, the RSAPrivateKey with all CRT values (checked against
 *       each other: p·q = n, d·e ≡ 1 mod p−1 and q−1, the exponents and coefficient consistent), the modulus
 *       exactly the spec's size. The form the JDK writes.</li>
 *   <li>ECC: {@code id-ecPublicKey} with the spec's named curve (explicit parameters are refused), the private
 *       scalar in [1, n−1]; a public key or curve given inside the ECPrivateKey must agree with it. Re-encoded
 *       with the curve and the uncompressed public key.</li>
 *   <li>Ed25519: {@code id-Ed25519} without parameters, a 32-byte seed; a public key given (v2) must agree.
 *       Re-encoded as RFC 8410's v1 form, as the JDK writes it.</li>
 * </ul>
 * Anything else, garbage of any length included, is {@link Optional#empty()}: never an exception. Stateless.
 */
final class ImportedPrivateKeys {
    private static final int ED25519_SEED_LENGTH = 32;

    private ImportedPrivateKeys() {
    }

    /**
     * The canonical PKCS#8 DER of the private key in {@code pkcs8} when it is a key of {@code spec} (a new secret
     * the caller owns), or empty. {@code pkcs8} is left as it is.
     */
    static Optional<SecretBytes> canonical(KeySpec spec, SecretBytes pkcs8) {
        try {
            PrivateKeyInfo info = parse(pkcs8.unsafeBytes());
            byte[] canonical = switch (spec) {
                case RSA_2048 -> rsa(info, 2048);
                case RSA_3072 -> rsa(info, 3072);
                case RSA_4096 -> rsa(info, 4096);
                case ECC_NIST_P256 -> ec(info, SECObjectIdentifiers.secp256r1);
                case ECC_NIST_P384 -> ec(info, SECObjectIdentifiers.secp384r1);
                case ECC_NIST_P521 -> ec(info, SECObjectIdentifiers.secp521r1);
                case ECC_SECG_P256K1 -> ec(info, SECObjectIdentifiers.secp256k1);
                case ECC_NIST_EDWARDS25519 -> ed25519(info);
                case SM2 -> ec(info, GMObjectIdentifiers.sm2p256v1);
                case ML_DSA_44, ML_DSA_65, ML_DSA_87 -> mlDsa(info, spec);
                case SYMMETRIC_DEFAULT, HMAC_224, HMAC_256, HMAC_384, HMAC_512 -> null;
            };
            return canonical == null ? Optional.empty() : Optional.of(SecretBytes.wipingSource(canonical));
        } catch (IOException | RuntimeException e) {
            // BouncyCastle's ASN.1 parsers signal malformed input with several unchecked exceptions.
            return Optional.empty();
        }
    }

    /** One DER PrivateKeyInfo and nothing after it. */
    private static PrivateKeyInfo parse(byte[] der) throws IOException {
        ASN1Primitive primitive = ASN1Primitive.fromByteArray(der);
        if (primitive == null) {
            return null;
        }
        return PrivateKeyInfo.getInstance(primitive);
    }

    private static byte[] rsa(PrivateKeyInfo info, int modulusBits) throws IOException {
        AlgorithmIdentifier algorithm = info.getPrivateKeyAlgorithm();
        if (!PKCSObjectIdentifiers.rsaEncryption.equals(algorithm.getAlgorithm()) || !absentOrNull(algorithm.getParameters())) {
            return null;
        }
        RSAPrivateKey key = RSAPrivateKey.getInstance(info.parsePrivateKey());
        BigInteger n = key.getModulus();
        BigInteger e = key.getPublicExponent();
        BigInteger d = key.getPrivateExponent();
        BigInteger p = key.getPrime1();
        BigInteger q = key.getPrime2();
        BigInteger dp = key.getExponent1();
        BigInteger dq = key.getExponent2();
        BigInteger qInv = key.getCoefficient();
        if (key.getVersion().signum() != 0 || n.bitLength() != modulusBits || !n.testBit(0)
                || e.compareTo(BigInteger.valueOf(3)) < 0 || !e.testBit(0) || e.compareTo(n) >= 0
                || p.compareTo(BigInteger.ONE) <= 0 || q.compareTo(BigInteger.ONE) <= 0 || !p.multiply(q).equals(n)
                || d.signum() <= 0 || d.compareTo(n) >= 0) {
            return null;
        }
        BigInteger pMinusOne = p.subtract(BigInteger.ONE);
        BigInteger qMinusOne = q.subtract(BigInteger.ONE);
        if (!e.multiply(d).mod(pMinusOne).equals(BigInteger.ONE) || !e.multiply(d).mod(qMinusOne).equals(BigInteger.ONE)
                || !d.mod(pMinusOne).equals(dp) || !d.mod(qMinusOne).equals(dq)
                || !qInv.multiply(q).mod(p).equals(BigInteger.ONE) || qInv.signum() <= 0 || qInv.compareTo(p) >= 0) {
            return null;
        }
        return new PrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                new RSAPrivateKey(n, e, d, p, q, dp, dq, qInv)).getEncoded(ASN1Encoding.DER);
    }

    private static byte[] ec(PrivateKeyInfo info, ASN1ObjectIdentifier curve) throws IOException {
        AlgorithmIdentifier algorithm = info.getPrivateKeyAlgorithm();
        if (!X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm.getAlgorithm())
                || !curve.equals(algorithm.getParameters())) {
            return null;
        }
        X9ECParameters parameters = CustomNamedCurves.getByOID(curve);
        ECPrivateKey key = ECPrivateKey.getInstance(info.parsePrivateKey());
        ASN1Object inner = key.getParametersObject();
        if (inner != null && !curve.equals(inner.toASN1Primitive())) {
            return null;
        }
        BigInteger d = key.getKey();
        BigInteger order = parameters.getN();
        if (ASN1Sequence.getInstance(key.toASN1Primitive()).getObjectAt(0) instanceof ASN1Integer version
                && !version.hasValue(1)) {
            return null;
        }
        if (d.signum() <= 0 || d.compareTo(order) >= 0) {
            return null;
        }
        ECPoint point = parameters.getG().multiply(d).normalize();
        byte[] publicKey = point.getEncoded(false);
        ASN1BitString given = key.getPublicKey();
        if (given != null && !parameters.getCurve().decodePoint(given.getOctets()).normalize().equals(point)) {
            return null;
        }
        ECPrivateKey canonical = new ECPrivateKey(order.bitLength(), d, new DERBitString(publicKey), curve);
        return new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve), canonical)
                .getEncoded(ASN1Encoding.DER);
    }

    /** ML-DSA in RFC 9881's seed form only (the expanded key cannot give back its seed), re-encoded. */
    private static byte[] mlDsa(PrivateKeyInfo info, KeySpec spec) throws IOException {
        byte[] seed = MlDsaKeyMaterial.seedOf(spec, info);
        try {
            return MlDsaKeyMaterial.seedForm(spec, seed);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    private static byte[] ed25519(PrivateKeyInfo info) throws IOException {
        AlgorithmIdentifier algorithm = info.getPrivateKeyAlgorithm();
        if (!EdECObjectIdentifiers.id_Ed25519.equals(algorithm.getAlgorithm()) || algorithm.getParameters() != null) {
            return null;
        }
        byte[] seed = ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets();
        try {
            if (seed.length != ED25519_SEED_LENGTH) {
                return null;
            }
            if (info.hasPublicKey()) {
                byte[] derived = new Ed25519PrivateKeyParameters(seed).generatePublicKey().getEncoded();
                if (!Arrays.equals(derived, info.getPublicKeyData().getOctets())) {
                    return null;
                }
            }
            return new PrivateKeyInfo(new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519), new DEROctetString(seed))
                    .getEncoded(ASN1Encoding.DER);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    private static boolean absentOrNull(ASN1Encodable parameters) {
        return parameters == null || DERNull.INSTANCE.equals(parameters);
    }

}
