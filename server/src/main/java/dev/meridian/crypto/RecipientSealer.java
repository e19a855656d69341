package dev.meridian.crypto;

import dev.meridian.crypto.attestation.AttestationDocument;
import dev.meridian.crypto.attestation.InvalidAttestationDocumentException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.operator.jcajce.JcaAlgorithmParametersConverter;

/**
 * Seals a secret to the public key of an attested enclave, as AWS KMS answers a request with a
 * {@code Recipient}: the {@code CiphertextForRecipient} member.
 *
 * <p>The result is a CMS {@code ContentInfo} holding {@code EnvelopedData} (RFC 5652), BER with indefinite
 * lengths, in the form of the AWS KMS answer that the AWS Nitro Enclaves SDK for C keeps as a sample
 * ({@code tests/kmstool-enclaves/cms_test.c}, parsed by {@code source/cms.c}): version 2, one {@code KeyTransRecipientInfo} of version 2
 * naming the key by a 32-byte subject key identifier (here the SHA-256 of the key's DER
 * SubjectPublicKeyInfo), the content-encryption key wrapped with RSAES-OAEP (SHA-256, MGF1 with SHA-256,
 * empty label; RFC 8017, RFC 4055), and the secret encrypted as {@code id-data} with AES-256-CBC under a
 * fresh key and IV, with PKCS #7 padding (RFC 3565). Only the holder of the private key can open it.
 *
 * <p>A sealer exists only for an RSA key of 2,048 to 4,096 bits with an odd public exponent of at least 3. Immutable and thread-safe; the secret is
 * copied for the encryption and the copy wiped.
 */
public final class RecipientSealer {
    /** The only {@code KeyEncryptionAlgorithm} of AWS KMS's {@code RecipientInfo}. */
    public static final String RSAES_OAEP_SHA_256 = "RSAES_OAEP_SHA_256";
    private static final int MINIMUM_MODULUS_BITS = 2048;
    private static final int MAXIMUM_MODULUS_BITS = 4096;
    private static final AlgorithmIdentifier RSAES_OAEP_SHA_256_IDENTIFIER = oaepSha256();

    private final AttestationDocument document;
    private final RSAPublicKey publicKey;
    private final byte[] subjectKeyIdentifier;

    private RecipientSealer(AttestationDocument document, RSAPublicKey publicKey, byte[] subjectKeyIdentifier) {
        this.document = document;
        this.publicKey = publicKey;
        this.subjectKeyIdentifier = subjectKeyIdentifier;
    }

    /** The verified attestation document this sealer seals to: what the audit record names of the enclave. */
    public AttestationDocument document() {
        return document;
    }

    /**
     * A sealer to the {@code public_key} of a verified attestation document.
     *
     * @throws InvalidAttestationDocumentException when the document has no public key, or one that is not an
     *     RSA key (DER SubjectPublicKeyInfo) of 2,048 to 4,096 bits with an odd exponent of at least 3
     */
    public static RecipientSealer forDocument(AttestationDocument document) {
        byte[] encoded = document.publicKey()
                .orElseThrow(() -> new InvalidAttestationDocumentException("it has no public_key"));
        RSAPublicKey key;
        try {
            if (!(KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(encoded)) instanceof RSAPublicKey rsa)) {
                throw new InvalidKeySpecException();
            }
            key = rsa;
        } catch (InvalidKeySpecException | RuntimeException e) {
            throw notAnRsaKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK's RSA is unavailable", e);
        }
        int bits = key.getModulus().bitLength();
        if (bits < MINIMUM_MODULUS_BITS || bits > MAXIMUM_MODULUS_BITS) {
            throw notAnRsaKey();
        }
        BigInteger exponent = key.getPublicExponent();
        if (!exponent.testBit(0) || exponent.compareTo(BigInteger.valueOf(3)) < 0 || exponent.bitLength() > bits - 1) {
            // RSA encrypts only with an odd exponent of at least 3; with 1 the wrapped key would be readable by anyone.
            throw new InvalidAttestationDocumentException("its public_key has an unusable RSA exponent");
        }
        try {
            return new RecipientSealer(document, key, MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK's SHA-256 is unavailable", e);
        }
    }

    /** The {@code ContentInfo} of the {@code EnvelopedData} that carries {@code secret}; see the class. */
    public byte[] seal(SecretBytes secret) {
        byte[] clear = secret.toByteArray();
        try {
            CMSEnvelopedDataGenerator generator = new CMSEnvelopedDataGenerator();
            generator.addRecipientInfoGenerator(
                    new JceKeyTransRecipientInfoGenerator(subjectKeyIdentifier, RSAES_OAEP_SHA_256_IDENTIFIER, publicKey));
            return generator.generate(new CMSProcessableByteArray(clear),
                    new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_CBC).setSecureRandom(Randomness.generator()).build())
                    .getEncoded();
        } catch (CMSException | java.io.IOException e) {
            throw new IllegalStateException("Cannot seal to the recipient's key", e);
        } finally {
            Arrays.fill(clear, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "RecipientSealer[RSA " + publicKey.getModulus().bitLength() + " bits]";
    }

    private static InvalidAttestationDocumentException notAnRsaKey() {
        return new InvalidAttestationDocumentException("its public_key is not an RSA key of 2048 to 4096 bits");
    }

    private static AlgorithmIdentifier oaepSha256() {
        try {
            return new JcaAlgorithmParametersConverter().getAlgorithmIdentifier(PKCSObjectIdentifiers.id_RSAES_OAEP,
                    new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
        } catch (java.security.InvalidAlgorithmParameterException e) {
            throw new IllegalStateException(e);
        }
    }
}
