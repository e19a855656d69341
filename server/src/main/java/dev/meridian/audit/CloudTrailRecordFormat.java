package dev.meridian.audit;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Writes an {@link AuditEvent} as one CloudTrail event record (the JSON object that a trail delivers and
 * that LookupEvents returns as {@code CloudTrailEvent}), with CloudTrail's field names and order.
 * Stateless and thread-safe.
 */
public final class CloudTrailRecordFormat {
    private static final JsonFactory FACTORY = new JsonFactory();

    private CloudTrailRecordFormat() {
    }

    public static String toJson(AuditEvent event) {
        return new String(toJsonBytes(event), StandardCharsets.UTF_8);
    }

    /**
     * The record as UTF-8 JSON bytes: what the audit store keeps. Written straight to bytes (no string in
     * between), since the audit writer does this for every request.
     */
    public static byte[] toJsonBytes(AuditEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("eventVersion", AuditEvent.EVENT_VERSION);
            writeIdentity(json, event.userIdentity());
            json.writeStringField("eventTime", DateTimeFormatter.ISO_INSTANT.format(event.eventTime()));
            json.writeStringField("eventSource", AuditEvent.EVENT_SOURCE);
            json.writeStringField("eventName", event.eventName());
            json.writeStringField("awsRegion", event.awsRegion());
            optional(json, "sourceIPAddress", event.sourceIpAddress());
            optional(json, "userAgent", event.userAgent());
            optional(json, "errorCode", event.errorCode());
            optional(json, "errorMessage", event.errorMessage());
            json.writeFieldName("requestParameters");
            writeValue(json, event.requestParameters());
            json.writeFieldName("responseElements");
            writeValue(json, event.responseElements());
            if (event.additionalEventData() != null) {
                json.writeFieldName("additionalEventData");
                writeValue(json, event.additionalEventData());
            }
            optional(json, "requestID", event.requestId());
            json.writeStringField("eventID", event.eventId());
            json.writeBooleanField("readOnly", event.readOnly());
            if (!event.resources().isEmpty()) {
                json.writeArrayFieldStart("resources");
                for (AuditResource resource : event.resources()) {
                    json.writeStartObject();
                    json.writeStringField("accountId", resource.accountId());
                    json.writeStringField("type", resource.type());
                    json.writeStringField("ARN", resource.arn());
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            json.writeStringField("eventType", event.eventType().name());
            json.writeBooleanField("managementEvent", true);
            optional(json, "recipientAccountId", event.recipientAccountId());
            if (event.serviceEventDetails() != null) {
                json.writeFieldName("serviceEventDetails");
                writeValue(json, event.serviceEventDetails());
            }
            json.writeStringField("eventCategory", "Management");
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeIdentity(JsonGenerator json, UserIdentity identity) throws IOException {
        json.writeObjectFieldStart("userIdentity");
        optional(json, "type", identity.type());
        optional(json, "principalId", identity.principalId());
        optional(json, "arn", identity.arn());
        optional(json, "accountId", identity.accountId());
        optional(json, "accessKeyId", identity.accessKeyId());
        if ("IAMUser".equals(identity.type())) {
            optional(json, "userName", identity.userName()); // CloudTrail names an IAM user (without its path)
        }
        if (identity.sessionContext() != null) {
            writeSessionContext(json, identity.sessionContext());
        }
        optional(json, "invokedBy", identity.invokedBy());
        json.writeEndObject();
    }

    /**
     * A role's session as AWS's KMS records show it: {@code sessionIssuer} (type {@code Role}, the role's ID, ARN with
     * its path, account and name), an empty {@code webIdFederationData} (no web identity federation here), and
     * {@code attributes} ({@code creationDate} when known, {@code mfaAuthenticated} {@code "false"}).
     */
    private static void writeSessionContext(JsonGenerator json, UserIdentity.SessionContext session) throws IOException {
        json.writeObjectFieldStart("sessionContext");
        json.writeObjectFieldStart("sessionIssuer");
        json.writeStringField("type", "Role");
        optional(json, "principalId", session.issuerPrincipalId());
        json.writeStringField("arn", session.issuerArn());
        optional(json, "accountId", session.issuerAccountId());
        optional(json, "userName", session.issuerUserName());
        json.writeEndObject();
        json.writeObjectFieldStart("webIdFederationData");
        json.writeEndObject();
        json.writeObjectFieldStart("attributes");
        if (session.creationDate() != null) {
            json.writeStringField("creationDate", DateTimeFormatter.ISO_INSTANT.format(session.creationDate()));
        }
        json.writeStringField("mfaAuthenticated", "false");
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void optional(JsonGenerator json, String name, String value) throws IOException {
        if (value != null) {
            json.writeStringField(name, value);
        }
    }

    private static void writeValue(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof String text) {
            json.writeString(text);
        } else if (value instanceof Boolean flag) {
            json.writeBoolean(flag);
        } else if (value instanceof Integer number) {
            json.writeNumber(number);
        } else if (value instanceof Long number) {
            json.writeNumber(number);
        } else if (value instanceof java.math.BigDecimal number) {
            json.writeNumber(number);
        } else if (value instanceof Number number) {
            json.writeNumber(number.doubleValue());
        } else if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                json.writeFieldName((String) entry.getKey());
                writeValue(json, entry.getValue());
            }
            json.writeEndObject();
        } else if (value instanceof List<?> list) {
            json.writeStartArray();
            for (Object element : list) {
                writeValue(json, element);
            }
            json.writeEndArray();
        } else {
            throw new IllegalArgumentException("Not an audit value: " + value.getClass().getSimpleName());
        }
    }
}
