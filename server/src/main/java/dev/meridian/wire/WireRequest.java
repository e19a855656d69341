package dev.meridian.wire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.model.Tag;
import dev.meridian.wire.model.EpochSeconds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
     * A timestamp member, to the millisecond ({@link EpochSeconds}); the model's validation has already refused
     * every value that is not epoch seconds as a number within range.
     */
    Instant timestamp(String name) {
        JsonNode value = member(name);
        return value == null ? null : Objects.requireNonNull(EpochSeconds.instantOrNull(value), name);
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
