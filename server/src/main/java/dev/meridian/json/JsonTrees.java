package dev.meridian.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Jackson's JSON trees ({@link JsonNode}) read from and written to text with its streaming parser and generator
 * alone, without an {@code ObjectMapper}.
 *
 * <p>The trees are the ones {@code ObjectMapper.readTree} builds with {@code FAIL_ON_TRAILING_TOKENS} (the same node
 * types: {@code IntNode}, {@code LongNode} or {@code BigIntegerNode} for a whole number by its size, {@code
 * DoubleNode} for any other; the last of duplicate names wins; {@link MissingNode} for a text without a value), and
 * the text written is the one {@code ObjectMapper.writeValueAsBytes} writes (JsonTreesTest compares both). Why: an
 * {@code ObjectMapper} loads and initializes about 500 classes of Jackson's data binding the first time one is
 * built or used, which every start paid for the KMS service model and every first request for its body: about 0.2 s
 * of CPU in a JVM without class data sharing (a test JVM), 0.04 s with it. The parser's limits are the factory's
 * ({@link com.fasterxml.jackson.core.StreamReadConstraints}), nesting included, so reading recurses at most that deep.
 */
public final class JsonTrees {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTrees() {
    }

    /**
     * Reads one JSON value and checks that nothing but whitespace follows it; the stream is read but not closed.
     *
     * @return the value, or {@link MissingNode} if the text holds only whitespace
     * @throws IOException if the text is not one JSON value, breaks the factory's limits, or cannot be read
     */
    public static JsonNode read(JsonFactory factory, InputStream text) throws IOException {
        try (JsonParser parser = factory.createParser(text)) {
            return readWhole(parser);
        }
    }

    /** The same from a string. */
    public static JsonNode read(JsonFactory factory, String text) throws IOException {
        try (JsonParser parser = factory.createParser(text)) {
            return readWhole(parser);
        }
    }

    /**
     * Writes a tree as compact JSON in UTF-8, as {@code ObjectMapper.writeValueAsBytes} does with the same factory.
     *
     * @throws IllegalArgumentException if the tree holds a node that is not plain JSON (a POJO node)
     */
    public static byte[] write(JsonFactory factory, JsonNode node) {
        try (ByteArrayBuilder bytes = new ByteArrayBuilder()) {
            try (JsonGenerator generator = factory.createGenerator(bytes)) {
                write(generator, node);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array cannot fail to be written
        }
    }

    private static JsonNode readWhole(JsonParser parser) throws IOException {
        if (parser.nextToken() == null) {
            return MissingNode.getInstance();
        }
        JsonNode value = value(parser);
        if (parser.nextToken() != null) {
            throw new JsonParseException(parser, "Trailing token (" + parser.currentToken() + ") after the JSON value");
        }
        return value;
    }

    private static JsonNode value(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT:
                ObjectNode object = NODES.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.set(name, value(parser));
                }
                return object;
            case START_ARRAY:
                ArrayNode array = NODES.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value(parser));
                }
                return array;
            case VALUE_STRING:
                return NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT:
                return switch (parser.getNumberType()) {
                    case INT -> NODES.numberNode(parser.getIntValue());
                    case LONG -> NODES.numberNode(parser.getLongValue());
                    default -> NODES.numberNode(parser.getBigIntegerValue());
                };
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new JsonParseException(parser, "Unexpected token (" + token + ")");
        }
    }

    private static void write(JsonGenerator generator, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                generator.writeStartObject();
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    generator.writeFieldName(field.getKey());
                    write(generator, field.getValue());
                }
                generator.writeEndObject();
            }
            case ARRAY -> {
                generator.writeStartArray();
                for (JsonNode element : node) {
                    write(generator, element);
                }
                generator.writeEndArray();
            }
            case STRING -> generator.writeString(node.textValue());
            case NUMBER -> {
                switch (node.numberType()) {
                    case INT -> generator.writeNumber(node.intValue());
                    case LONG -> generator.writeNumber(node.longValue());
                    case BIG_INTEGER -> generator.writeNumber(node.bigIntegerValue());
                    case FLOAT -> generator.writeNumber(node.floatValue());
                    case DOUBLE -> generator.writeNumber(node.doubleValue());
                    case BIG_DECIMAL -> generator.writeNumber(node.decimalValue());
                }
            }
            case BOOLEAN -> generator.writeBoolean(node.booleanValue());
            case NULL -> generator.writeNull();
            case BINARY -> generator.writeBinary(node.binaryValue());
            default -> throw new IllegalArgumentException("Not a plain JSON node: " + node.getNodeType());
        }
    }
}
