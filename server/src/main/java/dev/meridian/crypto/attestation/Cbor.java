package dev.meridian.crypto.attestation;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.IOException;

/**
 * Decoding of CBOR (RFC 8949) with Jackson's CBOR format into a tree: byte strings become binary nodes,
 * map keys (text or integer) become field names, a tag is read past. One item per input: trailing bytes and
 * duplicate map keys are refused. Thread-safe.
 */
final class Cbor {
    private static final CBORMapper MAPPER = CBORMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Cbor() {
    }

    /** The one CBOR item {@code bytes} hold; {@code failure} is the message when they hold none, or more. */
    static JsonNode decode(byte[] bytes, String failure) {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new InvalidAttestationDocumentException(failure);
            }
            return node;
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidAttestationDocumentException invalid) {
                throw invalid;
            }
            throw new InvalidAttestationDocumentException(failure);
        }
    }

    /** The bytes of a binary node (a CBOR byte string). */
    static byte[] bytes(JsonNode node) {
        try {
            return node.binaryValue();
        } catch (IOException e) {
            throw new InvalidAttestationDocumentException("it holds a malformed byte string");
        }
    }
}
