package dev.meridian.it;

import static dev.meridian.it.ConsoleSupport.JSON;
import static dev.meridian.it.ConsoleSupport.encoded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The console's audit trail over plain HTTP: the records LookupEvents returns, newest first, with each filter
 * (event name, key by ID or ARN, errors only, time range, Region or every Region) alone and together, pages
 * that add up to the whole, and the 400 refusals.
 */
class ConsoleAuditIT {
    private static final String AUDIT = "/_meridian/console/api/audit";

    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass();

    private static String first;
    private static String second;
    private static String ireland;

    @BeforeAll
    static void requests() {
        KmsClient east = kms.client("us-east-1");
        first = kms.createKey("us-east-1");
        second = kms.createKey("us-east-1");
        SdkBytes ciphertext = east.encrypt(request -> request.keyId(first).plaintext(KmsTestSupport.bytes("one")))
                .ciphertextBlob();
        east.encrypt(request -> request.keyId(KmsTestSupport.arn("us-east-1", first)).plaintext(KmsTestSupport.bytes("two")));
        east.decrypt(request -> request.ciphertextBlob(ciphertext));
        east.encrypt(request -> request.keyId(second).plaintext(KmsTestSupport.bytes("three")));
        catchThrowable(() -> east.decrypt(request -> request.ciphertextBlob(SdkBytes.fromUtf8String("not a ciphertext"))));
        catchThrowable(() -> east.describeKey(request -> request.keyId("1234abcd-12ab-34cd-56ef-1234567890ab")));
        ireland = kms.createKey("eu-west-1");
    }

    private static JsonNode audit(String query) {
        return ConsoleSupport.ok(kms.server().endpoint(), AUDIT + query);
    }

    private static List<JsonNode> events(JsonNode answer) {
        return StreamSupport.stream(answer.get("events").spliterator(), false).toList();
    }

    private static List<String> ids(List<JsonNode> events) {
        return events.stream().map(event -> event.get("eventId").asText()).toList();
    }

    /** Every event of the query, through every page of {@code limit}. */
    private static List<JsonNode> allPages(String query, int limit) {
        List<JsonNode> events = new ArrayList<>();
        JsonNode page = audit(query + "&limit=" + limit);
        events.addAll(events(page));
        while (page.has("nextToken")) {
            assertThat(events(page)).hasSize(limit);
            page = audit(query + "&limit=" + limit + "&nextToken=" + encoded(page.get("nextToken").asText()));
            events.addAll(events(page));
        }
        return events;
    }

    private static List<Event> lookupEvents(String region) {
        try (CloudTrailClient trail = AuditSupport.cloudTrail(kms.server().endpoint(), region)) {
            return AuditSupport.lookup(trail, LookupAttributeKey.EVENT_SOURCE, "kms.amazonaws.com");
        }
    }

    private static List<JsonNode> where(List<JsonNode> events, Predicate<JsonNode> filter) {
        return events.stream().filter(filter).toList();
    }

