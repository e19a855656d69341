package dev.meridian.crypto.attestation;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The payload of an AWS Nitro Enclaves attestation document, as "Verifying the root of trust" (AWS Nitro
 * Enclaves User Guide) and {@code aws-nitro-enclaves-nsm-api/docs/attestation_process.md} define it:
 * {@code module_id}, {@code digest}, {@code timestamp}, {@code pcrs}, {@code certificate}, {@code cabundle},
 * and the optional {@code public_key}, {@code user_data} and {@code nonce}.
 *
 * <p>Outside this package, an instance exists only for a document that {@link AttestationDocumentVerifier#verify} accepted: its
 * fields have the types and sizes of the specification, its COSE_Sign1 signature verifies with
 * {@link #certificate()}'s key, and that certificate chains through {@code cabundle} to the trusted root at
 * the time of the check. Immutable: every array is copied in and out. {@code toString} names the module only.
 */
public final class AttestationDocument {
    private static final int MAXIMUM_CERTIFICATE_LENGTH = 1024;
    private static final int MAXIMUM_USER_DATA_LENGTH = 1024;
    private static final int PCR_COUNT = 32;
    /**
     * The most certificates {@code cabundle} may hold. The specification sets no maximum; AWS's bundles hold
     * the root and three intermediates. The bound keeps a hostile document from costing more than a few
     * certificates' parsing and checking.
     */
    static final int MAXIMUM_CA_BUNDLE_LENGTH = 16;

    private final String moduleId;
    private final String digest;
    private final Instant timestamp;
    private final Map<Integer, byte[]> pcrs;
    private final X509Certificate certificate;
    private final byte[] publicKey;
    private final byte[] userData;
    private final byte[] nonce;

    private AttestationDocument(String moduleId, String digest, Instant timestamp, Map<Integer, byte[]> pcrs,
            X509Certificate certificate, byte[] publicKey, byte[] userData, byte[] nonce) {
        this.moduleId = moduleId;
        this.digest = digest;
        this.timestamp = timestamp;
        this.pcrs = pcrs;
        this.certificate = certificate;
        this.publicKey = publicKey;
        this.userData = userData;
        this.nonce = nonce;
    }

    /** The issuing Nitro hypervisor module, e.g. {@code i-0123456789abcdef0-enc0123456789abcdef}. */
    public String moduleId() {
        return moduleId;
    }

    /** The digest of the PCRs: {@code SHA384}, the only one the specification has. */
    public String digest() {
        return digest;
    }

    /** When the hypervisor made the document. */
    public Instant timestamp() {
        return timestamp;
    }

    /** The indexes of the locked PCRs, in order. */
    public List<Integer> pcrIndexes() {
        return List.copyOf(pcrs.keySet());
    }

    /** PCR {@code index} (0 is the enclave image's digest), if the document has it; a copy. */
    public Optional<byte[]> pcr(int index) {
        return Optional.ofNullable(pcrs.get(index)).map(byte[]::clone);
    }

    /** PCR {@code index} in lower-case hexadecimal, as CloudTrail shows enclave measurements. */
    public Optional<String> pcrHex(int index) {
        return Optional.ofNullable(pcrs.get(index)).map(HexFormat.of()::formatHex);
    }

    /** The infrastructure certificate whose key signed the document. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The enclave's public key (DER), to encrypt to it, if the document has one; a copy. */
    public Optional<byte[]> publicKey() {
        return Optional.ofNullable(publicKey).map(byte[]::clone);
    }

    public Optional<byte[]> userData() {
        return Optional.ofNullable(userData).map(byte[]::clone);
    }

    public Optional<byte[]> nonce() {
        return Optional.ofNullable(nonce).map(byte[]::clone);
    }

    @Override
    public String toString() {
        return "AttestationDocument[" + moduleId + "]";
    }

    /**
     * A document read from its payload but not yet trusted, with the certificates that must certify it:
     * {@code cabundle} in the document's order (the root first, then each intermediate).
     */
    record Unverified(AttestationDocument document, List<X509Certificate> caBundle) {
    }

    /** Reads a payload and checks the syntax of every field; nothing is trusted yet. */
    static Unverified parse(JsonNode payload) {
        if (!payload.isObject()) {
            throw new InvalidAttestationDocumentException("its payload is not a CBOR map");
        }
        JsonNode moduleId = required(payload, "module_id");
        if (!moduleId.isTextual() || moduleId.textValue().isEmpty()) {
            throw invalidField("module_id");
        }
        JsonNode digest = required(payload, "digest");
        if (!digest.isTextual() || !digest.textValue().equals("SHA384")) {
            throw invalidField("digest");
        }
        JsonNode timestamp = required(payload, "timestamp");
        if (!timestamp.isIntegralNumber() || !timestamp.canConvertToLong() || timestamp.longValue() <= 0) {
            throw invalidField("timestamp");
        }
        Map<Integer, byte[]> pcrs = pcrs(required(payload, "pcrs"));
        X509Certificate certificate = certificate(required(payload, "certificate"), "certificate");
        JsonNode bundle = required(payload, "cabundle");
        if (!bundle.isArray() || bundle.isEmpty() || bundle.size() > MAXIMUM_CA_BUNDLE_LENGTH) {
            throw invalidField("cabundle");
        }
        List<X509Certificate> caBundle = new ArrayList<>();
        for (JsonNode entry : bundle) {
            caBundle.add(certificate(entry, "cabundle"));
        }
        AttestationDocument document = new AttestationDocument(moduleId.textValue(), digest.textValue(),
                Instant.ofEpochMilli(timestamp.longValue()), pcrs, certificate, optionalBytes(payload, "public_key", 1),
                optionalBytes(payload, "user_data", 0), optionalBytes(payload, "nonce", 0));
        return new Unverified(document, List.copyOf(caBundle));
    }

    private static Map<Integer, byte[]> pcrs(JsonNode node) {
        if (!node.isObject() || node.isEmpty() || node.size() > PCR_COUNT) {
            throw invalidField("pcrs");
        }
        Map<Integer, byte[]> pcrs = new TreeMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            int index;
            try {
                index = Integer.parseInt(field.getKey());
            } catch (NumberFormatException e) {
                throw invalidField("pcrs");
            }
            if (index < 0 || index >= PCR_COUNT || !field.getValue().isBinary()) {
                throw invalidField("pcrs");
            }
            byte[] value = Cbor.bytes(field.getValue());
            if (value.length != 32 && value.length != 48 && value.length != 64) {
                throw invalidField("pcrs");
            }
            pcrs.put(index, value);
        }
        return Collections.unmodifiableMap(pcrs);
    }

    private static X509Certificate certificate(JsonNode node, String name) {
        if (!node.isBinary()) {
            throw invalidField(name);
        }
        byte[] bytes = Cbor.bytes(node);
        if (bytes.length < 1 || bytes.length > MAXIMUM_CERTIFICATE_LENGTH) {
            throw invalidField(name);
        }
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(bytes));
        } catch (CertificateException | ClassCastException e) {
            throw new InvalidAttestationDocumentException("its " + name + " field holds a malformed certificate");
        }
    }

    /** An optional byte string: absent or null (as the hypervisor writes an unset one) gives null. */
    private static byte[] optionalBytes(JsonNode payload, String name, int minimumLength) {
        JsonNode node = payload.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBinary()) {
            throw invalidField(name);
        }
        byte[] bytes = Cbor.bytes(node);
        if (bytes.length < minimumLength || bytes.length > MAXIMUM_USER_DATA_LENGTH) {
            throw invalidField(name);
        }
        return bytes;
    }

    private static JsonNode required(JsonNode payload, String name) {
        JsonNode node = payload.get(name);
        if (node == null || node.isNull()) {
            throw new InvalidAttestationDocumentException("its payload has no " + name);
        }
        return node;
    }

    private static InvalidAttestationDocumentException invalidField(String name) {
        return new InvalidAttestationDocumentException("its " + name + " field is not valid");
    }
}
