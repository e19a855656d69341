package dev.meridian.wire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.model.Tag;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The members of a request body that the service model has already validated, read by member name. An
 * absent member (or a JSON null) reads as null; types are the model's, so no accessor needs to guess.
 */
final class WireRequest {
    private final JsonNode body;
    /** What the handler adds to the request's audit record (CloudTrail's additionalEventData); null for nothing. */
    private Map<String, Object> additionalEventData;

    WireRequest(JsonNode body) {
        this.body = body;
    }

    /**
     * Adds a fact that CloudTrail records beside the request and response ({@code additionalEventData}), such as
     * the {@code keyMaterialId} a cryptographic operation used. Called by the handler, on its thread, before it
     * returns; the record is made after it, on the same thread.
     */
    void additionalEventData(String name, Object value) {
        if (additionalEventData == null) {
            additionalEventData = new LinkedHashMap<>(4);
        }
        additionalEventData.put(name, value);
    }

    /** What {@link #additionalEventData(String, Object)} added, in order; null for nothing. */
    Map<String, Object> additionalEventData() {
        return additionalEventData;
    }

    private JsonNode member(String name) {
        JsonNode value = body.get(name);
        return value == null || value.isNull() ? null : value;
    }

    /** A structure member as it came, or null: for members a handler reads field by field. */
    JsonNode node(String name) {
        return member(name);
    }

    boolean has(String name) {
        return member(name) != null;
    }

    String string(String name) {
        JsonNode value = member(name);
        return value == null ? null : value.asText();
    }

    Integer integer(String name) {
        JsonNode value = member(name);
        return value == null ? null : value.intValue();
    }

    boolean flag(String name) {
        JsonNode value = member(name);
        return value != null && value.asBoolean();
    }

    /**
     * A timestamp member, to the millisecond: epoch seconds (fractions allowed), as a number or a string of
     * one, or an ISO-8601 string. A value that is neither, or out of range, is a {@code ValidationException}.
     */
    java.time.Instant timestamp(String name) {
        JsonNode value = member(name);
        if (value == null) {
            return null;
        }
        try {
            java.math.BigDecimal seconds;
            if (value.isNumber()) {
                seconds = value.decimalValue();
            } else {
                String text = value.asText().strip();
                if (!text.matches("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?")) {
                    return java.time.Instant.parse(text);
                }
                seconds = new java.math.BigDecimal(text);
            }
            return java.time.Instant.ofEpochMilli(seconds.movePointRight(3)
                    .setScale(0, java.math.RoundingMode.FLOOR).longValueExact());
        } catch (ArithmeticException | java.time.DateTimeException e) {
            throw dev.meridian.core.KmsException.validation("1 validation error detected: Value '" + value.asText()
                    + "' at '" + Character.toLowerCase(name.charAt(0)) + name.substring(1)
                    + "' failed to satisfy constraint: Member must be a valid timestamp");
        }
    }

    byte[] blob(String name) {
        JsonNode value = member(name);
        return value == null ? null : Base64.getDecoder().decode(value.asText());
    }

    /** A string-to-string map member; empty when absent. */
    Map<String, String> stringMap(String name) {
        JsonNode value = member(name);
        if (value == null || value.isEmpty()) {
            return Collections.emptyMap();
        }
        Map<String, String> map = new LinkedHashMap<>();
        value.properties().forEach(entry -> map.put(entry.getKey(), entry.getValue().asText()));
        return map;
    }

    List<String> strings(String name) {
        JsonNode value = member(name);
        List<String> strings = new ArrayList<>();
        if (value != null) {
            value.forEach(element -> strings.add(element.asText()));
        }
        return strings;
    }

    /** A {@code TagList} member ({@code TagKey}, {@code TagValue}); null when absent. */
    List<Tag> tags(String name) {
        JsonNode value = member(name);
        if (value == null) {
            return null;
        }
        List<Tag> tags = new ArrayList<>();
        value.forEach(element -> tags.add(new Tag(element.get("TagKey").asText(), element.get("TagValue").asText())));
        return tags;
    }
}
