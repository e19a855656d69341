package dev.meridian.crypto.attestation;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A stand-in for the AWS Nitro Attestation PKI, for tests: a P-384 root CA, an intermediate CA and a signing
 * certificate shaped like the hypervisor's, and attestation documents (COSE_Sign1, ES384) signed with it.
 * {@link #document()} starts a valid document; its builder can break any part of it.
 */
public final class TestNitroPki {
    private static final AtomicLong SERIALS = new AtomicLong(1);
    private final X509Certificate root;
    private final X509Certificate intermediate;
    private final KeyPair intermediateKeys;
    private final KeyPair signerKeys;
    private final X509Certificate signer;

    private TestNitroPki(X509Certificate root, X509Certificate intermediate, KeyPair intermediateKeys, KeyPair signerKeys,
            X509Certificate signer) {
        this.root = root;
        this.intermediate = intermediate;
        this.intermediateKeys = intermediateKeys;
        this.signerKeys = signerKeys;
        this.signer = signer;
    }

    /** A PKI whose certificates are valid from an hour before {@code now} to three hours after it. */
    public static TestNitroPki create(Instant now) {
        return create(now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(3)));
    }

    /** A PKI whose signing certificate is valid from {@code notBefore} to {@code notAfter} (the CAs for years). */
    public static TestNitroPki create(Instant notBefore, Instant notAfter) {
        KeyPair rootKeys = p384();
        X500Name rootName = new X500Name("C=US,O=Amazon,OU=AWS,CN=test.nitro-enclaves");
        Instant caStart = notBefore.minus(Duration.ofDays(1));
        Instant caEnd = notAfter.plus(Duration.ofDays(365));
        X509Certificate root = certificate(rootName, rootKeys, rootName, rootKeys.getPrivate(), caStart, caEnd, 3);
        KeyPair intermediateKeys = p384();
        X500Name intermediateName = new X500Name("C=US,O=Amazon,OU=AWS,CN=zone.us-east-1.test.nitro-enclaves");
        X509Certificate intermediate = certificate(intermediateName, intermediateKeys, rootName, rootKeys.getPrivate(),
                caStart, caEnd, 2);
        KeyPair signerKeys = p384();
        X509Certificate signer = certificate(new X500Name("C=US,O=Amazon,OU=AWS,CN=i-0123456789abcdef0-enc0123456789abcdef.test"),
                signerKeys, intermediateName, intermediateKeys.getPrivate(), notBefore, notAfter, -1);
        return new TestNitroPki(root, intermediate, intermediateKeys, signerKeys, signer);
    }

    public X509Certificate root() {
        return root;
    }

    /** The same root and intermediate, with a new signing certificate valid from {@code notBefore} to {@code notAfter}. */
    public TestNitroPki withSigner(Instant notBefore, Instant notAfter) {
        KeyPair keys = p384();
        X509Certificate certificate = certificate(new X500Name("C=US,O=Amazon,OU=AWS,CN=i-0fedcba9876543210-enc0fedcba9876543210.test"),
                keys, X500Name.getInstance(intermediate.getSubjectX500Principal().getEncoded()), intermediateKeys.getPrivate(),
                notBefore, notAfter, -1);
        return new TestNitroPki(root, intermediate, intermediateKeys, keys, certificate);
    }

    /** A valid document (no public key until one is set). */
    public DocumentBuilder document() {
        return new DocumentBuilder();
    }

    /** Builds a document; every part can be replaced or left out. */
    public final class DocumentBuilder {
        private final Map<String, Object> fields = new LinkedHashMap<>();
        private List<X509Certificate> caBundle = List.of(root, intermediate);
        private PrivateKey signingKey = signerKeys.getPrivate();
        private int algorithm = -35;
        private boolean tagged = true;
        private boolean corruptSignature;

        private DocumentBuilder() {
            fields.put("module_id", "i-0123456789abcdef0-enc0123456789abcdef");
            fields.put("digest", "SHA384");
            fields.put("timestamp", 1_700_000_000_000L);
            Map<Integer, byte[]> pcrs = new LinkedHashMap<>();
            for (int index = 0; index < 16; index++) {
                byte[] pcr = new byte[48];
                pcr[0] = (byte) index;
                pcrs.put(index, pcr);
            }
            fields.put("pcrs", pcrs);
            fields.put("certificate", encoded(signer));
            fields.put("cabundle", null);
            fields.put("public_key", null);
            fields.put("user_data", null);
            fields.put("nonce", null);
        }

        public DocumentBuilder publicKey(byte[] subjectPublicKeyInfo) {
            return field("public_key", subjectPublicKeyInfo);
        }

        /** Sets a payload field to a value (String, Long, byte[], Map of Integer to byte[], or null). */
        public DocumentBuilder field(String name, Object value) {
            fields.put(name, value);
            return this;
        }

        public DocumentBuilder without(String name) {
            fields.remove(name);
            return this;
        }

        public DocumentBuilder caBundle(List<X509Certificate> value) {
            this.caBundle = value;
            return this;
        }

        /** Signs with another key than the certificate's. */
        public DocumentBuilder signedWith(PrivateKey key) {
            this.signingKey = key;
            return this;
        }

        public DocumentBuilder algorithm(int value) {
            this.algorithm = value;
            return this;
        }

        public DocumentBuilder untagged() {
            this.tagged = false;
            return this;
        }

        public DocumentBuilder corruptSignature() {
            this.corruptSignature = true;
            return this;
        }

        public byte[] build() {
            if (fields.containsKey("cabundle") && fields.get("cabundle") == null) {
                List<byte[]> bundle = new ArrayList<>();
                caBundle.forEach(certificate -> bundle.add(encoded(certificate)));
                fields.put("cabundle", bundle);
            }
            byte[] protectedHeader = cbor(generator -> {
                generator.writeStartObject(1);
                generator.writeFieldId(1);
                generator.writeNumber(algorithm);
                generator.writeEndObject();
            });
            byte[] payload = cbor(generator -> {
                generator.writeStartObject(fields.size());
                for (Map.Entry<String, Object> field : fields.entrySet()) {
                    generator.writeFieldName(field.getKey());
                    write(generator, field.getValue());
                }
                generator.writeEndObject();
            });
            byte[] signature = sign(new CoseSign1(protectedHeader, payload, new byte[96]).toBeSigned());
            if (corruptSignature) {
                signature[10] ^= 1;
            }
            return cbor(generator -> {
                if (tagged) {
                    generator.writeTag(18);
                }
                generator.writeStartArray(null, 4);
                generator.writeBinary(protectedHeader);
                generator.writeStartObject(0);
                generator.writeEndObject();
                generator.writeBinary(payload);
                generator.writeBinary(signature);
                generator.writeEndArray();
            });
        }

        private byte[] sign(byte[] toBeSigned) {
            try {
                Signature ecdsa = Signature.getInstance("SHA384withECDSAinP1363Format");
                ecdsa.initSign(signingKey);
                ecdsa.update(toBeSigned);
                return ecdsa.sign();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A fresh P-384 key pair, e.g. to sign with a key the certificate does not certify. */
    public static KeyPair p384() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp384r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh RSA key pair of {@code bits}, as an enclave makes for its {@code public_key}. */
    public static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void write(CBORGenerator generator, Object value) throws IOException {
        if (value == null) {
            generator.writeNull();
        } else if (value instanceof String text) {
            generator.writeString(text);
        } else if (value instanceof Long number) {
            generator.writeNumber(number);
        } else if (value instanceof Integer number) {
            generator.writeNumber(number);
        } else if (value instanceof byte[] bytes) {
            generator.writeBinary(bytes);
        } else if (value instanceof List<?> list) {
            generator.writeStartArray(null, list.size());
            for (Object item : list) {
                write(generator, item);
            }
            generator.writeEndArray();
        } else if (value instanceof Map<?, ?> map) {
            generator.writeStartObject(map.size());
            for (Map.Entry<Object, Object> entry : ((Map<Object, Object>) map).entrySet()) {
                if (entry.getKey() instanceof Integer index) {
                    generator.writeFieldId(index);
                } else {
                    generator.writeFieldName(entry.getKey().toString());
                }
                write(generator, entry.getValue());
            }
            generator.writeEndObject();
        } else {
            throw new IllegalArgumentException("Cannot write " + value.getClass());
        }
    }

    private interface CborWriter {
        void write(CBORGenerator generator) throws IOException;
    }

    private static byte[] cbor(CborWriter writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator generator = new CBORFactory().createGenerator(out)) {
            writer.write(generator);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A certificate; {@code pathLength} -1 makes an end entity with {@code digitalSignature}, else a CA. */
    private static X509Certificate certificate(X500Name subject, KeyPair subjectKeys, X500Name issuer, PrivateKey issuerKey,
            Instant notBefore, Instant notAfter, int pathLength) {
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                    BigInteger.valueOf(SERIALS.getAndIncrement()), Date.from(notBefore), Date.from(notAfter), subject,
                    subjectKeys.getPublic());
            if (pathLength >= 0) {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(pathLength));
                builder.addExtension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            } else {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA384withECDSA").build(issuerKey)));
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }
}