    @Test
    void aRegionsTrailIsWhatLookupEventsReturnsNewestFirst() {
        List<Event> expected = lookupEvents("us-east-1");
        List<JsonNode> events = events(audit("?account=" + KmsTestSupport.ACCOUNT + "&region=us-east-1"));

        assertThat(ids(events)).isEqualTo(expected.stream().map(Event::eventId).toList());
        assertThat(events).extracting(event -> event.get("eventName").asText()).containsExactly("DescribeKey", "Decrypt",
                "Encrypt", "Decrypt", "Encrypt", "Encrypt", "CreateKey", "CreateKey");
        for (int index = 0; index < events.size(); index++) {
            JsonNode event = events.get(index);
            JsonNode record = AuditSupport.record(expected.get(index));
            assertThat(event.get("eventTime").decimalValue())
                    .isEqualByComparingTo(ConsoleSupport.seconds(expected.get(index).eventTime()));
            assertThat(event.get("eventName").asText()).isEqualTo(expected.get(index).eventName());
            assertThat(event.get("region").asText()).isEqualTo("us-east-1");
            assertThat(event.get("accountId").asText()).isEqualTo(KmsTestSupport.ACCOUNT);
            List<String> keyArns = new ArrayList<>();
            record.path("resources").forEach(resource -> keyArns.add(resource.get("ARN").asText()));
            assertThat(event.get("keyArns")).extracting(JsonNode::asText).isEqualTo(keyArns);
            for (String member : List.of("errorCode", "errorMessage")) {
                assertThat(event.has(member)).isEqualTo(record.has(member));
                if (record.has(member)) {
                    assertThat(event.get(member).asText()).isEqualTo(record.get(member).asText());
                }
            }
            assertThat(event.get("requestId").asText()).isEqualTo(record.get("requestID").asText());
            assertThat(event.get("sourceIPAddress").asText()).isEqualTo(record.get("sourceIPAddress").asText());
            assertThat(event.get("userAgent").asText()).isEqualTo(record.get("userAgent").asText());
            assertThat(event.has("userName")).isEqualTo(expected.get(index).username() != null);
        }
        assertThat(events.get(2).get("keyArns")).extracting(JsonNode::asText)
                .containsExactly(KmsTestSupport.arn("us-east-1", second));
    }

    @Test
    void eachFilterAloneKeepsOnlyItsEvents() {
        List<JsonNode> all = events(audit("?region=us-east-1"));
        String firstArn = KmsTestSupport.arn("us-east-1", first);

        assertThat(ids(events(audit("?region=us-east-1&eventName=Encrypt"))))
                .isEqualTo(ids(where(all, event -> event.get("eventName").asText().equals("Encrypt")))).hasSize(3);
        List<String> aboutFirst = ids(where(all, event -> event.get("keyArns").toString().contains(firstArn)));
        assertThat(aboutFirst).hasSize(4);
        assertThat(ids(events(audit("?region=us-east-1&keyId=" + first)))).isEqualTo(aboutFirst);
        assertThat(ids(events(audit("?region=us-east-1&keyId=" + encoded(firstArn))))).isEqualTo(aboutFirst);
        assertThat(ids(events(audit("?keyId=" + first)))).as("every Region").isEqualTo(aboutFirst);
        List<JsonNode> errors = events(audit("?region=us-east-1&errorsOnly=true"));
        assertThat(errors).extracting(event -> event.get("errorCode").asText())
                .containsExactly("NotFoundException", "InvalidCiphertextException");
        assertThat(ids(events(audit("?region=us-east-1&errorsOnly=false")))).isEqualTo(ids(all));
    }

    @Test
    void theTimeRangeIncludesBothEnds() {
        List<JsonNode> all = events(audit("?region=us-east-1"));
        BigDecimal middle = all.get(3).get("eventTime").decimalValue();
        String seconds = middle.toPlainString();

        assertThat(ids(events(audit("?region=us-east-1&from=" + seconds))))
                .isEqualTo(ids(where(all, event -> event.get("eventTime").decimalValue().compareTo(middle) >= 0)));
        assertThat(ids(events(audit("?region=us-east-1&to=" + seconds))))
                .isEqualTo(ids(where(all, event -> event.get("eventTime").decimalValue().compareTo(middle) <= 0)));
        assertThat(ids(events(audit("?region=us-east-1&from=" + seconds + "&to=" + seconds))))
                .isEqualTo(ids(where(all, event -> event.get("eventTime").decimalValue().compareTo(middle) == 0)))
                .contains(all.get(3).get("eventId").asText());
        assertThat(events(audit("?region=us-east-1&from=1&to=2"))).isEmpty();
    }

