package dev.meridian.wire.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Map;

/**
 * Checks a JSON 1.1 request body against the input shape of its operation, the way AWS's front end (Coral)
 * does before an operation runs.
 *
 * <ul>
 *   <li>A value whose JSON type does not fit its shape, invalid base64 in a blob, a number out of range for
 *       its type (a timestamp that is not epoch seconds as a number within range, see {@link EpochSeconds})
 *       or a body that is not an object is a {@code SerializationException}; it is thrown at once,
 *       even when constraint violations were found before it, since AWS reads the whole body before it
 *       checks constraints.</li>
 *   <li>Broken constraints are collected in model member order and reported together, at most
 *       ten, as one {@code ValidationException} whose message
 *       reads like AWS's: {@code 1 validation error detected: Value 'x' at 'keyId' failed to satisfy
 *       constraint: Member must have length less than or equal to 2048}. For one string the order is pattern,
 *       minimum length, maximum length, enum.</li>
 *   <li>Members the model does not know are ignored, and a JSON null counts as an absent member, as AWS does.
 *       A missing body (Java null, a missing node or JSON null) counts as an empty object.</li>
 *   <li>Values of sensitive shapes, blobs, maps and structures are never printed; a list is printed as
 *       {@code [a, b]} only when its elements are plain strings, numbers or booleans. String lengths count
 *       Unicode code points; blob lengths count decoded bytes.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe. A valid request costs one small allocation for the path state; patterns were
 * compiled and constraint texts prepared when the model loaded.
 */
public final class RequestValidator {

    private static final JsonNode EMPTY_BODY = JsonNodeFactory.instance.objectNode();
    private static final String NULL_VALUE = "null";
    private static final String MUST_NOT_BE_NULL = "Member must not be null";
    private static final String MEMBER_SEGMENT = "member";
    private static final String MAP_KEYS_CONSTRAINT = "Map keys must satisfy constraint: [";

    private RequestValidator() {
    }

    /**
     * Checks a request body against the input shape of an operation.
     *
     * @param operation the operation named by {@code X-Amz-Target}
     * @param body the parsed request body; null, a missing node or JSON null stand for an empty object
     * @throws InvalidRequestException a {@code SerializationException} or {@code ValidationException} when the
     *     body does not satisfy the input shape
     */
    public static void validate(OperationModel operation, JsonNode body) {
        Shape input = operation.inputShape();
        JsonNode document = body == null || body.isMissingNode() || body.isNull() ? EMPTY_BODY : body;
        if (!document.isObject()) {
            throw SerializationErrors.mismatch(input, document, true);
        }
        ValidationState state = new ValidationState();
        validateMembers(input, document, state);
        String message = state.message();
        if (message != null) {
            throw InvalidRequestException.validation(message);
        }
    }

    private static void validateMembers(Shape structure, JsonNode object, ValidationState state) {
        for (ShapeMember member : structure.memberArray) {
            JsonNode value = object.get(member.name());
            boolean absent = value == null || value.isNull();
            if (absent && !member.required()) {
                continue;
            }
            state.enterName(member.pathName());
            if (absent) {
                state.addViolation(NULL_VALUE, MUST_NOT_BE_NULL);
            } else {
                validateValue(member.target(), value, state, false);
            }
            state.leave();
        }
    }

    private static void validateValue(Shape shape, JsonNode value, ValidationState state, boolean inCollection) {
        switch (shape.type()) {
            case STRING -> {
                if (!value.isTextual()) {
                    throw SerializationErrors.mismatch(shape, value, inCollection);
                }
                validateString(shape, value.textValue(), state);
            }
            case BLOB -> {
                if (!value.isTextual()) {
                    throw SerializationErrors.mismatch(shape, value, inCollection);
                }
                checkLength(shape, Base64Length.decodedLength(value.textValue()), null, state);
            }
            case INTEGER, LONG -> checkRange(shape, wholeNumber(shape, value, inCollection), state);
            case BOOLEAN -> {
                if (!value.isBoolean()) {
                    throw SerializationErrors.mismatch(shape, value, inCollection);
                }
            }
            case TIMESTAMP -> {
                if (EpochSeconds.instantOrNull(value) == null) {
                    throw SerializationErrors.mismatch(shape, value, inCollection);
                }
            }
            case LIST -> validateList(shape, value, state, inCollection);
            case MAP -> validateMap(shape, value, state, inCollection);
            case STRUCTURE -> {
                if (!value.isObject()) {
                    throw SerializationErrors.mismatch(shape, value, inCollection);
                }
                validateMembers(shape, value, state);
            }
            default -> throw new IllegalStateException("Unhandled shape type " + shape.type());
        }
    }

    private static void validateString(Shape shape, String text, ValidationState state) {
        if (shape.compiledPattern != null && !shape.compiledPattern.matcher(text).matches()) {
            state.addViolation(render(shape, text), shape.patternConstraintText);
        }
        if (shape.hasMinimum || shape.hasMaximum) {
            checkLength(shape, text.codePointCount(0, text.length()), text, state);
        }
        if (shape.hasEnum() && !shape.isEnumValue(text)) {
            state.addViolation(render(shape, text), shape.enumConstraintText);
        }
    }

    /** Checks a length; the value is printed only when {@code renderedText} is not null. */
    private static void checkLength(Shape shape, long length, String renderedText, ValidationState state) {
        String constraint = violatedLengthConstraint(shape, length);
        if (constraint != null) {
            state.addViolation(renderedText == null ? null : render(shape, renderedText), constraint);
        }
    }

