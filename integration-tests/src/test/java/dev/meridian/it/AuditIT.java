package dev.meridian.it;

import static dev.meridian.it.AuditSupport.assertCloudTrailError;
import static dev.meridian.it.AuditSupport.historyOf;
import static dev.meridian.it.AuditSupport.lookup;
import static dev.meridian.it.AuditSupport.names;
import static dev.meridian.it.AuditSupport.record;
import static dev.meridian.it.KmsTestSupport.ACCOUNT;
import static dev.meridian.it.KmsTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.app.ServerConfiguration;
import dev.meridian.testkit.EmbeddedMeridian;
import dev.meridian.testkit.MovableClock;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.InvalidEventCategoryException;
import software.amazon.awssdk.services.cloudtrail.model.InvalidLookupAttributesException;
import software.amazon.awssdk.services.cloudtrail.model.InvalidMaxResultsException;
import software.amazon.awssdk.services.cloudtrail.model.InvalidNextTokenException;
import software.amazon.awssdk.services.cloudtrail.model.InvalidTimeRangeException;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsResponse;
import software.amazon.awssdk.services.cloudtrail.model.Resource;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.CreateKeyResponse;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/** Audit records of accepted and refused requests, read back with the SDK's CloudTrailClient. */
class AuditIT {
    private static final String REGION = "us-east-1";
    private static final MovableClock CLOCK = new MovableClock();
    private static KmsTestSupport kms;
    private static CloudTrailClient cloudTrail;

    @BeforeAll
    static void start() {
        kms = new KmsTestSupport(EmbeddedMeridian.start(ServerConfiguration.builder().replicationDelay(Duration.ZERO).clock(CLOCK)));
        cloudTrail = AuditSupport.cloudTrail(kms.server().endpoint(), REGION);
    }

    @AfterAll
    static void stop() {
        cloudTrail.close();
        kms.close();
    }

    private static KmsClient client() {
        return kms.client(REGION);
    }

