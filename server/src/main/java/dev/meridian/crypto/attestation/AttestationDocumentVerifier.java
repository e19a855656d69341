package dev.meridian.crypto.attestation;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Checks AWS Nitro Enclaves attestation documents as AWS's "Verifying the root of trust" describes, against
 * one trusted root certificate (AWS's Root-G1 in production, {@link AwsNitroEnclavesRoot}).
 *
 * <p>{@link #verify} accepts a document only when all of these hold:
 * <ol>
 *   <li>it is one CBOR item, a {@code COSE_Sign1} (tagged 18 or not) whose protected header names ES384;</li>
 *   <li>its payload is a CBOR map whose fields have the types and sizes of the specification;</li>
 *   <li>{@code certificate}, followed by {@code cabundle} from its last entry to its first, is a PKIX path
 *       to the trusted root, every certificate (the root included) valid at {@code now}, with the basic
 *       constraints, path lengths and {@code keyCertSign} usage of its CAs (revocation is not checked: the
 *       Nitro PKI publishes no CRL);</li>
 *   <li>{@code certificate} is an end entity with the {@code digitalSignature} usage and a P-384 key;</li>
 *   <li>the COSE signature verifies with that key.</li>
 * </ol>
 * Anything else is an {@link InvalidAttestationDocumentException} that says which check failed. Immutable
 * and thread-safe.
 */
public final class AttestationDocumentVerifier {
    private static final int P384_FIELD_SIZE = 384;
    private static final AttestationDocumentVerifier AWS_NITRO_ENCLAVES = new AttestationDocumentVerifier(
            () -> AwsNitroEnclavesRootHolder.ROOT);
    private final Supplier<TrustedRoot> trustedRoot;

    /** A verifier whose documents chain to {@code trustedRoot}. */
    public AttestationDocumentVerifier(X509Certificate trustedRoot) {
        TrustedRoot root = new TrustedRoot(Objects.requireNonNull(trustedRoot, "trustedRoot"));
        this.trustedRoot = () -> root;
    }

    private AttestationDocumentVerifier(Supplier<TrustedRoot> trustedRoot) {
        this.trustedRoot = trustedRoot;
    }

    /**
     * The verifier of documents that chain to AWS's Nitro Enclaves root ({@link AwsNitroEnclavesRoot}), which it reads
     * and checks when it is first needed, not before: most servers never see a {@code Recipient}, and reading it took
     * about 40 ms of CPU of every start. Always the same instance.
     */
    public static AttestationDocumentVerifier awsNitroEnclaves() {
        return AWS_NITRO_ENCLAVES;
    }

    /** The root every accepted document chains to. */
    public X509Certificate trustedRoot() {
        return trustedRoot.get().certificate();
    }

    /** The document {@code signedDocument} holds, if it is genuine and valid at {@code now}; see the class. */
    public AttestationDocument verify(byte[] signedDocument, Instant now) {
        CoseSign1 cose = CoseSign1.of(Cbor.decode(signedDocument, "it is not valid CBOR"));
        AttestationDocument.Unverified unverified = AttestationDocument.parse(
                Cbor.decode(cose.payload(), "its payload is not valid CBOR"));
        X509Certificate signer = unverified.document().certificate();
        checkChain(trustedRoot.get(), signer, unverified.caBundle(), now);
        checkSigner(signer);
        checkSignature(cose, signer.getPublicKey());
        return unverified.document();
    }

    private static void checkChain(TrustedRoot trustedRoot, X509Certificate signer, List<X509Certificate> caBundle,
            Instant now) {
        Date date = Date.from(now);
        try {
            trustedRoot.certificate().checkValidity(date);
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new InvalidAttestationDocumentException("the trusted root certificate is not valid now");
        }
        List<X509Certificate> path = new ArrayList<>();
        path.add(signer);
        for (int index = caBundle.size() - 1; index >= 0; index--) {
            X509Certificate certificate = caBundle.get(index);
            if (!certificate.equals(trustedRoot.certificate())) {
                path.add(certificate);
            }
        }
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters parameters = new PKIXParameters(Set.of(trustedRoot.anchor()));
            parameters.setRevocationEnabled(false);
            parameters.setDate(date);
            CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
        } catch (CertPathValidatorException e) {
            throw new InvalidAttestationDocumentException(chainFailure(e));
        } catch (CertificateException | InvalidAlgorithmParameterException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK's PKIX validation is unavailable", e);
        }
    }

    private static String chainFailure(CertPathValidatorException e) {
        if (e.getReason() == CertPathValidatorException.BasicReason.EXPIRED
                || e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
            return "its certificate chain is not valid now";
        }
        return "its certificate chain does not lead to the trusted root";
    }

    private static void checkSigner(X509Certificate signer) {
        boolean[] usage = signer.getKeyUsage();
        if (signer.getBasicConstraints() != -1 || usage == null || !usage[0]) {
            throw new InvalidAttestationDocumentException("its certificate is not a signing certificate");
        }
        if (!(signer.getPublicKey() instanceof ECPublicKey key)
                || key.getParams().getCurve().getField().getFieldSize() != P384_FIELD_SIZE) {
            throw new InvalidAttestationDocumentException("its certificate's key is not a P-384 key");
        }
    }

    private static void checkSignature(CoseSign1 cose, PublicKey key) {
        try {
            Signature verifier = Signature.getInstance("SHA384withECDSAinP1363Format");
            verifier.initVerify(key);
            verifier.update(cose.toBeSigned());
            if (verifier.verify(cose.signature())) {
                return;
            }
        } catch (java.security.SignatureException | java.security.InvalidKeyException e) {
            // a malformed signature does not verify either
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK's ECDSA is unavailable", e);
        }
        throw new InvalidAttestationDocumentException("its signature does not verify");
    }

    /** A trusted root certificate and the PKIX trust anchor made of it. */
    private record TrustedRoot(X509Certificate certificate, TrustAnchor anchor) {
        TrustedRoot(X509Certificate certificate) {
            this(certificate, new TrustAnchor(certificate, null));
        }
    }

    /** AWS's root, read when this class is first used (the JVM's lazy class initialization). */
    private static final class AwsNitroEnclavesRootHolder {
        static final TrustedRoot ROOT = new TrustedRoot(AwsNitroEnclavesRoot.certificate());
    }
}
