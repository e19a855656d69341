package dev.meridian.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.audit.AuditEvent;
import dev.meridian.audit.AuditLog;
import dev.meridian.audit.AuditPage;
import dev.meridian.audit.AuditPosition;
import dev.meridian.audit.AuditQuery;
import dev.meridian.audit.AuditResource;
import dev.meridian.audit.StoredAuditRecord;
import dev.meridian.model.RequestContext;
import dev.meridian.wire.model.EpochSeconds;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * CloudTrail's LookupEvents on Meridian's endpoint (JSON 1.1, target
 * {@code com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents}, signed for the
 * {@code cloudtrail} service): the audit records of the caller's account in the Region of the request,
 * newest first. Checks its members itself (the KMS model does not cover CloudTrail) and answers with
 * CloudTrail's error shapes. Other CloudTrail operations answer {@code UnsupportedOperationException}.
 */
final class CloudTrailLookupEvents {
    static final String TARGET_PREFIX = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.";
    static final String SERVICE = "cloudtrail";
    private static final int DEFAULT_MAX_RESULTS = 50;
    private static final int MAXIMUM_ATTRIBUTE_VALUE = 2000;
    private final AuditLog log;

    CloudTrailLookupEvents(AuditLog log) {
        this.log = log;
    }

    /** Answers one CloudTrail request; a refusal is a {@link WireException} with CloudTrail's error. */
    ObjectNode invoke(String operation, RequestContext caller, JsonNode body) {
        if (!operation.equals("LookupEvents")) {
            throw new WireException(WireError.badRequest("UnsupportedOperationException",
                    operation + " is not supported by Meridian; only LookupEvents is."));
        }
        AuditQuery.Attribute attribute = attribute(body.get("LookupAttributes"));
        Instant start = time(body.get("StartTime"), "StartTime");
        Instant end = time(body.get("EndTime"), "EndTime");
        if (start != null && end != null && start.isAfter(end)) {
            throw error("InvalidTimeRangeException", "Start time must be equal to or before the end time.");
        }
        int maxResults = maxResults(body.get("MaxResults"));
        JsonNode category = body.get("EventCategory");
        if (category != null && !category.isNull()) {
            if (!category.isTextual() || !category.textValue().equals("insight")) {
                throw error("InvalidEventCategoryException", "The event category is not valid: only insight is.");
            }
            return Json.object().set("Events", Json.array());
        }
        String fingerprint = fingerprint(caller, attribute, start, end);
        AuditPosition after = position(body.get("NextToken"), fingerprint);
        AuditPage page = log.lookup(new AuditQuery(caller.account().toString(), caller.region().toString(), attribute,
                start, end, maxResults, after));
        ArrayNode events = Json.array();
        for (StoredAuditRecord record : page.records()) {
            events.add(event(record));
        }
        ObjectNode response = Json.object();
        response.set("Events", events);
        if (page.next() != null) {
            response.put("NextToken", token(page.next(), fingerprint));
        }
        return response;
    }

    private static ObjectNode event(StoredAuditRecord record) {
        ObjectNode event = Json.object().put("EventId", record.eventId()).put("EventName", record.eventName())
                .put("ReadOnly", Boolean.toString(record.readOnly()));
        if (record.accessKeyId() != null) {
            event.put("AccessKeyId", record.accessKeyId());
        }
        event.put("EventTime", Json.epochSeconds(record.eventTime())).put("EventSource", AuditEvent.EVENT_SOURCE);
        if (record.userName() != null) {
            event.put("Username", record.userName());
        }
        ArrayNode resources = Json.array();
        for (AuditResource resource : record.resources()) {
            resources.add(Json.object().put("ResourceType", resource.type()).put("ResourceName", resource.name()));
        }
        event.set("Resources", resources);
        event.put("CloudTrailEvent", record.cloudTrailEvent());
        return event;
    }

    private static AuditQuery.Attribute attribute(JsonNode attributes) {
        if (attributes == null || attributes.isNull()) {
            return null;
        }
        if (!attributes.isArray()) {
            throw error("SerializationException", "LookupAttributes must be a list.");
        }
        if (attributes.isEmpty()) {
            return null;
        }
        if (attributes.size() > 1) {
            throw error("InvalidLookupAttributesException", "You can specify only one lookup attribute.");
        }
        JsonNode attribute = attributes.get(0);
        JsonNode key = attribute.get("AttributeKey");
        JsonNode value = attribute.get("AttributeValue");
        if (key == null || !key.isTextual()) {
            throw error("InvalidLookupAttributesException", "The lookup attribute needs an AttributeKey.");
        }
        AuditQuery.Key parsedKey;
        try {
            parsedKey = AuditQuery.Key.valueOf(key.textValue());
        } catch (IllegalArgumentException e) {
            throw error("InvalidLookupAttributesException", "The lookup attribute key " + key.textValue()
                    + " is not valid. Valid keys: EventId, EventName, ReadOnly, Username, ResourceType, ResourceName,"
                    + " EventSource, AccessKeyId.");
        }
        if (value == null || !value.isTextual() || value.textValue().isEmpty()
                || value.textValue().length() > MAXIMUM_ATTRIBUTE_VALUE) {
            throw error("InvalidLookupAttributesException",
                    "The lookup attribute value must be 1 to " + MAXIMUM_ATTRIBUTE_VALUE + " characters long.");
        }
        return new AuditQuery.Attribute(parsedKey, value.textValue());
    }

    private static Instant time(JsonNode value, String member) {
        if (value == null || value.isNull()) {
            return null;
        }
        Instant instant = EpochSeconds.instantOrNull(value);
        if (instant == null) {
            throw error("SerializationException", EpochSeconds.refusal(value));
        }
        return instant;
    }

    private static int maxResults(JsonNode value) {
        if (value == null || value.isNull()) {
            return DEFAULT_MAX_RESULTS;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 1
                || value.intValue() > DEFAULT_MAX_RESULTS) {
            throw error("InvalidMaxResultsException", "MaxResults must be between 1 and 50.");
        }
        return value.intValue();
    }

    /** What a NextToken is bound to: the account, Region, attribute and time range of the first page. */
    private static String fingerprint(RequestContext caller, AuditQuery.Attribute attribute, Instant start, Instant end) {
        String canonical = caller.account() + "|" + caller.region() + "|"
                + (attribute == null ? "" : attribute.key() + "=" + attribute.value()) + "|" + start + "|" + end;
        return Integer.toHexString(canonical.hashCode());
    }

    private static String token(AuditPosition position, String fingerprint) {
        String text = "1:" + position.eventTime().toEpochMilli() + ":" + position.sequence() + ":" + fingerprint;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static AuditPosition position(JsonNode token, String fingerprint) {
        if (token == null || token.isNull()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token.asText()), StandardCharsets.UTF_8).split(":");
            if (parts.length == 4 && parts[0].equals("1") && parts[3].equals(fingerprint)) {
                return new AuditPosition(Instant.ofEpochMilli(Long.parseLong(parts[1])), Long.parseLong(parts[2]));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error: not base64, or not numbers
        }
        throw error("InvalidNextTokenException",
                "The NextToken is not valid, or was made for a request with different parameters.");
    }

    private static WireException error(String type, String message) {
        return new WireException(WireError.badRequest(type, message));
    }
}