    private static String violatedLengthConstraint(Shape shape, long length) {
        if (shape.hasMinimum && length < shape.minimumValue) {
            return shape.minimumConstraintText;
        }
        if (shape.hasMaximum && length > shape.maximumValue) {
            return shape.maximumConstraintText;
        }
        return null;
    }

    private static void checkRange(Shape shape, long number, ValidationState state) {
        if (shape.hasMinimum && number < shape.minimumValue) {
            state.addViolation(render(shape, Long.toString(number)), shape.minimumConstraintText);
        } else if (shape.hasMaximum && number > shape.maximumValue) {
            state.addViolation(render(shape, Long.toString(number)), shape.maximumConstraintText);
        }
    }

    /** Reads an integer or long; a decimal is truncated toward zero, as AWS does. */
    private static long wholeNumber(Shape shape, JsonNode value, boolean inCollection) {
        boolean isInteger = shape.type() == ShapeType.INTEGER;
        if (value.isIntegralNumber()) {
            if (isInteger ? value.canConvertToInt() : value.canConvertToLong()) {
                return value.longValue();
            }
            throw SerializationErrors.outOfRange(shape);
        }
        if (value.isNumber()) {
            double truncated = value.doubleValue() < 0 ? Math.ceil(value.doubleValue()) : Math.floor(value.doubleValue());
            double lowest = isInteger ? Integer.MIN_VALUE : Long.MIN_VALUE;
            double highest = isInteger ? Integer.MAX_VALUE : Long.MAX_VALUE;
            if (truncated >= lowest && truncated <= highest) {
                return (long) truncated;
            }
            throw SerializationErrors.outOfRange(shape);
        }
        throw SerializationErrors.mismatch(shape, value, inCollection);
    }

    private static void validateList(Shape shape, JsonNode value, ValidationState state, boolean inCollection) {
        if (!value.isArray()) {
            throw SerializationErrors.mismatch(shape, value, inCollection);
        }
        int size = value.size();
        String lengthConstraint = violatedLengthConstraint(shape, size);
        if (lengthConstraint != null) {
            state.addViolation(renderList(shape.listMemberShape(), value), lengthConstraint);
        }
        Shape elementShape = shape.listMemberShape();
        for (int index = 0; index < size; index++) {
            JsonNode element = value.get(index);
            state.enterListElement(index + 1);
            if (element.isNull()) {
                state.addViolation(NULL_VALUE, MUST_NOT_BE_NULL);
            } else {
                validateValue(elementShape, element, state, true);
            }
            state.leave();
        }
    }

    private static void validateMap(Shape shape, JsonNode value, ValidationState state, boolean inCollection) {
        if (!value.isObject()) {
            throw SerializationErrors.mismatch(shape, value, inCollection);
        }
        checkLength(shape, value.size(), null, state);
        if (value.isEmpty()) {
            return;
        }
        Shape keyShape = shape.mapKeyShape();
        Shape valueShape = shape.mapValueShape();
        boolean keysConstrained = keyShape.compiledPattern != null || keyShape.hasMinimum || keyShape.hasMaximum || keyShape.hasEnum();
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            if (keysConstrained) {
                validateMapKey(keyShape, entry.getKey(), state);
            }
            state.enterName(entry.getKey());
            state.enterName(MEMBER_SEGMENT);
            JsonNode entryValue = entry.getValue();
            if (entryValue.isNull()) {
                state.addViolation(NULL_VALUE, MUST_NOT_BE_NULL);
            } else {
                validateValue(valueShape, entryValue, state, true);
            }
            state.leave();
            state.leave();
        }
    }

    /** Reports a bad map key at the path of the map, worded as AWS does: {@code Map keys must satisfy ...}. */
    private static void validateMapKey(Shape keyShape, String key, ValidationState state) {
        if (keyShape.compiledPattern != null && !keyShape.compiledPattern.matcher(key).matches()) {
            state.addViolation(null, MAP_KEYS_CONSTRAINT + keyShape.patternConstraintText + "]");
        }
        String lengthConstraint = violatedLengthConstraint(keyShape, key.codePointCount(0, key.length()));
        if (lengthConstraint != null) {
            state.addViolation(null, MAP_KEYS_CONSTRAINT + lengthConstraint + "]");
        }
        if (keyShape.hasEnum() && !keyShape.isEnumValue(key)) {
            state.addViolation(null, MAP_KEYS_CONSTRAINT + keyShape.enumConstraintText + "]");
        }
    }

    /** Renders a list of plain strings, numbers or booleans as AWS does, {@code '[a, b]'}; other lists not at all. */
    private static String renderList(Shape elementShape, JsonNode list) {
        ShapeType elementType = elementShape.type();
        boolean plain = elementType == ShapeType.STRING || elementType == ShapeType.INTEGER
                || elementType == ShapeType.LONG || elementType == ShapeType.BOOLEAN;
        if (!plain || elementShape.sensitive()) {
            return null;
        }
        StringBuilder text = new StringBuilder("'[");
        for (int index = 0; index < list.size(); index++) {
            if (index > 0) {
                text.append(", ");
            }
            text.append(list.get(index).asText());
        }
        return text.append("]'").toString();
    }

    private static String render(Shape shape, String text) {
        return shape.sensitive() ? null : "'" + text + "'";
    }
}
