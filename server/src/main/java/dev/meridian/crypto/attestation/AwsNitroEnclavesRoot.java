package dev.meridian.crypto.attestation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/**
 * AWS's root certificate for Nitro Enclaves attestation in the commercial partitions ("AWS_NitroEnclaves_
 * Root-G1", {@code CN=aws.nitro-enclaves}, P-384, valid from 2019-10-28 to 2049-10-28). It ships as a
 * resource beside this class; {@code AWS_NitroEnclaves_Root-G1.ORIGIN.md} says where it comes from. It is
 * read when first asked for (a server reads it when it first verifies a {@code Recipient}'s attestation document,
 * {@link AttestationDocumentVerifier#awsNitroEnclaves()}) and checked then against the SHA-256 fingerprint AWS
 * publishes in "Verifying the root of trust": an altered resource never verifies a document (that request fails
 * inside the server), and {@code AttestationDocumentVerifierTest} checks the shipped one.
 */
public final class AwsNitroEnclavesRoot {
    /** SHA-256 of the certificate's DER, as the AWS Nitro Enclaves User Guide gives it. */
    public static final String SHA256_FINGERPRINT = "641a0321a3e244efe456463195d606317ed7cdcc3c1756e09893f3c68f79bb5b";
    private static final String RESOURCE = "AWS_NitroEnclaves_Root-G1.pem";
    private static final X509Certificate CERTIFICATE = load();

    private AwsNitroEnclavesRoot() {
    }

    public static X509Certificate certificate() {
        return CERTIFICATE;
    }

    private static X509Certificate load() {
        try (InputStream in = AwsNitroEnclavesRoot.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The resource " + RESOURCE + " is missing");
            }
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            String fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
            if (!fingerprint.equals(SHA256_FINGERPRINT)) {
                throw new IllegalStateException("The resource " + RESOURCE + " is not AWS's Nitro Enclaves root: SHA-256 "
                        + fingerprint);
            }
            return certificate;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (CertificateException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("Cannot read " + RESOURCE, e);
        }
    }
}