    @Test
    void withoutARegionTheTrailCoversEveryRegionOfTheAccount() {
        List<JsonNode> everywhere = events(audit(""));
        List<JsonNode> east = events(audit("?region=us-east-1"));
        List<JsonNode> west = events(audit("?region=eu-west-1"));

        assertThat(west).extracting(event -> event.get("eventName").asText()).containsExactly("CreateKey");
        assertThat(west.get(0).get("keyArns")).extracting(JsonNode::asText)
                .containsExactly(KmsTestSupport.arn("eu-west-1", ireland));
        assertThat(ids(everywhere)).containsExactlyInAnyOrderElementsOf(
                java.util.stream.Stream.concat(ids(east).stream(), ids(west).stream()).toList());
        assertThat(everywhere.get(0).get("region").asText()).as("the newest first").isEqualTo("eu-west-1");
        assertThat(events(audit("?account=999988887777"))).as("another account's trail").isEmpty();
    }

    @Test
    void filtersCombine() {
        assertThat(events(audit("?region=us-east-1&eventName=Encrypt&keyId=" + first))).hasSize(2);
        assertThat(events(audit("?eventName=Encrypt&keyId=" + second))).hasSize(1);
        assertThat(events(audit("?region=us-east-1&eventName=Decrypt&errorsOnly=true")))
                .extracting(event -> event.get("errorCode").asText()).containsExactly("InvalidCiphertextException");
        assertThat(events(audit("?region=eu-west-1&eventName=Encrypt"))).isEmpty();
    }

    @Test
    void pagesAddUpToTheWholeTrail() {
        List<String> all = ids(events(audit("?region=us-east-1")));
        assertThat(ids(allPages("?region=us-east-1", 3))).isEqualTo(all);
        assertThat(ids(allPages("?region=us-east-1", 1))).isEqualTo(all);
        assertThat(ids(allPages("?region=us-east-1", 8))).isEqualTo(all);
        assertThat(audit("?region=us-east-1&limit=8").has("nextToken")).as("no token after the last page").isFalse();
        assertThat(ids(allPages("?errorsOnly=true", 1))).isEqualTo(ids(events(audit("?errorsOnly=true"))));
        assertThat(ids(allPages("?keyId=" + first, 3))).isEqualTo(ids(events(audit("?keyId=" + first))));
        assertThat(events(audit("?region=us-east-1"))).as("50 by default").hasSize(8);
    }

    @Test
    void badParametersAre400WithAMessage() {
        String token = audit("?region=us-east-1&limit=1").get("nextToken").asText();
        assertRefused("?region=us-east-1&eventName=Encrypt&limit=1&nextToken=" + encoded(token),
                "nextToken is not valid, or was made for other filters.");
        assertRefused("?region=us-east-1&nextToken=nonsense", "nextToken is not valid, or was made for other filters.");
        assertRefused("?limit=0", "limit must be a whole number from 1 to 100, not '0'.");
        assertRefused("?limit=101", "limit must be a whole number from 1 to 100, not '101'.");
        assertRefused("?limit=ten", "limit must be a whole number from 1 to 100, not 'ten'.");
        assertRefused("?from=yesterday", "from must be a time in seconds since 1970 (such as 1767225600), not 'yesterday'.");
        assertRefused("?to=-5", "to must be a time in seconds since 1970 (such as 1767225600), not '-5'.");
        assertRefused("?from=20&to=10", "from must not be after to.");
        assertRefused("?errorsOnly=yes", "errorsOnly must be true or false, not 'yes'.");
        assertRefused("?keyId=alias/orders", "keyId must be a key ID or key ARN, not 'alias/orders'.");
        assertRefused("?eventName=", "eventName must be 1 to 128 characters long.");
        assertRefused("?region=Mars", "region must be a Region name such as us-east-1, not 'Mars'.");
        assertRefused("?account=12345678901x", "account must be an AWS account ID of 12 digits, not '12345678901x'.");
    }

    private static void assertRefused(String query, String message) {
        ConsoleSupport.Answer answer = ConsoleSupport.get(kms.server().endpoint(), AUDIT + query);
        assertThat(answer).as(query).isEqualTo(new ConsoleSupport.Answer(400, JSON.createObjectNode().put("message", message)));
    }
}
