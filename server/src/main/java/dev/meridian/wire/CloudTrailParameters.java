package dev.meridian.wire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.wire.model.EpochSeconds;
import dev.meridian.wire.model.Shape;
import dev.meridian.wire.model.ShapeMember;
import dev.meridian.wire.model.ShapeType;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a request or response body into what CloudTrail records of it: member names in lower camel case
 * ({@code KeyId} is {@code keyId}, {@code AWSAccountId} is {@code aWSAccountId}), map keys as they are,
 * timestamps as CloudTrail writes them ({@code Nov 18, 2020, 1:29:18 AM}).
 *
 * <p>Secrets never pass: every member whose shape is a blob (plaintexts, ciphertexts, key material,
 * import tokens) or that the model marks sensitive is left out, whatever its value, and so is every
 * member the model does not know (a misspelled {@code plaintext} could hold one). Stateless.
 */
final class CloudTrailParameters {
    private static final DateTimeFormatter CLOUDTRAIL_DATE =
            DateTimeFormatter.ofPattern("MMM d, yyyy, h:mm:ss a", Locale.US).withZone(ZoneOffset.UTC);

    /** Grant tokens are credentials: AWS records none, neither the tokens a request presents nor the one CreateGrant returns. */
    private static final Set<String> GRANT_TOKEN_SHAPES = Set.of("GrantTokenType", "GrantTokenList");
    /** An enclave's {@code Recipient}: AWS's records of enclave requests show it nowhere in {@code requestParameters}. */
    private static final String RECIPIENT_SHAPE = "RecipientInfo";
    /** Encryption algorithms that AWS records with their default when the request leaves them out. */
    private static final Map<String, List<String>> DEFAULTED_ALGORITHMS = Map.of(
            "Encrypt", List.of("encryptionAlgorithm"),
            "Decrypt", List.of("encryptionAlgorithm"),
            "ReEncrypt", List.of("sourceEncryptionAlgorithm", "destinationEncryptionAlgorithm"));

    private CloudTrailParameters() {
    }

    /**
     * {@code parameters} (a map from {@link #of}, which it completes in place) with what AWS records although
     * the request left it out: the encryption algorithms of Encrypt, Decrypt and ReEncrypt
     * ({@code SYMMETRIC_DEFAULT}), which the Decrypt record "always includes".
     */
    static Map<String, Object> withDefaults(String operation, Map<String, Object> parameters) {
        List<String> algorithms = DEFAULTED_ALGORITHMS.get(operation);
        if (algorithms == null) {
            return parameters;
        }
        Map<String, Object> completed = parameters == null ? new LinkedHashMap<>() : parameters;
        algorithms.forEach(name -> completed.putIfAbsent(name, "SYMMETRIC_DEFAULT"));
        return completed;
    }

    /**
     * The recordable members of {@code body}, a value of structure {@code shape}, in a new mutable map; null
     * when none remain.
     */
    static Map<String, Object> of(JsonNode body, Shape shape) {
        if (body == null || !body.isObject() || shape == null) {
            return null;
        }
        Map<String, Object> members = structure(body, shape);
        return members.isEmpty() ? null : members;
    }

    private static Map<String, Object> structure(JsonNode body, Shape shape) {
        Map<String, Object> members = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = body.properties().iterator();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            ShapeMember member = shape.member(field.getKey()).orElse(null);
            if (member == null || field.getValue().isNull() || GRANT_TOKEN_SHAPES.contains(member.target().name())
                    || member.target().name().equals(RECIPIENT_SHAPE)) {
                continue;
            }
            Object value = value(field.getValue(), member.target());
            if (value != null) {
                members.put(lowerCamel(field.getKey()), value);
            }
        }
        return members;
    }

    private static Object value(JsonNode value, Shape shape) {
        if (shape.sensitive() || shape.type() == ShapeType.BLOB) {
            return null;
        }
        return switch (shape.type()) {
            case STRUCTURE -> value.isObject() ? structure(value, shape) : null;
            case MAP -> value.isObject() ? map(value, shape) : null;
            case LIST -> value.isArray() ? list(value, shape) : null;
            case BOOLEAN -> value.isBoolean() ? value.booleanValue() : null;
            case INTEGER, LONG -> value.isIntegralNumber() ? (Object) value.longValue() : null;
            case TIMESTAMP -> value.isNumber() ? cloudTrailDate(EpochSeconds.instantOrNull(value))
                    : value.isTextual() ? value.textValue() : null;
            case STRING -> value.isTextual() ? value.textValue() : null;
            default -> null;
        };
    }

    /** A timestamp as CloudTrail writes it; null for a number that is none (out of range: a refused request). */
    private static String cloudTrailDate(Instant instant) {
        return instant == null ? null : CLOUDTRAIL_DATE.format(instant);
    }

    private static Map<String, Object> map(JsonNode value, Shape shape) {
        Shape valueShape = shape.mapValue().orElse(null);
        Map<String, Object> entries = new LinkedHashMap<>();
        if (valueShape == null) {
            return entries;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = value.properties().iterator();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            Object element = value(field.getValue(), valueShape);
            if (element != null) {
                entries.put(field.getKey(), element);
            }
        }
        return entries;
    }

    private static List<Object> list(JsonNode value, Shape shape) {
        Shape memberShape = shape.listMember().orElse(null);
        List<Object> elements = new ArrayList<>(value.size());
        if (memberShape != null) {
            for (JsonNode element : value) {
                Object converted = value(element, memberShape);
                if (converted != null) {
                    elements.add(converted);
                }
            }
        }
        return elements;
    }

    static String lowerCamel(String memberName) {
        return memberName.isEmpty() ? memberName : Character.toLowerCase(memberName.charAt(0)) + memberName.substring(1);
    }
}
