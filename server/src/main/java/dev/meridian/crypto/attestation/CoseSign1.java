package dev.meridian.crypto.attestation;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A {@code COSE_Sign1} structure (RFC 8152, section 4.2) as the Nitro hypervisor makes it: the CBOR array
 * {@code [protected, unprotected, payload, signature]}, tagged 18 or not, signed with ES384 (ECDSA on P-384
 * with SHA-384, the signature as the 96 bytes of r and s). Immutable.
 */
record CoseSign1(byte[] protectedHeader, byte[] payload, byte[] signature) {
    /** COSE's algorithm label ({@code alg}, 1) and ES384's value (-35), RFC 8152 sections 3.1 and 8.1. */
    private static final String ALGORITHM_LABEL = "1";
    private static final int ES384 = -35;
    private static final int ES384_SIGNATURE_LENGTH = 96;
    private static final byte[] SIGNATURE1 = "Signature1".getBytes(StandardCharsets.US_ASCII);

    /** Reads the structure from its decoded CBOR; checks its shape and that it is signed with ES384. */
    static CoseSign1 of(JsonNode cose) {
        if (!cose.isArray() || cose.size() != 4) {
            throw new InvalidAttestationDocumentException("it is not a COSE_Sign1 structure");
        }
        JsonNode protectedHeader = cose.get(0);
        JsonNode unprotectedHeader = cose.get(1);
        JsonNode payload = cose.get(2);
        JsonNode signature = cose.get(3);
        if (!protectedHeader.isBinary() || !unprotectedHeader.isObject() || !payload.isBinary() || !signature.isBinary()) {
            throw new InvalidAttestationDocumentException("it is not a COSE_Sign1 structure");
        }
        byte[] protectedBytes = Cbor.bytes(protectedHeader);
        JsonNode header = Cbor.decode(protectedBytes, "its protected header is not valid CBOR");
        JsonNode algorithm = header.isObject() ? header.get(ALGORITHM_LABEL) : null;
        if (algorithm == null || !algorithm.isIntegralNumber() || !algorithm.canConvertToInt() || algorithm.intValue() != ES384) {
            throw new InvalidAttestationDocumentException("it is not signed with ES384");
        }
        byte[] signatureBytes = Cbor.bytes(signature);
        if (signatureBytes.length != ES384_SIGNATURE_LENGTH) {
            throw new InvalidAttestationDocumentException("its signature is not an ES384 signature");
        }
        byte[] payloadBytes = Cbor.bytes(payload);
        if (payloadBytes.length == 0) {
            throw new InvalidAttestationDocumentException("its payload is empty");
        }
        return new CoseSign1(protectedBytes, payloadBytes, signatureBytes);
    }

    /**
     * The bytes the signature covers: the CBOR encoding of
     * {@code ["Signature1", protected, external_aad = h'', payload]} (RFC 8152, section 4.4).
     */
    byte[] toBeSigned() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + protectedHeader.length + 32);
        out.write(0x84); // an array of 4 items
        writeHead(out, 3, SIGNATURE1.length); // a text string
        out.writeBytes(SIGNATURE1);
        writeHead(out, 2, protectedHeader.length); // byte strings
        out.writeBytes(protectedHeader);
        writeHead(out, 2, 0);
        writeHead(out, 2, payload.length);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /** A CBOR head in its shortest form (RFC 8949, section 3), as COSE's deterministic encoding requires. */
    private static void writeHead(ByteArrayOutputStream out, int majorType, int length) {
        int type = majorType << 5;
        if (length < 24) {
            out.write(type | length);
        } else if (length < 0x100) {
            out.write(type | 24);
            out.write(length);
        } else if (length < 0x10000) {
            out.write(type | 25);
            out.write(length >>> 8);
            out.write(length);
        } else {
            out.write(type | 26);
            out.write(length >>> 24);
            out.write(length >>> 16);
            out.write(length >>> 8);
            out.write(length);
        }
    }
}
