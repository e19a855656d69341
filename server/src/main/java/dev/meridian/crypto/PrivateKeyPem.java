package dev.meridian.crypto;

import java.io.IOException;
import java.util.Base64;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * A private key written in PEM, as seed files hold them, turned into the PKCS#8 DER that ImportKeyMaterial takes
 * ({@link KeyMaterialService#parseImported} then checks it against the key spec and re-encodes it canonically).
 * Reads the first private key block: {@code PRIVATE KEY} (PKCS#8, taken as it is), {@code EC PRIVATE KEY} (SEC 1,
 * as local-kms's seed files hold ECC keys; its curve becomes the PKCS#8 algorithm's parameters) and
 * {@code RSA PRIVATE KEY} (PKCS#1). Blocks before it ({@code EC PARAMETERS}, as {@code openssl ecparam -genkey}
 * writes) are skipped. Encrypted keys are refused. Errors never quote the key.
 */
public final class PrivateKeyPem {
    private static final String BEGIN = "-----BEGIN ";
    private static final String DASHES = "-----";

    private PrivateKeyPem() {
    }

    /**
     * The PKCS#8 DER of the first private key in {@code pem} (the caller owns and destroys it). Throws
     * {@link IllegalArgumentException} saying what is wrong when there is none.
     */
    public static SecretBytes pkcs8(String pem) {
        int from = 0;
        while (true) {
            int begin = pem.indexOf(BEGIN, from);
            if (begin < 0) {
                throw new IllegalArgumentException("no PEM private key (-----BEGIN PRIVATE KEY-----) found");
            }
            int labelEnd = pem.indexOf(DASHES, begin + BEGIN.length());
            if (labelEnd < 0) {
                throw new IllegalArgumentException("a PEM header is not closed with -----");
            }
            String label = pem.substring(begin + BEGIN.length(), labelEnd).trim().toUpperCase(Locale.ROOT);
            String end = "-----END " + label + DASHES;
            int bodyStart = labelEnd + DASHES.length();
            int endAt = pem.indexOf(end, bodyStart);
            if (endAt < 0) {
                throw new IllegalArgumentException("the PEM block " + label + " has no " + end + " line");
            }
            from = endAt + end.length();
            if (!label.endsWith("PRIVATE KEY")) {
                continue;
            }
            if (label.equals("ENCRYPTED PRIVATE KEY")) {
                throw new IllegalArgumentException("the private key is encrypted; give it unencrypted (openssl pkcs8"
                        + " -nocrypt)");
            }
            if (pem.substring(bodyStart, endAt).contains("Proc-Type")) {
                throw new IllegalArgumentException("the private key is encrypted; give it unencrypted");
            }
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(pem.substring(bodyStart, endAt).strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the PEM block " + label + " is not base64");
            }
            return switch (label) {
                case "PRIVATE KEY" -> SecretBytes.wipingSource(der);
                case "EC PRIVATE KEY" -> SecretBytes.wipingSource(fromSec1(der));
                case "RSA PRIVATE KEY" -> SecretBytes.wipingSource(fromPkcs1(der));
                default -> throw new IllegalArgumentException("a PEM block " + label + " is not a private key Meridian"
                        + " reads; expected PRIVATE KEY (PKCS#8), EC PRIVATE KEY or RSA PRIVATE KEY");
            };
        }
    }

    private static byte[] fromSec1(byte[] der) {
        ECPrivateKey key;
        try {
            key = ECPrivateKey.getInstance(ASN1Primitive.fromByteArray(der));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("the EC PRIVATE KEY block is not a SEC 1 private key");
        } finally {
            java.util.Arrays.fill(der, (byte) 0);
        }
        org.bouncycastle.asn1.ASN1Object curve = key.getParametersObject();
        if (curve == null) {
            throw new IllegalArgumentException("the EC private key names no curve");
        }
        try {
            return new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve), key)
                    .getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalArgumentException("the EC PRIVATE KEY block is not a SEC 1 private key");
        }
    }

    private static byte[] fromPkcs1(byte[] der) {
        try {
            RSAPrivateKey key = RSAPrivateKey.getInstance(ASN1Primitive.fromByteArray(der));
            return new PrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE), key)
                    .getEncoded(ASN1Encoding.DER);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("the RSA PRIVATE KEY block is not a PKCS#1 private key");
        } finally {
            java.util.Arrays.fill(der, (byte) 0);
        }
    }
}
