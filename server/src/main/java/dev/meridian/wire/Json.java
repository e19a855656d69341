package dev.meridian.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.crypto.SecretBytes;
import dev.meridian.json.JsonTrees;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/** The JSON 1.1 encoding of KMS responses: blobs as base64, dates as epoch seconds, absent members omitted. */
final class Json {
    /**
     * Bounds on what a request body may make the parser do; beyond them the body is not valid JSON
     * ({@code SerializationException}). KMS requests nest four levels at most and carry no number longer
     * than a timestamp with nanoseconds, so these only bound hostile bodies: no deep recursion later, and
     * no number whose conversion costs more than its few digits.
     */
    static final StreamReadConstraints REQUEST_LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(64)
            .maxNumberLength(100)
            .maxDocumentLength(HttpServer.MAXIMUM_REQUEST_BYTES)
            .build();
    /** Parsers and generators within {@link #REQUEST_LIMITS}. */
    static final JsonFactory FACTORY = JsonFactory.builder().streamReadConstraints(REQUEST_LIMITS).build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static ArrayNode array() {
        return NODES.arrayNode();
    }

    /**
     * One JSON value, refusing trailing content ({@code {}} followed by anything but whitespace); without an
     * {@code ObjectMapper} ({@link JsonTrees}).
     *
     * @return the value, or a missing node for a body of whitespace only
     */
    static JsonNode parse(java.io.InputStream body) throws java.io.IOException {
        return JsonTrees.read(FACTORY, body);
    }

    /** The same from a string. */
    static JsonNode parse(String text) throws java.io.IOException {
        return JsonTrees.read(FACTORY, text);
    }

    static byte[] bytes(JsonNode node) {
        return JsonTrees.write(FACTORY, node);
    }

    /** Epoch seconds with milliseconds, as AWS writes timestamps. */
    static BigDecimal epochSeconds(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli(), 3);
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** The base64 of a secret, for the one place it must leave: the response to its owner. */
    static String base64(SecretBytes secret) {
        byte[] clear = secret.toByteArray();
        try {
            return Base64.getEncoder().encodeToString(clear);
        } finally {
            java.util.Arrays.fill(clear, (byte) 0);
        }
    }

    static ArrayNode strings(Collection<String> values) {
        ArrayNode array = array();
        values.forEach(array::add);
        return array;
    }

    static <T> ArrayNode objects(List<T> values, Function<T, ObjectNode> writer) {
        ArrayNode array = array();
        values.forEach(value -> array.add(writer.apply(value)));
        return array;
    }
}
