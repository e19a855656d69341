package dev.meridian.wire;

import java.io.IOException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.audit.AuditLog;
import dev.meridian.audit.AuditPage;
import dev.meridian.audit.AuditPosition;
import dev.meridian.audit.AuditQuery;
import dev.meridian.audit.AuditResource;
import dev.meridian.audit.StoredAuditRecord;
import dev.meridian.model.AccountId;
import dev.meridian.model.KeyId;
import dev.meridian.model.KeyReference;
import dev.meridian.model.Region;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The console's audit trail: the records of one account (in one Region, or in all), newest first, filtered by
 * event name, key, errors and time, in pages. Reads the {@link AuditLog} as LookupEvents does: the store
 * matches one attribute (the key's ARN when the Region is known, else the event name) and the time range, and
 * the remaining filters are applied here, reading at most {@value #MAXIMUM_SCANNED} records per request (a page
 * may then be short, with a {@code nextToken} to go on). Thread-safe.
 */
final class ConsoleAudit {
    static final int DEFAULT_LIMIT = 50;
    static final int MAXIMUM_LIMIT = 100;
    /** How many records one request reads at most before it answers with what it found. */
    static final int MAXIMUM_SCANNED = 5000;
    private static final int BATCH = 200;
    /** 9999-12-31T23:59:59Z, the latest time a parameter may name. */
    private static final BigDecimal LATEST_SECONDS = BigDecimal.valueOf(253402300799L);
    private final AuditLog log;

    ConsoleAudit(AuditLog log) {
        this.log = log;
    }

    /**
     * What one request asks for.
     *
     * @param region null for every Region of the account
     * @param eventName null for every event name
     * @param keyId a key ID or key ARN, or null for every record
     * @param from the earliest event time (included), or null
     * @param to the latest event time (included), or null
     * @param after where the previous page stopped, or null for the newest record
     */
    record Filter(AccountId account, Region region, String eventName, String keyId, boolean errorsOnly, Instant from,
            Instant to, int limit, AuditPosition after) {

        /** The filter of a request's parameters; a parameter that is not valid is 400. */
        static Filter of(AccountId account, Region region, AdminRoute.Request request) {
            String eventName = request.parameter("eventName").orElse(null);
            if (eventName != null && (eventName.isEmpty() || eventName.length() > 128)) {
                throw ConsoleRequestException.badRequest("eventName must be 1 to 128 characters long.");
            }
            String keyId = request.parameter("keyId").map(ConsoleAudit::keyId).orElse(null);
            boolean errorsOnly = request.parameter("errorsOnly").map(ConsoleAudit::bool).orElse(false);
            Instant from = request.parameter("from").map(value -> time("from", value)).orElse(null);
            Instant to = request.parameter("to").map(value -> time("to", value)).orElse(null);
            if (from != null && to != null && from.isAfter(to)) {
                throw ConsoleRequestException.badRequest("from must not be after to.");
            }
            int limit = request.parameter("limit").map(ConsoleAudit::limit).orElse(DEFAULT_LIMIT);
            Filter filter = new Filter(account, region, eventName, keyId, errorsOnly, from, to, limit, null);
            return request.parameter("nextToken").map(filter::continuedAt).orElse(filter);
        }

        private Filter continuedAt(String token) {
            return new Filter(account, region, eventName, keyId, errorsOnly, from, to, limit, position(token, this));
        }

        /** What a token is bound to: every filter but the limit. */
        String fingerprint() {
            String canonical = account + "|" + region + "|" + eventName + "|" + keyId + "|" + errorsOnly + "|" + from
                    + "|" + to;
            return Integer.toHexString(canonical.hashCode());
        }

        /** The key's ARN, when the key ID and the Region are known (the store matches it exactly). */
        String keyArn() {
            if (keyId == null) {
                return null;
            }
            if (keyId.startsWith("arn:")) {
                return keyId;
            }
            return region == null ? null : new KeyReference(account, region, new KeyId(keyId)).arn();
        }
    }

    /** {@code {"events": [...], "nextToken"?}}: the filter's page, newest first. */
    ObjectNode events(Filter filter) {
        String keyArn = filter.keyArn();
        AuditQuery.Attribute attribute = keyArn != null
                ? new AuditQuery.Attribute(AuditQuery.Key.ResourceName, keyArn)
                : filter.eventName() != null ? new AuditQuery.Attribute(AuditQuery.Key.EventName, filter.eventName())
                : null;
        boolean filteredHere = filter.errorsOnly() || (filter.keyId() != null && keyArn == null)
                || (filter.eventName() != null && keyArn != null);
        List<ObjectNode> events = new ArrayList<>();
        AuditPosition after = filter.after();
        AuditPosition next = null;
        int scanned = 0;
        while (true) {
            AuditPage page = log.lookup(new AuditQuery(filter.account().value(),
                    filter.region() == null ? null : filter.region().name(), attribute, filter.from(), filter.to(),
                    filteredHere ? BATCH : filter.limit() - events.size(), after));
            List<StoredAuditRecord> records = page.records();
            int index = 0;
            while (index < records.size() && events.size() < filter.limit()) {
                StoredAuditRecord record = records.get(index++);
                scanned++;
                JsonNode cloudTrailEvent = parse(record);
                if (matches(filter, record, cloudTrailEvent)) {
                    events.add(event(filter, record, cloudTrailEvent));
                }
            }
            if (events.size() == filter.limit()) {
                boolean more = page.next() != null || records.subList(index, records.size()).stream()
                        .anyMatch(record -> matches(filter, record, parse(record)));
                next = more ? records.get(index - 1).position() : null;
                break;
            }
            if (page.next() == null) {
                break;
            }
            after = page.next();
            if (scanned >= MAXIMUM_SCANNED) {
                next = after;
                break;
            }
        }
        ObjectNode answer = Json.object();
        ArrayNode written = Json.array();
        written.addAll(events);
        answer.set("events", written);
        if (next != null) {
            answer.put("nextToken", token(next, filter));
        }
        return answer;
    }

    private static boolean matches(Filter filter, StoredAuditRecord record, JsonNode cloudTrailEvent) {
        if (filter.eventName() != null && !filter.eventName().equals(record.eventName())) {
            return false;
        }
        if (filter.errorsOnly() && text(cloudTrailEvent, "errorCode") == null) {
            return false;
        }
        return filter.keyId() == null
                || record.resources().stream().anyMatch(resource -> isKey(resource, filter.keyId()));
    }

    private static boolean isKey(AuditResource resource, String keyId) {
        return resource.type().equals(AuditResource.KMS_KEY)
                && (resource.arn().equals(keyId) || resource.arn().endsWith(":key/" + keyId));
    }

    private static ObjectNode event(Filter filter, StoredAuditRecord record, JsonNode cloudTrailEvent) {
        ObjectNode event = Json.object().put("eventId", record.eventId())
                .put("eventTime", Json.epochSeconds(record.eventTime())).put("eventName", record.eventName())
                .put("region", text(cloudTrailEvent, "awsRegion"));
        String accountId = text(cloudTrailEvent, "recipientAccountId");
        event.put("accountId", accountId != null ? accountId : filter.account().value());
        ArrayNode keyArns = Json.array();
        for (JsonNode resource : cloudTrailEvent.path("resources")) {
            if (AuditResource.KMS_KEY.equals(text(resource, "type")) && text(resource, "ARN") != null) {
                keyArns.add(text(resource, "ARN"));
            }
        }
        event.set("keyArns", keyArns);
        optional(event, "errorCode", text(cloudTrailEvent, "errorCode"));
        optional(event, "errorMessage", text(cloudTrailEvent, "errorMessage"));
        // Null for the service's own events (rotation, replication), which have no request.
        event.put("requestId", text(cloudTrailEvent, "requestID"))
                .put("sourceIPAddress", text(cloudTrailEvent, "sourceIPAddress"))
                .put("userAgent", text(cloudTrailEvent, "userAgent"));
        optional(event, "userName", record.userName());
        return event;
    }

    private static JsonNode parse(StoredAuditRecord record) {
        try {
            return Json.parse(record.cloudTrailEvent());
        } catch (IOException e) {
            throw new IllegalStateException("An audit record is not JSON: " + record.eventId(), e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() ? null : value.textValue();
    }

    private static void optional(ObjectNode event, String field, String value) {
        if (value != null) {
            event.put(field, value);
        }
    }

    private static String keyId(String text) {
        KeyId keyId = KeyId.parseOrNull(text);
        if (keyId != null) {
            return keyId.value();
        }
        if (text.matches("arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[a-z0-9-]{36}")) {
            return text;
        }
        throw ConsoleRequestException.badRequest("keyId must be a key ID or key ARN, not '"
                + ConsoleRoutes.shortened(text) + "'.");
    }

    private static boolean bool(String text) {
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ConsoleRequestException.badRequest("errorsOnly must be true or false, not '"
                    + ConsoleRoutes.shortened(text) + "'.");
        };
    }

    private static Instant time(String name, String text) {
        try {
            BigDecimal seconds = new BigDecimal(text);
            if (text.length() <= 20 && seconds.signum() >= 0 && seconds.compareTo(LATEST_SECONDS) <= 0) {
                return Instant.ofEpochMilli(seconds.movePointRight(3).longValue());
            }
        } catch (NumberFormatException e) {
            // falls through to the refusal
        }
        throw ConsoleRequestException.badRequest(name + " must be a time in seconds since 1970 (such as 1767225600),"
                + " not '" + ConsoleRoutes.shortened(text) + "'.");
    }

    private static int limit(String text) {
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAXIMUM_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // falls through to the refusal
        }
        throw ConsoleRequestException.badRequest("limit must be a whole number from 1 to " + MAXIMUM_LIMIT + ", not '"
                + ConsoleRoutes.shortened(text) + "'.");
    }

    private static String token(AuditPosition position, Filter filter) {
        String text = "c1:" + position.eventTime().toEpochMilli() + ":" + position.sequence() + ":"
                + filter.fingerprint();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static AuditPosition position(String token, Filter filter) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split(":");
            if (parts.length == 4 && parts[0].equals("c1") && parts[3].equals(filter.fingerprint())) {
                return new AuditPosition(Instant.ofEpochMilli(Long.parseLong(parts[1])), Long.parseLong(parts[2]));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the refusal: not base64, or not numbers
        }
        throw ConsoleRequestException.badRequest("nextToken is not valid, or was made for other filters.");
    }
}
