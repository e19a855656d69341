package dev.meridian.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import javax.crypto.KeyAgreement;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * ECDH on one NIST prime curve (P-256, P-384, P-521) between a private scalar and a peer's public key given as DER
 * SubjectPublicKeyInfo, which is attacker input and is checked before any arithmetic:
 * <ul>
 * <li>the bytes are exactly one DER {@code SubjectPublicKeyInfo} (no BER forms, no trailing bytes);
 * <li>the algorithm is {@code id-ecPublicKey} with this curve named by its OID (RFC 5480); explicit curve
 *     parameters, even equal ones, and other curves are refused;
 * <li>the point (uncompressed or compressed, SEC 1) decodes, lies on the curve and is not the point at infinity;
 *     the JDK checks again, with the group order, when it agrees.
 * </ul>
 * The shared secret is the x coordinate of the shared point, of the field's length (32, 48, 66 bytes), as
 * {@code openssl pkeyutl -derive} gives it: NIST SP 800-56A's ECC CDH primitive, equal to plain ECDH for these
 * curves, whose cofactor is 1. The JDK's own ECDH (SunEC, constant-time field arithmetic) computes it;
 * BouncyCastle only parses. Immutable and thread-safe.
 */
final class EcdhAgreement {
    private final String curveName;
    private final ASN1ObjectIdentifier curveOid;
    private final X9ECParameters curve;
    private final ECParameterSpec jdkParameters;

    /** The agreement on {@code curveName} ({@code secp256r1}, {@code secp384r1} or {@code secp521r1}). */
    EcdhAgreement(String curveName) {
        this.curveName = curveName;
        this.curveOid = ECNamedCurveTable.getOID(curveName);
        this.curve = ECNamedCurveTable.getByName(curveName);
        if (curveOid == null || curve == null || !curve.getH().equals(BigInteger.ONE)) {
            throw new IllegalArgumentException("Not a prime curve of cofactor 1: " + curveName);
        }
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec(curveName));
            this.jdkParameters = parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK has no curve " + curveName, e);
        }
    }

    /**
     * The shared secret of {@code privateScalar} and the peer's key; throws {@link IllegalArgumentException}
     * (without key material in its message) when the peer's key is refused.
     */
    SecretBytes sharedSecret(BigInteger privateScalar, byte[] peerPublicKeyInfo) {
        PublicKey peer = peerKey(peerPublicKeyInfo);
        byte[] secret = null;
        try {
            PrivateKey privateKey = KeyFactory.getInstance("EC")
                    .generatePrivate(new ECPrivateKeySpec(privateScalar, jdkParameters));
            KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
            agreement.init(privateKey);
            agreement.doPhase(peer, true);
            secret = agreement.generateSecret();
            return SecretBytes.copyOf(secret);
        } catch (java.security.InvalidKeyException | IllegalStateException e) {
            throw new IllegalArgumentException("The peer's public key is not usable on " + curveName);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK's ECDH is unavailable", e);
        } finally {
            if (secret != null) {
                Arrays.fill(secret, (byte) 0);
            }
        }
    }

    /** The peer's key, after every check of the class; see there. */
    private PublicKey peerKey(byte[] encoded) {
        SubjectPublicKeyInfo info = parse(encoded);
        AlgorithmIdentifier algorithm = info.getAlgorithm();
        if (!X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm.getAlgorithm())
                || !curveOid.equals(algorithm.getParameters())) {
            throw refused("it is not a key on the named curve " + curveName);
        }
        if (info.getPublicKeyData().getPadBits() != 0) {
            throw refused("its point is not a whole number of bytes");
        }
        org.bouncycastle.math.ec.ECPoint point;
        try {
            point = curve.getCurve().decodePoint(info.getPublicKeyData().getOctets());
        } catch (RuntimeException e) {
            throw refused("its point does not decode to a point of the curve");
        }
        if (point.isInfinity() || !point.isValid()) {
            throw refused("its point is not on the curve");
        }
        point = point.normalize();
        try {
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(
                    point.getAffineXCoord().toBigInteger(), point.getAffineYCoord().toBigInteger()), jdkParameters));
        } catch (java.security.spec.InvalidKeySpecException e) {
            throw refused("its point is not on the curve");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK's EC keys are unavailable", e);
        }
    }

    /** {@code encoded} as one DER SubjectPublicKeyInfo, nothing before or after it, or refused. */
    private static SubjectPublicKeyInfo parse(byte[] encoded) {
        try {
            SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(ASN1Primitive.fromByteArray(encoded));
            if (info != null && Arrays.equals(info.getEncoded(ASN1Encoding.DER), encoded)) {
                return info;
            }
        } catch (IOException | RuntimeException e) {
            // Refused below, whatever the parser's complaint.
        }
        throw refused("it is not one DER SubjectPublicKeyInfo");
    }

    private static IllegalArgumentException refused(String reason) {
        return new IllegalArgumentException("The peer's public key is refused: " + reason);
    }

    @Override
    public String toString() {
        return "EcdhAgreement[" + curveName + "]";
    }
}
