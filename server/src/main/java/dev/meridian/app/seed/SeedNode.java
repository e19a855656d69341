package dev.meridian.app.seed;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One value of a seed file with where it is written: the file, line and column (of its field name, for an object's
 * member) and its path ({@code keys[2].material[0]}), so that every error names its place. Read with Jackson's YAML
 * parser, so JSON, YAML's subset, reads too. A field written twice in one object is refused. Immutable.
 */
final class SeedNode {
    enum Kind { OBJECT, ARRAY, SCALAR, NULL }

    /** A field that is not written: nothing, an empty list. */
    static final SeedNode ABSENT = new SeedNode(Kind.NULL, "", "", JsonLocation.NA, null, Map.of(), List.of());

    private final Kind kind;
    private final String file;
    private final String path;
    private final int line;
    private final int column;
    private final String text;
    private final Map<String, SeedNode> fields;
    private final List<SeedNode> items;

    private SeedNode(Kind kind, String file, String path, JsonLocation location, String text, Map<String, SeedNode> fields,
            List<SeedNode> items) {
        this.kind = kind;
        this.file = file;
        this.path = path;
        this.line = location.getLineNr();
        this.column = location.getColumnNr();
        this.text = text;
        this.fields = Collections.unmodifiableMap(fields);
        this.items = List.copyOf(items);
    }

    /** The first document of {@code content}, read from the file {@code file} names; null when it is empty. */
    static SeedNode parse(String file, String content) {
        try (JsonParser parser = new YAMLFactory().createParser(content)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return null;
            }
            return read(parser, file, "", parser.currentTokenLocation());
        } catch (IOException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            if (e instanceof com.fasterxml.jackson.core.JsonProcessingException processing
                    && processing.getLocation() != null) {
                JsonLocation at = processing.getLocation();
                throw new SeedFileException(file + " line " + at.getLineNr() + ", column " + at.getColumnNr()
                        + ": not YAML: " + problem(processing.getOriginalMessage()));
            }
            throw new SeedFileException(file + ": not YAML: " + message);
        }
    }

    /** SnakeYAML's problem without its excerpt of the file: the lines that say what is wrong, on one line. */
    private static String problem(String message) {
        return message.lines().filter(line -> !line.isBlank() && !line.startsWith(" ") && !line.trim().equals("^"))
                .reduce((first, second) -> first + ", " + second).orElse("");
    }

    static String fileName(Path path) {
        Path name = path.getFileName();
        return name == null ? path.toString() : name.toString();
    }

    private static SeedNode read(JsonParser parser, String file, String path, JsonLocation location) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            Map<String, SeedNode> fields = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonLocation at = parser.currentTokenLocation();
                String childPath = path.isEmpty() ? name : path + "." + name;
                parser.nextToken();
                SeedNode child = read(parser, file, childPath, at);
                if (fields.putIfAbsent(name, child) != null) {
                    throw new SeedFileException(child, "the field " + name + " is written twice");
                }
            }
            return new SeedNode(Kind.OBJECT, file, path, location, null, fields, List.of());
        }
        if (token == JsonToken.START_ARRAY) {
            List<SeedNode> items = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                items.add(read(parser, file, path + "[" + items.size() + "]", parser.currentTokenLocation()));
            }
            return new SeedNode(Kind.ARRAY, file, path, location, null, Map.of(), items);
        }
        if (token == JsonToken.VALUE_NULL) {
            return new SeedNode(Kind.NULL, file, path, location, null, Map.of(), List.of());
        }
        return new SeedNode(Kind.SCALAR, file, path, location, parser.getText(), Map.of(), List.of());
    }

    /** Where this value is written: {@code seed.yaml line 12, column 7 (keys[2].material)}. */
    String place() {
        return file + " line " + line + ", column " + column + (path.isEmpty() ? "" : " (" + path + ")");
    }

    Kind kind() {
        return kind;
    }

    boolean isNull() {
        return kind == Kind.NULL;
    }

    /** The fields of an object, in the file's order; refuses any field not in {@code allowed}. */
    Map<String, SeedNode> object(Set<String> allowed) {
        if (kind != Kind.OBJECT) {
            throw new SeedFileException(this, "expected a mapping (fields), not " + describe());
        }
        for (Map.Entry<String, SeedNode> field : fields.entrySet()) {
            if (!allowed.contains(field.getKey())) {
                throw new SeedFileException(field.getValue(), "unknown field " + field.getKey() + "; expected one of "
                        + new java.util.TreeSet<>(allowed));
            }
        }
        return fields;
    }

    /** The fields of an object, whatever they are. */
    Map<String, SeedNode> fields() {
        if (kind != Kind.OBJECT) {
            throw new SeedFileException(this, "expected a mapping (fields), not " + describe());
        }
        return fields;
    }

    /** The items of a list; an absent (null) list is empty. */
    List<SeedNode> list() {
        if (kind == Kind.NULL) {
            return List.of();
        }
        if (kind != Kind.ARRAY) {
            throw new SeedFileException(this, "expected a list, not " + describe());
        }
        return items;
    }

    /** The text of a scalar. */
    String text() {
        if (kind != Kind.SCALAR) {
            throw new SeedFileException(this, "expected a single value, not " + describe());
        }
        return text;
    }

    private String describe() {
        return switch (kind) {
            case OBJECT -> "a mapping";
            case ARRAY -> "a list";
            case SCALAR -> "a single value";
            case NULL -> "nothing";
        };
    }
}