    @Test
    void anAcceptedRequestIsRecordedWithCloudTrailsFields() {
        CreateKeyResponse created = client().createKey(request -> request.description("audited"));
        String arn = created.keyMetadata().arn();
        EncryptResponse encrypted = client().encrypt(request -> request.keyId(created.keyMetadata().keyId())
                .plaintext(bytes("hello")).encryptionContext(Map.of("Department", "Engineering")));

        List<Event> history = historyOf(cloudTrail, arn);
        assertThat(names(history)).containsExactly("CreateKey", "Encrypt");
        Event encrypt = history.get(1);
        assertThat(encrypt.eventSource()).isEqualTo("kms.amazonaws.com");
        assertThat(encrypt.readOnly()).isEqualTo("true");
        assertThat(encrypt.accessKeyId()).isEqualTo("AKIDEXAMPLE");
        assertThat(encrypt.username()).isEqualTo("root");
        // The request named the key by its bare ID: LookupEvents lists it beside the ARN, as CloudTrail's history does.
        assertThat(encrypt.resources()).containsExactly(Resource.builder().resourceType("AWS::KMS::Key").resourceName(arn).build(),
                Resource.builder().resourceType("AWS::KMS::Key").resourceName(created.keyMetadata().keyId()).build());

        JsonNode record = record(encrypt);
        assertThat(record.path("eventVersion").asText()).isEqualTo("1.11");
        assertThat(record.path("eventID").asText()).isEqualTo(encrypt.eventId()).matches("[0-9a-f-]{36}");
        assertThat(Instant.parse(record.path("eventTime").asText())).isEqualTo(encrypt.eventTime());
        assertThat(record.path("eventSource").asText()).isEqualTo("kms.amazonaws.com");
        assertThat(record.path("eventName").asText()).isEqualTo("Encrypt");
        assertThat(record.path("awsRegion").asText()).isEqualTo(REGION);
        assertThat(record.path("sourceIPAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(record.path("userAgent").asText()).contains("aws-sdk-java");
        JsonNode identity = record.path("userIdentity");
        assertThat(identity.path("type").asText()).isEqualTo("Root");
        assertThat(identity.path("principalId").asText()).isEqualTo(ACCOUNT);
        assertThat(identity.path("arn").asText()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":root");
        assertThat(identity.path("accountId").asText()).isEqualTo(ACCOUNT);
        assertThat(identity.path("accessKeyId").asText()).isEqualTo("AKIDEXAMPLE");
        JsonNode parameters = record.path("requestParameters");
        assertThat(parameters.path("keyId").asText()).isEqualTo(created.keyMetadata().keyId());
        assertThat(parameters.path("encryptionContext").path("Department").asText()).isEqualTo("Engineering");
        assertThat(parameters.has("plaintext")).isFalse();
        assertThat(record.path("responseElements").isNull()).isTrue();
        assertThat(record.path("additionalEventData").path("keyMaterialId").asText())
                .isEqualTo(created.keyMetadata().currentKeyMaterialId()).hasSize(64);
        assertThat(record.path("requestID").asText()).isEqualTo(encrypted.responseMetadata().requestId());
        assertThat(record.path("readOnly").asBoolean()).isTrue();
        assertThat(record.path("resources").get(0).path("ARN").asText()).isEqualTo(arn);
        assertThat(record.path("resources").get(0).path("accountId").asText()).isEqualTo(ACCOUNT);
        assertThat(record.path("resources").get(0).path("type").asText()).isEqualTo("AWS::KMS::Key");
        assertThat(record.path("eventType").asText()).isEqualTo("AwsApiCall");
        assertThat(record.path("managementEvent").asBoolean()).isTrue();
        assertThat(record.path("recipientAccountId").asText()).isEqualTo(ACCOUNT);
        assertThat(record.path("eventCategory").asText()).isEqualTo("Management");
        assertThat(record.has("errorCode")).isFalse();

        JsonNode create = record(history.get(0));
        assertThat(create.path("readOnly").asBoolean()).isFalse();
        assertThat(create.path("requestParameters").path("description").asText()).isEqualTo("audited");
        assertThat(create.path("responseElements").path("keyMetadata").path("arn").asText()).isEqualTo(arn);
        assertThat(create.path("responseElements").path("keyMetadata").path("aWSAccountId").asText()).isEqualTo(ACCOUNT);
        assertThat(create.path("responseElements").path("keyMetadata").path("creationDate").asText())
                .matches("[A-Z][a-z]{2} \\d{1,2}, \\d{4}, \\d{1,2}:\\d{2}:\\d{2} (AM|PM)");
    }

    @Test
    void aRequestTheCoreRefusesIsRecordedWithItsErrorAndRequestId() {
        String arn = client().createKey(request -> { }).keyMetadata().arn();
        client().disableKey(request -> request.keyId(arn));
        KmsException refused = catchThrowableOfType(KmsException.class,
                () -> client().encrypt(request -> request.keyId(arn).plaintext(bytes("x"))));
        NotFoundException missing = catchThrowableOfType(NotFoundException.class,
                () -> client().describeKey(request -> request.keyId("00000000-0000-4000-8000-00000000a0d1")));

        Event encrypt = historyOf(cloudTrail, arn).get(2);
        JsonNode record = record(encrypt);
        assertThat(record.path("eventName").asText()).isEqualTo("Encrypt");
        assertThat(record.path("errorCode").asText()).isEqualTo("DisabledException");
        assertThat(record.path("errorMessage").asText()).isEqualTo(refused.awsErrorDetails().errorMessage());
        assertThat(record.path("requestID").asText()).isEqualTo(refused.requestId());
        assertThat(record.path("resources").get(0).path("ARN").asText()).isEqualTo(arn);

        JsonNode describe = recordWithRequestId(lookup(cloudTrail, LookupAttributeKey.EVENT_NAME, "DescribeKey"),
                missing.requestId());
        assertThat(describe.path("errorCode").asText()).isEqualTo("NotFoundException");
        assertThat(describe.path("errorMessage").asText()).isEqualTo(missing.awsErrorDetails().errorMessage());
        assertThat(describe.path("requestParameters").path("keyId").asText()).isEqualTo("00000000-0000-4000-8000-00000000a0d1");
        assertThat(describe.has("resources")).isFalse();
    }

    @Test
    void requestsRefusedAtTheWireAreRecorded() {
        KmsException invalid = catchThrowableOfType(KmsException.class, () -> client().generateRandom(request -> request.numberOfBytes(5000)));
        JsonNode validation = recordWithRequestId(lookup(cloudTrail, LookupAttributeKey.EVENT_NAME, "GenerateRandom"),
                invalid.requestId());
        assertThat(validation.path("errorCode").asText()).isEqualTo("ValidationException");
        assertThat(validation.path("errorMessage").asText()).isEqualTo(invalid.awsErrorDetails().errorMessage());
        assertThat(validation.path("requestParameters").path("numberOfBytes").asInt()).isEqualTo(5000);

        WireHttp http = new WireHttp(kms.server().endpoint());
        WireHttp.Answer unknown = http.post("NoSuchOperation", "{}");
        WireHttp.Answer unsigned = http.send(http.request("TrentService.ListKeys", HttpRequest.BodyPublishers.ofString("{}"),
                Map.of("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDWIRE/20260101/eu-west-1/s3/aws4_request,"
                        + " SignedHeaders=host, Signature=00")));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unsigned.status()).isEqualTo(400);

        JsonNode unknownRecord = record(lookup(cloudTrail, LookupAttributeKey.EVENT_NAME, "NoSuchOperation").get(0));
        assertThat(unknownRecord.path("errorCode").asText()).isEqualTo("UnknownOperationException");
        assertThat(unknownRecord.path("userIdentity").path("type").asText()).isEqualTo("Root");

        try (CloudTrailClient europe = AuditSupport.cloudTrail(kms.server().endpoint(), "eu-west-1")) {
            List<Event> refused = lookup(europe, LookupAttributeKey.ACCESS_KEY_ID, "AKIDWIRE");
            assertThat(refused).hasSize(1);
            JsonNode record = record(refused.get(0));
            assertThat(record.path("eventName").asText()).isEqualTo("ListKeys");
            assertThat(record.path("awsRegion").asText()).isEqualTo("eu-west-1");
            assertThat(record.path("errorCode").asText()).isEqualTo("InvalidSignatureException");
            assertThat(record.path("errorMessage").asText()).isEqualTo("Credential should be scoped to correct service: 'kms'. ");
            assertThat(record.path("userIdentity").path("type").asText()).isEqualTo("Unknown");
            assertThat(record.path("userIdentity").path("accessKeyId").asText()).isEqualTo("AKIDWIRE");
            assertThat(record.path("recipientAccountId").asText()).isEqualTo(ACCOUNT);
            assertThat(refused.get(0).username()).isNull();
        }
    }

    @Test
    @SuppressWarnings("unchecked") // the SDK's varargs of Consumer<Builder> are not @SafeVarargs
    void lookupMatchesEachAttribute() {
        String arn = client().createKey(request -> { }).keyMetadata().arn();
        client().tagResource(request -> request.keyId(arn).tags(tag -> tag.tagKey("k").tagValue("v")));
        client().describeKey(request -> request.keyId(arn));
        List<Event> history = historyOf(cloudTrail, arn);
        assertThat(names(history)).containsExactly("CreateKey", "TagResource", "DescribeKey");
        Event tag = history.get(1);

        assertThat(lookup(cloudTrail, LookupAttributeKey.EVENT_ID, tag.eventId())).containsExactly(tag);
        assertThat(lookup(cloudTrail, LookupAttributeKey.EVENT_NAME, "TagResource")).contains(tag)
                .allMatch(event -> event.eventName().equals("TagResource"));
        assertThat(lookup(cloudTrail, LookupAttributeKey.READ_ONLY, "false")).contains(tag)
                .allMatch(event -> event.readOnly().equals("false"));
        assertThat(lookup(cloudTrail, LookupAttributeKey.READ_ONLY, "true")).contains(history.get(2))
                .allMatch(event -> event.readOnly().equals("true"));
        assertThat(lookup(cloudTrail, LookupAttributeKey.USERNAME, "root")).contains(tag);
        assertThat(lookup(cloudTrail, LookupAttributeKey.USERNAME, "Alice")).isEmpty();
        assertThat(lookup(cloudTrail, LookupAttributeKey.RESOURCE_TYPE, "AWS::KMS::Key")).contains(tag);
        assertThat(lookup(cloudTrail, LookupAttributeKey.RESOURCE_TYPE, "AWS::S3::Bucket")).isEmpty();
        assertThat(lookup(cloudTrail, LookupAttributeKey.EVENT_SOURCE, "kms.amazonaws.com")).contains(tag);
        assertThat(lookup(cloudTrail, LookupAttributeKey.EVENT_SOURCE, "s3.amazonaws.com")).isEmpty();
        assertThat(lookup(cloudTrail, LookupAttributeKey.ACCESS_KEY_ID, "AKIDEXAMPLE")).contains(tag);
    }

    @Test
    @SuppressWarnings("unchecked") // the SDK's varargs of Consumer<Builder> are not @SafeVarargs
    void lookupFiltersByTimeRangeAndRegion() {
        Instant before = CLOCK.instant().minusSeconds(1);
        String arn = client().createKey(request -> { }).keyMetadata().arn();
        CLOCK.advance(Duration.ofHours(2));
        client().describeKey(request -> request.keyId(arn));
        Instant after = CLOCK.instant().plusSeconds(1);
        CLOCK.advance(Duration.ofHours(2));
        client().describeKey(request -> request.keyId(arn));

        List<Event> middle = new ArrayList<>();
        cloudTrail.lookupEventsPaginator(request -> request.startTime(before.plus(Duration.ofHours(1))).endTime(after)
                .lookupAttributes(attribute -> attribute.attributeKey(LookupAttributeKey.RESOURCE_NAME).attributeValue(arn)))
                .events().forEach(middle::add);
        assertThat(names(middle)).containsExactly("DescribeKey");
        List<Event> early = new ArrayList<>();
        cloudTrail.lookupEventsPaginator(request -> request.startTime(before).endTime(before.plus(Duration.ofHours(1)))
                .lookupAttributes(attribute -> attribute.attributeKey(LookupAttributeKey.RESOURCE_NAME).attributeValue(arn)))
                .events().forEach(early::add);
        assertThat(names(early)).containsExactly("CreateKey");

        try (CloudTrailClient west = AuditSupport.cloudTrail(kms.server().endpoint(), "us-west-2")) {
            assertThat(lookup(west, LookupAttributeKey.RESOURCE_NAME, arn)).isEmpty();
        }
    }

    @Test
    @SuppressWarnings("unchecked") // the SDK's varargs of Consumer<Builder> are not @SafeVarargs
    void lookupPagesNewestFirstWithNextToken() {
        String arn = client().createKey(request -> { }).keyMetadata().arn();
        for (int index = 0; index < 6; index++) {
            client().describeKey(request -> request.keyId(arn));
        }
        List<Event> pagedByHand = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String next = token;
            LookupEventsResponse page = cloudTrail.lookupEvents(request -> request.maxResults(3).nextToken(next)
                    .lookupAttributes(attribute -> attribute.attributeKey(LookupAttributeKey.RESOURCE_NAME).attributeValue(arn)));
            assertThat(page.events()).hasSizeLessThanOrEqualTo(3);
            pagedByHand.addAll(page.events());
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertThat(pages).isEqualTo(3);
        assertThat(pagedByHand).hasSize(7).doesNotHaveDuplicates();
        assertThat(pagedByHand.get(6).eventName()).isEqualTo("CreateKey");
        for (int index = 1; index < pagedByHand.size(); index++) {
            assertThat(pagedByHand.get(index).eventTime()).isBeforeOrEqualTo(pagedByHand.get(index - 1).eventTime());
        }
        assertThat(cloudTrail.lookupEvents(request -> request.maxResults(50)).events()).hasSizeLessThanOrEqualTo(50);
    }

    @Test
    @SuppressWarnings("unchecked") // the SDK's varargs of Consumer<Builder> are not @SafeVarargs
    void invalidLookupsGetCloudTrailsErrors() {
        assertCloudTrailError(() -> cloudTrail.lookupEvents(request -> request.lookupAttributes(
                        attribute -> attribute.attributeKey(LookupAttributeKey.EVENT_NAME).attributeValue("Encrypt"),
                        attribute -> attribute.attributeKey(LookupAttributeKey.READ_ONLY).attributeValue("true"))),
                InvalidLookupAttributesException.class, "You can specify only one lookup attribute.");
        assertCloudTrailError(() -> cloudTrail.lookupEvents(request -> request.lookupAttributes(
                        attribute -> attribute.attributeKey("Colour").attributeValue("blue"))),
                InvalidLookupAttributesException.class, "The lookup attribute key Colour is not valid. Valid keys: EventId,"
                        + " EventName, ReadOnly, Username, ResourceType, ResourceName, EventSource, AccessKeyId.");
        assertCloudTrailError(() -> cloudTrail.lookupEvents(request -> request.lookupAttributes(
                        attribute -> attribute.attributeKey(LookupAttributeKey.EVENT_NAME).attributeValue(""))),
                InvalidLookupAttributesException.class, "The lookup attribute value must be 1 to 2000 characters long.");
        Instant now = Instant.now();
        assertCloudTrailError(() -> cloudTrail.lookupEvents(request -> request.startTime(now).endTime(now.minusSeconds(60))),
                InvalidTimeRangeException.class, "Start time must be equal to or before the end time.");
        assertCloudTrailError(() -> cloudTrail.lookupEvents(request -> request.maxResults(51)),
                InvalidMaxResultsException.class, "MaxResults must be between 1 and 50.");
        assertCloudTrailError(() -> cloudTrail.lookupEvents(request -> request.maxResults(0)),
                InvalidMaxResultsException.class, "MaxResults must be between 1 and 50.");
        assertCloudTrailError(() -> cloudTrail.lookupEvents(request -> request.nextToken("not-a-token")),
                InvalidNextTokenException.class, "The NextToken is not valid, or was made for a request with different parameters.");
        assertCloudTrailError(() -> cloudTrail.lookupEvents(request -> request.eventCategory("data")),
                InvalidEventCategoryException.class, "The event category is not valid: only insight is.");
        assertThat(cloudTrail.lookupEvents(request -> request.eventCategory("insight")).events()).isEmpty();

        client().listKeys();
        client().listKeys();
        String token = cloudTrail.lookupEvents(request -> request.maxResults(1)).nextToken();
        assertThat(token).isNotNull();
        assertCloudTrailError(() -> cloudTrail.lookupEvents(request -> request.maxResults(1).nextToken(token)
                        .lookupAttributes(attribute -> attribute.attributeKey(LookupAttributeKey.EVENT_NAME).attributeValue("ListKeys"))),
                InvalidNextTokenException.class, "The NextToken is not valid, or was made for a request with different parameters.");
    }

    @Test
    void lookupEventsItselfIsNotRecordedAndLeavesKmsRecordsAlone() {
        int before = lookup(cloudTrail, LookupAttributeKey.EVENT_NAME, "LookupEvents").size();
        cloudTrail.lookupEvents(request -> request.maxResults(1));
        assertThat(before).isZero();
        assertThat(lookup(cloudTrail, LookupAttributeKey.EVENT_NAME, "LookupEvents")).isEmpty();
        assertThat(Set.of("kms.amazonaws.com")).contains(cloudTrail.lookupEvents(request -> request.maxResults(1))
                .events().stream().findFirst().map(Event::eventSource).orElse("kms.amazonaws.com"));
    }

    private static JsonNode recordWithRequestId(List<Event> events, String requestId) {
        return events.stream().map(AuditSupport::record).filter(record -> record.path("requestID").asText().equals(requestId))
                .findFirst().orElseThrow(() -> new AssertionError("No record with request ID " + requestId));
    }
}
