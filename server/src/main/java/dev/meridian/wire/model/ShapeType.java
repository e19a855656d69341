package dev.meridian.wire.model;

import java.util.Locale;

/**
 * The kinds of shape that the service model uses, named as in the botocore model ({@code "type"}).
 *
 * <p>Immutable and thread-safe, like every enum.
 */
public enum ShapeType {
    /** A UTF-8 string; may carry length, pattern and enum constraints. */
    STRING,
    /** Binary data, base64 encoded on the wire; length constraints apply to the decoded bytes. */
    BLOB,
    /** A 32-bit signed integer; may carry value range constraints. */
    INTEGER,
    /** A 64-bit signed integer; may carry value range constraints. */
    LONG,
    /** A JSON boolean. */
    BOOLEAN,
    /** A point in time: epoch seconds as a JSON number, or a string. */
    TIMESTAMP,
    /** An ordered list of one member shape; may carry length constraints on the element count. */
    LIST,
    /** A map from a key shape to a value shape; may carry length constraints on the entry count. */
    MAP,
    /** A structure with named members, some of them required. */
    STRUCTURE;

    /**
     * Returns the shape type for a botocore type name such as {@code "string"}.
     *
     * @param modelName the type name as written in the model
     * @return the matching type
     * @throws IllegalArgumentException if the model uses a type that this layer does not support
     */
    public static ShapeType fromModelName(String modelName) {
        try {
            return valueOf(modelName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unsupported) {
            throw new IllegalArgumentException("Unsupported shape type in the service model: " + modelName, unsupported);
        }
    }

    /** Returns the type name as the model writes it, such as {@code "string"}. */
    public String modelName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
