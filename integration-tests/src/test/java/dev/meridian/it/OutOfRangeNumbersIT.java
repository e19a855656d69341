package dev.meridian.it;

import static dev.meridian.it.KmsTestSupport.assertUndeclaredError;
import static dev.meridian.it.WireHttp.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.CloudTrailException;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.kms.model.ExpirationModelType;
import software.amazon.awssdk.services.kms.model.OriginType;

/**
 * Timestamps no {@code long} of milliseconds holds ({@code 1e309}, {@code 1e100000000}), and timestamps sent
 * as strings, on ImportKeyMaterial's {@code ValidTo} and LookupEvents' {@code StartTime} / {@code EndTime}:
 * each gets AWS's {@code SerializationException} at once, never a 500 and never a computation as long as its
 * exponent. The SDK can send only the largest instant it can write ({@code Instant.ofEpochMilli(Long.MAX_VALUE)},
 * just past the range); the rest go as raw HTTP.
 */
class OutOfRangeNumbersIT {
    private static final String REGION = "us-east-1";
    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final String DECIMAL_REFUSED = "DECIMAL_VALUE can not be converted to milliseconds since epoch";
    private static final String STRING_REFUSED = "STRING_VALUE can not be converted to milliseconds since epoch";
    private static final String LOOKUP_TARGET = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents";
    private static final String CLOUDTRAIL_AUTHORIZATION = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/"
            + "cloudtrail/aws4_request, SignedHeaders=host;x-amz-date, Signature=00";
    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass();
    private static WireHttp http;
    private static CloudTrailClient cloudTrail;
    private static String keyId;

    @BeforeAll
    static void start() {
        http = new WireHttp(kms.server().endpoint());
        cloudTrail = AuditSupport.cloudTrail(kms.server().endpoint(), REGION);
        keyId = kms.client(REGION).createKey(request -> request.origin(OriginType.EXTERNAL)).keyMetadata().keyId();
    }

    private static String importBody(String validTo) {
        return "{\"KeyId\":\"" + keyId + "\",\"ImportToken\":\"aGk=\",\"EncryptedKeyMaterial\":\"aGk=\","
                + "\"ExpirationModel\":\"KEY_MATERIAL_EXPIRES\",\"ValidTo\":" + validTo + "}";
    }

    private static WireHttp.Answer lookup(String body) {
        return http.send(http.request(LOOKUP_TARGET, BodyPublishers.ofString(body),
                Map.of("Authorization", CLOUDTRAIL_AUTHORIZATION)));
    }

    @Test
    void importKeyMaterialRefusesAValidToOutOfRangeAtOnce() {
        for (String number : List.of("1e309", "-1e309", "1e100000000", "9.3e15")) {
            WireHttp.Answer answer = assertTimeoutPreemptively(BOUND, () -> http.post("ImportKeyMaterial", importBody(number)));
            assertError(answer, 400, "SerializationException", DECIMAL_REFUSED);
        }
        assertError(http.post("ImportKeyMaterial", importBody("123456789012345678901234567890")), 400,
                "SerializationException", "NUMBER_VALUE can not be converted to milliseconds since epoch");
    }

    @Test
    void importKeyMaterialRefusesAValidToSentAsAString() {
        for (String text : List.of("\"1e100000000\"", "\"1e309\"", "\"1700000000\"", "\"2030-01-01T00:00:00Z\"")) {
            WireHttp.Answer answer = assertTimeoutPreemptively(BOUND, () -> http.post("ImportKeyMaterial", importBody(text)));
            assertError(answer, 400, "SerializationException", STRING_REFUSED);
        }
    }

    @Test
    void theSdksLargestInstantIsRefusedAsAws() {
        Instant largest = Instant.ofEpochMilli(Long.MAX_VALUE);
        assertUndeclaredError(() -> kms.client(REGION).importKeyMaterial(request -> request.keyId(keyId)
                .importToken(KmsTestSupport.bytes("hi")).encryptedKeyMaterial(KmsTestSupport.bytes("hi"))
                .expirationModel(ExpirationModelType.KEY_MATERIAL_EXPIRES).validTo(largest)),
                "SerializationException", DECIMAL_REFUSED);
        CloudTrailException error = catchThrowableOfType(CloudTrailException.class,
                () -> cloudTrail.lookupEvents(request -> request.startTime(largest)));
        assertThat(error.awsErrorDetails().errorCode()).isEqualTo("SerializationException");
        assertThat(error.awsErrorDetails().errorMessage()).isEqualTo(DECIMAL_REFUSED);
        assertThat(error.statusCode()).isEqualTo(400);
    }

    @Test
    void lookupEventsRefusesTimesOutOfRangeAtOnce() {
        for (String member : List.of("StartTime", "EndTime")) {
            for (String number : List.of("1e309", "-1e309", "1e100000000")) {
                WireHttp.Answer answer = assertTimeoutPreemptively(BOUND, () -> lookup("{\"" + member + "\":" + number + "}"));
                assertError(answer, 400, "SerializationException", DECIMAL_REFUSED);
            }
            assertError(lookup("{\"" + member + "\":\"1e100000000\"}"), 400, "SerializationException", STRING_REFUSED);
            assertError(lookup("{\"" + member + "\":true}"), 400, "SerializationException",
                    "TRUE_VALUE can not be converted to milliseconds since epoch");
        }
        WireHttp.Answer fine = lookup("{\"StartTime\":0,\"EndTime\":1e-100000000,\"MaxResults\":1}");
        assertThat(fine.status()).as(fine.text()).isEqualTo(200);
        assertError(lookup("{\"MaxResults\":18446744073709551617}"), 400, "InvalidMaxResultsException",
                "MaxResults must be between 1 and 50.");
    }

    @Test
    void aRefusedRequestWithAnOutOfRangeNumberIsStillRecorded() {
        assertError(http.post("ImportKeyMaterial", importBody("1e309")), 400, "SerializationException", DECIMAL_REFUSED);
        List<Event> events = AuditSupport.lookup(cloudTrail, LookupAttributeKey.EVENT_NAME, "ImportKeyMaterial");
        assertThat(events).isNotEmpty();
        JsonNode record = AuditSupport.record(events.get(0));
        assertThat(record.path("errorCode").asText()).isEqualTo("SerializationException");
        assertThat(record.path("errorMessage").asText()).isEqualTo(DECIMAL_REFUSED);
    }
}
