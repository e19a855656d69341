package dev.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.CloudTrailException;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;

/** What the audit tests share: a CloudTrail client on Meridian's endpoint, lookups, and record parsing. */
final class AuditSupport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditSupport() {
    }

    /** The SDK's own CloudTrail client, unchanged but for the endpoint, as an operator would use it. */
    static CloudTrailClient cloudTrail(String endpoint, String region) {
        return KmsTestSupport.pointedAt(CloudTrailClient.builder(), endpoint, region).build();
    }

    /** Every event matching one attribute, newest first, through the SDK's paginator. */
    @SuppressWarnings("unchecked") // the SDK's varargs of Consumer<Builder> are not @SafeVarargs
    static List<Event> lookup(CloudTrailClient cloudTrail, LookupAttributeKey key, String value) {
        List<Event> events = new ArrayList<>();
        cloudTrail.lookupEventsPaginator(request -> request.lookupAttributes(attribute -> attribute.attributeKey(key)
                .attributeValue(value))).events().forEach(events::add);
        return events;
    }

    /** The events about one key, oldest first (the order they happened in). */
    static List<Event> historyOf(CloudTrailClient cloudTrail, String keyArn) {
        List<Event> events = new ArrayList<>(lookup(cloudTrail, LookupAttributeKey.RESOURCE_NAME, keyArn));
        java.util.Collections.reverse(events);
        return events;
    }

    static List<String> names(List<Event> events) {
        return events.stream().map(Event::eventName).toList();
    }

    static JsonNode record(Event event) {
        try {
            return JSON.readTree(event.cloudTrailEvent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts a CloudTrail error: the SDK exception class, the error code of its name, the message, HTTP 400. */
    static <T extends CloudTrailException> T assertCloudTrailError(ThrowingCallable call, Class<T> type, String message) {
        T error = catchThrowableOfType(type, call);
        assertThat(error).as("expected %s", type.getSimpleName()).isNotNull();
        assertThat(error.awsErrorDetails().errorCode()).isEqualTo(type.getSimpleName());
        assertThat(error.awsErrorDetails().errorMessage()).isEqualTo(message);
        assertThat(error.statusCode()).isEqualTo(400);
        return error;
    }
}
