package dev.meridian.identity;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One JSON value of an identity file with where it is written: the file, line and column (of its field name, for
 * an object's member) and its path ({@code accounts[0].users[1]}), so that every error names its place; and the
 * value as a Jackson tree (a policy is parsed from it). A field written twice in one object is refused. Immutable.
 */
final class IdentityNode {
    private static final JsonFactory JSON = new ObjectMapper().getFactory();
    private static final ObjectMapper WRITER = new ObjectMapper();

    private final String file;
    private final String path;
    private final int line;
    private final int column;
    private final JsonNode value;
    private final Map<String, IdentityNode> fields;
    private final List<IdentityNode> items;

    private IdentityNode(String file, String path, JsonLocation location, JsonNode value, Map<String, IdentityNode> fields,
            List<IdentityNode> items) {
        this.file = file;
        this.path = path;
        this.line = location.getLineNr();
        this.column = location.getColumnNr();
        this.value = value;
        this.fields = Collections.unmodifiableMap(fields);
        this.items = List.copyOf(items);
    }

    /** The JSON document {@code content} of the file named {@code file}. */
    static IdentityNode parse(String file, String content) {
        try (JsonParser parser = JSON.createParser(content)) {
            if (parser.nextToken() == null) {
                throw new IdentityFileException(file + ": the identity file is empty; expected {\"accounts\": [...]}");
            }
            IdentityNode root = read(parser, file, "", parser.currentTokenLocation());
            if (parser.nextToken() != null) {
                JsonLocation at = parser.currentTokenLocation();
                throw new IdentityFileException(file + " line " + at.getLineNr() + ", column " + at.getColumnNr()
                        + ": not JSON: more content after the document's end");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String problem = e.getOriginalMessage().lines().findFirst().orElse("")
                    .replaceAll(" \\(start marker at .*$", "");
            throw new IdentityFileException(file + (at == null ? "" : " line " + at.getLineNr() + ", column "
                    + at.getColumnNr()) + ": not JSON: " + problem);
        } catch (IOException e) {
            throw new IdentityFileException(file + ": cannot be read: " + e.getMessage());
        }
    }

    private static IdentityNode read(JsonParser parser, String file, String path, JsonLocation location) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            Map<String, IdentityNode> fields = new LinkedHashMap<>();
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonLocation at = parser.currentTokenLocation();
                parser.nextToken();
                IdentityNode child = read(parser, file, path.isEmpty() ? name : path + "." + name, at);
                if (fields.putIfAbsent(name, child) != null) {
                    throw child.error("the field " + name + " is written twice");
                }
                object.set(name, child.value);
            }
            return new IdentityNode(file, path, location, object, fields, List.of());
        }
        if (token == JsonToken.START_ARRAY) {
            List<IdentityNode> items = new ArrayList<>();
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                IdentityNode item = read(parser, file, path + "[" + items.size() + "]", parser.currentTokenLocation());
                items.add(item);
                array.add(item.value);
            }
            return new IdentityNode(file, path, location, array, Map.of(), items);
        }
        return new IdentityNode(file, path, location, WRITER.readTree(parser), Map.of(), List.of());
    }

    /** An error at this value: {@code identities.json line 9, column 17 (accounts[0].users[1].path): problem}. */
    IdentityFileException error(String problem) {
        return new IdentityFileException(file + " line " + line + ", column " + column
                + (path.isEmpty() ? "" : " (" + path + ")") + ": " + problem);
    }

    /** The line this value (or its field name) is written on. */
    int line() {
        return line;
    }

    /** The fields of an object; refuses any field not in {@code allowed}, and a missing one of {@code required}. */
    Map<String, IdentityNode> object(Set<String> allowed, Set<String> required) {
        if (!value.isObject()) {
            throw error("expected an object, not " + describe());
        }
        for (Map.Entry<String, IdentityNode> field : fields.entrySet()) {
            if (!allowed.contains(field.getKey())) {
                throw field.getValue().error("unknown field " + field.getKey() + "; expected one of "
                        + new TreeSet<>(allowed));
            }
        }
        for (String name : new TreeSet<>(required)) {
            if (!fields.containsKey(name) || fields.get(name).value.isNull()) {
                throw error("the field " + name + " is missing");
            }
        }
        return fields;
    }

    /** The items of a list; an absent list ({@code node} null) or a null is empty. */
    static List<IdentityNode> list(IdentityNode node) {
        if (node == null || node.value.isNull()) {
            return List.of();
        }
        if (!node.value.isArray()) {
            throw node.error("expected a list, not " + node.describe());
        }
        return node.items;
    }

    /** The text of a string value. */
    String text() {
        if (!value.isTextual()) {
            throw error("expected a string, not " + describe());
        }
        return value.textValue();
    }

    /** The value of a whole number. */
    long wholeNumber() {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw error("expected a whole number, not " + describe());
        }
        return value.longValue();
    }

    /** This value written as JSON (a policy's text). */
    String json() {
        if (!value.isObject()) {
            throw error("expected a policy document (an object), not " + describe());
        }
        return value.toString();
    }

    private String describe() {
        return switch (value.getNodeType()) {
            case OBJECT -> "an object";
            case ARRAY -> "a list";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> "a value";
        };
    }
}
