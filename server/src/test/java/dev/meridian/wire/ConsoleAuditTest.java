package dev.meridian.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.audit.AuditEvent;
import dev.meridian.audit.AuditLog;
import dev.meridian.audit.AuditPage;
import dev.meridian.audit.AuditPosition;
import dev.meridian.audit.AuditQuery;
import dev.meridian.audit.AuditResource;
import dev.meridian.audit.StoredAuditRecord;
import dev.meridian.model.AccountId;
import dev.meridian.model.Region;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The console's audit pages over a fake log: filters applied here, the bound on records read, tokens, mapping. */
class ConsoleAuditTest {
    private static final AccountId ACCOUNT = AccountId.of("111122223333");
    private static final Instant START = Instant.parse("2026-06-01T00:00:00Z");
    private static final String KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    /** Records newest first, answered as the audit store answers: region, one attribute, time range, position. */
    private static final class FakeLog implements AuditLog {
        final List<StoredAuditRecord> records = new ArrayList<>();
        final AtomicInteger lookups = new AtomicInteger();

        /** Adds a record newer than every one before. */
        void add(String eventName, String errorCode, List<AuditResource> resources, boolean request) {
            long sequence = records.size() + 1;
            String json = "{\"eventTime\":\"x\",\"eventName\":\"" + eventName + "\",\"awsRegion\":\"us-east-1\""
                    + (request ? ",\"sourceIPAddress\":\"127.0.0.1\",\"userAgent\":\"sdk\"" : "")
                    + (errorCode == null ? "" : ",\"errorCode\":\"" + errorCode + "\",\"errorMessage\":\"failed\"")
                    + (request ? ",\"requestID\":\"request-" + sequence + "\"" : "")
                    + ",\"resources\":[" + String.join(",", resources.stream().map(resource -> "{\"accountId\":\""
                            + resource.accountId() + "\",\"type\":\"" + resource.type() + "\",\"ARN\":\"" + resource.arn()
                            + "\"}").toList()) + "],\"recipientAccountId\":\"111122223333\"}";
            records.add(0, new StoredAuditRecord(new AuditPosition(START.plusSeconds(sequence), sequence),
                    "event-" + sequence, eventName, false, request ? "AKIDEXAMPLE" : null, request ? "root" : null,
                    resources, json));
        }

        @Override
        public boolean admits() {
            return true;
        }

        @Override
        public void record(AuditEvent event) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void clear() {
            records.clear();
        }

        @Override
        public AuditPage lookup(AuditQuery query) {
            lookups.incrementAndGet();
            List<StoredAuditRecord> matching = records.stream()
                    .filter(record -> query.after() == null || record.position().sequence() < query.after().sequence())
                    .filter(record -> query.startTime() == null || !record.eventTime().isBefore(query.startTime()))
                    .filter(record -> query.endTime() == null || !record.eventTime().isAfter(query.endTime()))
                    .filter(record -> query.attribute() == null || switch (query.attribute().key()) {
                        case EventName -> record.eventName().equals(query.attribute().value());
                        case ResourceName -> record.resources().stream()
                                .anyMatch(resource -> resource.name().equals(query.attribute().value()));
                        default -> throw new UnsupportedOperationException();
                    })
                    .toList();
            if (matching.size() > query.maxResults()) {
                List<StoredAuditRecord> page = matching.subList(0, query.maxResults());
                return new AuditPage(page, page.get(page.size() - 1).position());
            }
            return new AuditPage(matching, null);
        }

        @Override
        public void close() {
        }
    }

    private final FakeLog log = new FakeLog();
    private final ConsoleAudit audit = new ConsoleAudit(log);

    private static ConsoleAudit.Filter filter(Map<String, String> parameters) {
        Map<String, List<String>> query = new java.util.HashMap<>();
        parameters.forEach((name, value) -> query.put(name, List.of(value)));
        return ConsoleAudit.Filter.of(ACCOUNT, Region.of("us-east-1"),
                new AdminRoute.Request(HttpMethod.GET, ConsoleRoutes.PREFIX + "/audit", query, new byte[0]));
    }

    private static List<String> ids(ObjectNode answer) {
        List<String> ids = new ArrayList<>();
        answer.get("events").forEach(event -> ids.add(event.get("eventId").asText()));
        return ids;
    }

