package dev.meridian.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The trees and texts are those of an {@code ObjectMapper} with the same factory: compared case by case. */
class JsonTreesTest {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).maxNumberLength(40).build())
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @ParameterizedTest
    @ValueSource(strings = {
        "{}", "[]", "{\"a\":1}", " { \"KeyId\" : \"alias/x\", \"GrantTokens\": [\"t1\", \"t2\"] } \n",
        "{\"n\":[0,-1,2147483647,2147483648,-2147483649,9223372036854775807,9223372036854775808,-9223372036854775809]}",
        "{\"f\":[1.0,-0.0,1e10,1.5E-7,3.141592653589793,1.7976931348623157E308,123456789012345678901234567890.5]}",
        "{\"s\":\"\\u00e9\\u20ac\\ud83d\\ude00 \\\"quoted\\\" \\\\ \\/ \\b\\f\\n\\r\\t \\u0000\"}",
        "{\"b\":true,\"c\":false,\"d\":null,\"e\":{\"f\":{\"g\":[[],[{}]]}}}",
        "{\"dup\":1,\"other\":2,\"dup\":\"last\"}", "\"text\"", "42", "null", "true", "[1,\"two\",null]",
        "{\"EncryptionContext\":{\"é\":\"€\",\"\":\"\"}}",
        "[1E400,-1E400,1e-400,0.1e1,-0,1.0,4.9E-324,2.2250738585072014E-308,1234567890123456789012345678901234567890]"})
    void readsTheTreeAnObjectMapperReadsAndWritesItsText(String text) throws IOException {
        JsonNode expected = MAPPER.readTree(text);

        JsonNode fromString = JsonTrees.read(FACTORY, text);
        JsonNode fromStream = JsonTrees.read(FACTORY, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));

        assertThat(fromString).isEqualTo(expected);
        assertThat(fromStream).isEqualTo(expected);
        assertThat(classesOf(fromString)).isEqualTo(classesOf(expected)); // IntNode is not LongNode, in every place
        assertThat(JsonTrees.write(FACTORY, fromString)).isEqualTo(MAPPER.writeValueAsBytes(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\n\t "})
    void aTextWithoutAValueIsMissingAsForAnObjectMapper(String text) throws IOException {
        assertThat(MAPPER.readTree(text)).isSameAs(MissingNode.getInstance());
        assertThat(JsonTrees.read(FACTORY, text)).isSameAs(MissingNode.getInstance());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{} {}", "{}x", "[1] 2", "{\"a\":1}}", "{", "{\"a\"}", "[1,]", "{\"a\":1,}", "'a'", "NaN",
        "{\"a\":01}", "[[[[[[[[[1]]]]]]]]]", "{\"n\":12345678901234567890123456789012345678901}", "\"unterminated"})
    void refusesWhatAnObjectMapperRefuses(String text) {
        assertThatThrownBy(() -> MAPPER.readTree(text)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> JsonTrees.read(FACTORY, text)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> JsonTrees.read(FACTORY, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IOException.class);
    }

    @Test
    void writesBuiltTreesAsAnObjectMapperDoes() throws IOException {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode tree = nodes.objectNode()
                .put("CreationDate", BigDecimal.valueOf(Instant.parse("2026-12-02T10:11:12.345Z").toEpochMilli(), 3))
                .put("Whole", BigDecimal.valueOf(1_764_670_272L))
                .put("Short", (short) 7)
                .put("Float", 1.25f)
                .put("Double", 0.1)
                .put("Long", Long.MIN_VALUE)
                .put("Big", new BigInteger("123456789012345678901234567890"))
                .put("Blob", new byte[] {0, 1, 2, (byte) 0xff})
                .put("Enabled", true)
                .putNull("Nothing");
        tree.putArray("Tags").addObject().put("TagKey", "k").put("TagValue", "v");

        assertThat(JsonTrees.write(FACTORY, tree)).isEqualTo(MAPPER.writeValueAsBytes(tree));
        assertThat(new String(JsonTrees.write(FACTORY, tree), StandardCharsets.UTF_8))
                .startsWith("{\"CreationDate\":1796206272.345,\"Whole\":1764670272,");
    }

    @Test
    void refusesToWriteAnObjectThatIsNotJson() {
        ObjectNode tree = JsonNodeFactory.instance.objectNode().set("pojo", new POJONode(new Object()));

        assertThatThrownBy(() -> JsonTrees.write(FACTORY, tree)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Not a plain JSON node: POJO");
    }

    private static String classesOf(JsonNode node) {
        StringBuilder classes = new StringBuilder(node.getClass().getSimpleName());
        node.properties().forEach(field -> classes.append(' ').append(field.getKey()).append('=')
                .append(classesOf(field.getValue())));
        if (node.isArray()) {
            node.forEach(element -> classes.append(' ').append(classesOf(element)));
        }
        return classes.toString();
    }
}
