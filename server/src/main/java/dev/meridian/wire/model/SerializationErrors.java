package dev.meridian.wire.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Builds the SerializationException for a JSON value whose type does not fit its shape. The texts follow
 * those of AWS's JSON deserializer (Coral) as observed on AWS JSON services; where AWS's text for a case is
 * not known, the text follows the same style. Stateless and thread-safe.
 */
final class SerializationErrors {

    static final String START_OF_STRUCTURE = "Start of structure or map found where not expected";
    static final String UNEXPECTED_FIELD_TYPE = "Unexpected field type";
    static final String UNEXPECTED_VALUE_TYPE = "Unexpected value type in payload";
    static final String UNEXPECTED_TOKEN = "Unexpected token received from parser";
    static final String BLOB_NOT_A_STRING = "only base-64-encoded strings are convertible to bytes";
    /** AWS's text, misspelling included. */
    static final String INVALID_LAST_BASE64_CHARACTER = "Invalid last non-pad Base64 character dectected";

    private SerializationErrors() {
    }

    /**
     * Returns the exception for a value of the wrong JSON type.
     *
     * @param expected the shape the value should have
     * @param actual the value found
     * @param inCollection whether the value is a list element or map value (AWS words structure errors
     *     differently there than for structure members)
     * @return the exception to throw
     */
    static InvalidRequestException mismatch(Shape expected, JsonNode actual, boolean inCollection) {
        return InvalidRequestException.serialization(mismatchText(expected, actual, inCollection));
    }

    /** Returns the exception for a number that does not fit an integer or long shape. */
    static InvalidRequestException outOfRange(Shape expected) {
        return InvalidRequestException.serialization(
                "NUMBER_VALUE cannot be converted to " + (expected.type() == ShapeType.LONG ? "Long" : "Integer"));
    }

    /** Returns the exception for a blob whose text length is not a multiple of four. */
    static InvalidRequestException base64Length(int length) {
        return InvalidRequestException.serialization(
                "Base64 encoded length is expected a multiple of 4 bytes but found: " + length);
    }

    /** Returns the exception for a blob with a character outside the base64 alphabet. */
    static InvalidRequestException base64Character(char character) {
        return InvalidRequestException.serialization("Invalid Base64 character: '" + character + "'");
    }

    /** Returns the exception for a blob whose padding or last character is not canonical base64. */
    static InvalidRequestException base64LastCharacter() {
        return InvalidRequestException.serialization(INVALID_LAST_BASE64_CHARACTER);
    }

    private static String mismatchText(Shape expected, JsonNode actual, boolean inCollection) {
        ShapeType type = expected.type();
        if (actual.isObject()) {
            return START_OF_STRUCTURE;
        }
        if (actual.isArray()) {
            return "Unrecognized collection type " + collectionTarget(expected);
        }
        switch (type) {
            case STRING:
                return token(actual) + " cannot be converted to String";
            case INTEGER:
                return token(actual) + " cannot be converted to Integer";
            case LONG:
                return token(actual) + " cannot be converted to Long";
            case TIMESTAMP:
                return EpochSeconds.refusal(actual);
            case BOOLEAN:
                return actual.isTextual() ? UNEXPECTED_TOKEN : token(actual) + " cannot be converted to Boolean";
            case BLOB:
                return BLOB_NOT_A_STRING;
            case STRUCTURE:
                return inCollection ? UNEXPECTED_VALUE_TYPE : UNEXPECTED_FIELD_TYPE;
            default:
                return UNEXPECTED_FIELD_TYPE;
        }
    }

    /** The name AWS's deserializer gives a JSON token: {@code STRING_VALUE}, {@code NUMBER_VALUE}, ... */
    static String token(JsonNode actual) {
        if (actual.isTextual()) {
            return "STRING_VALUE";
        }
        if (actual.isBoolean()) {
            return actual.booleanValue() ? "TRUE_VALUE" : "FALSE_VALUE";
        }
        if (actual.isIntegralNumber()) {
            return "NUMBER_VALUE";
        }
        if (actual.isNumber()) {
            return "DECIMAL_VALUE";
        }
        return "UNKNOWN_VALUE";
    }

    private static String collectionTarget(Shape expected) {
        if (expected.type() == ShapeType.MAP) {
            return "java.util.Map<" + javaClassName(expected.mapKeyShape()) + ", " + javaClassName(expected.mapValueShape()) + ">";
        }
        return "class " + javaClassName(expected);
    }

    private static String javaClassName(Shape shape) {
        return switch (shape.type()) {
            case STRING -> "java.lang.String";
            case BLOB -> "java.nio.ByteBuffer";
            case INTEGER -> "java.lang.Integer";
            case LONG -> "java.lang.Long";
            case BOOLEAN -> "java.lang.Boolean";
            case TIMESTAMP -> "java.util.Date";
            case LIST -> "java.util.List";
            case MAP -> "java.util.Map";
            case STRUCTURE -> shape.name();
        };
    }
}