    @Test
    void aPageReadsAtMostFiveThousandRecordsAndSaysWhereToGoOn() {
        log.add("Decrypt", "InvalidCiphertextException", List.of(), true);
        for (int index = 0; index < ConsoleAudit.MAXIMUM_SCANNED + 100; index++) {
            log.add("Encrypt", null, List.of(), true);
        }

        ObjectNode first = audit.events(filter(Map.of("errorsOnly", "true")));
        assertThat(ids(first)).isEmpty();
        assertThat(first.has("nextToken")).isTrue();
        ObjectNode second = audit.events(filter(Map.of("errorsOnly", "true", "nextToken", first.get("nextToken").asText())));
        assertThat(ids(second)).containsExactly("event-1");
        assertThat(second.has("nextToken")).isFalse();
    }

    @Test
    void withoutFiltersLeftToApplyTheLogIsAskedForOnePageOnly() {
        for (int index = 0; index < 10; index++) {
            log.add(index % 2 == 0 ? "Encrypt" : "Decrypt", null, List.of(AuditResource.kmsKey(KEY_ARN)), true);
        }
        ObjectNode page = audit.events(filter(Map.of("eventName", "Encrypt", "limit", "2")));
        assertThat(ids(page)).containsExactly("event-9", "event-7");
        assertThat(log.lookups).hasValue(1);
        ObjectNode byKey = audit.events(filter(Map.of("keyId", "1234abcd-12ab-34cd-56ef-1234567890ab", "limit", "3")));
        assertThat(ids(byKey)).containsExactly("event-10", "event-9", "event-8");
        assertThat(log.lookups).as("the key's ARN is the store's attribute").hasValue(2);
    }

    @Test
    void theLastFullPageHasNoTokenWhenNothingFollows() {
        log.add("Encrypt", null, List.of(), true);
        log.add("Decrypt", "NotFoundException", List.of(), true);
        log.add("Decrypt", "NotFoundException", List.of(), true);
        assertThat(audit.events(filter(Map.of("errorsOnly", "true", "limit", "2"))).has("nextToken")).isFalse();
        assertThat(audit.events(filter(Map.of("limit", "3"))).has("nextToken")).isFalse();
        assertThat(audit.events(filter(Map.of("limit", "2"))).has("nextToken")).isTrue();
    }

    @Test
    void aServiceEventHasNoRequestAndItsKeysAreItsResources() {
        log.add("RotateKey", null, List.of(AuditResource.kmsKey(KEY_ARN)), false);
        JsonNode event = audit.events(filter(Map.of())).get("events").get(0);
        assertThat(event.toString()).isEqualTo("{\"eventId\":\"event-1\",\"eventTime\":1780272001.000,"
                + "\"eventName\":\"RotateKey\",\"region\":\"us-east-1\",\"accountId\":\"111122223333\",\"keyArns\":[\""
                + KEY_ARN + "\"],\"requestId\":null,\"sourceIPAddress\":null,\"userAgent\":null}");
    }

    @Test
    void aRequestsEventNamesItsErrorRequestAndUser() {
        log.add("Decrypt", "InvalidCiphertextException", List.of(), true);
        JsonNode event = audit.events(filter(Map.of())).get("events").get(0);
        assertThat(event.toString()).isEqualTo("{\"eventId\":\"event-1\",\"eventTime\":1780272001.000,"
                + "\"eventName\":\"Decrypt\",\"region\":\"us-east-1\",\"accountId\":\"111122223333\",\"keyArns\":[],"
                + "\"errorCode\":\"InvalidCiphertextException\",\"errorMessage\":\"failed\",\"requestId\":\"request-1\","
                + "\"sourceIPAddress\":\"127.0.0.1\",\"userAgent\":\"sdk\",\"userName\":\"root\"}");
    }

    @Test
    void timesAreEpochSecondsWithMillisecondsAndATokenIsBoundToItsFilters() {
        ConsoleAudit.Filter filter = filter(Map.of("from", "1767225600.25", "to", "1767225601"));
        assertThat(filter.from()).isEqualTo(Instant.parse("2026-01-01T00:00:00.250Z"));
        assertThat(filter.to()).isEqualTo(Instant.parse("2026-01-01T00:00:01Z"));
        assertThat(filter.limit()).isEqualTo(ConsoleAudit.DEFAULT_LIMIT);

        for (int index = 0; index < 3; index++) {
            log.add("Encrypt", null, List.of(), true);
        }
        String token = audit.events(filter(Map.of("limit", "1"))).get("nextToken").asText();
        assertThat(ids(audit.events(filter(Map.of("limit", "1", "nextToken", token))))).containsExactly("event-2");
        assertThat(ids(audit.events(filter(Map.of("limit", "5", "nextToken", token))))).as("the limit may change")
                .containsExactly("event-2", "event-1");
        assertThatThrownBy(() -> filter(Map.of("errorsOnly", "true", "nextToken", token)))
                .isInstanceOf(ConsoleRequestException.class)
                .hasMessage("nextToken is not valid, or was made for other filters.");
    }
}
