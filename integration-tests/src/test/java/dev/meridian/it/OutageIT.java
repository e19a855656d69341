package dev.meridian.it;

import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static dev.meridian.it.KmsTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.meridian.testkit.EmbeddedMeridian;
import dev.meridian.testkit.Outages;
import dev.meridian.wire.outage.Fault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.KmsInternalException;

/**
 * Outages as the AWS SDK for Java v2 sees them (retries off unless a test says otherwise): the error of each fault
 * (class, code, message, status), added latency, probability with a seeded draw, the reach of an outage (Region,
 * operation, account), and what a failed request leaves behind: no state, no audit record, but a request-log line and
 * a count in the metrics.
 */
class OutageIT {
    private static final String INTERNAL_MESSAGE =
            "The request was rejected because an internal exception occurred. The request can be retried.";
    private static final String UNAVAILABLE_MESSAGE = "The request has failed due to a temporary failure of the server.";
    private static final String THROTTLED_MESSAGE =
            "You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.";

    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass();

    private static Outages outages() {
        return kms.server().outages();
    }

    @AfterEach
    void liftAll() {
        outages().liftAll();
    }

    private static void encrypt(KmsClient client, String keyId) {
        client.encrypt(request -> request.keyId(keyId).plaintext(bytes("outage")));
    }

    @Test
    void eachErrorFaultIsTheErrorAwsClientsSee() {
        KmsClient client = kms.client("us-east-1");
        String keyId = kms.createKey("us-east-1");

        Outages.Handle internal = outages().region("us-east-1").failWith(Fault.INTERNAL_ERROR);
        KmsInternalException internalError = assertKmsError(() -> encrypt(client, keyId), KmsInternalException.class,
                INTERNAL_MESSAGE, 500);
        assertThat(internalError.requestId()).isNotBlank();
        internal.lift();

        outages().region("us-east-1").failWith(Fault.UNAVAILABLE);
        KmsException unavailable = catchThrowableOfType(KmsException.class, () -> encrypt(client, keyId));
        assertThat(unavailable.getClass()).isEqualTo(KmsException.class);
        assertThat(unavailable.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailable");
        assertThat(unavailable.awsErrorDetails().errorMessage()).isEqualTo(UNAVAILABLE_MESSAGE);
        assertThat(unavailable.statusCode()).isEqualTo(503);
        outages().liftAll();

        outages().region("us-east-1").failWith(Fault.THROTTLING);
        KmsException throttled = catchThrowableOfType(KmsException.class, () -> encrypt(client, keyId));
        assertThat(throttled.getClass()).isEqualTo(KmsException.class);
        assertThat(throttled.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
        assertThat(throttled.awsErrorDetails().errorMessage()).isEqualTo(THROTTLED_MESSAGE);
        assertThat(throttled.statusCode()).isEqualTo(400);
        assertThat(throttled.isThrottlingException()).isTrue();
        outages().liftAll();

        encrypt(client, keyId);
    }

    @Test
    void anOperationOutageLeavesTheOtherOperationsWorking() {
        KmsClient client = kms.client("eu-west-1");
        String keyId = kms.createKey("eu-west-1");
        var ciphertext = client.encrypt(request -> request.keyId(keyId).plaintext(bytes("secret"))).ciphertextBlob();

        outages().region("eu-west-1").operation("Decrypt").failWith(Fault.INTERNAL_ERROR);
        assertKmsError(() -> client.decrypt(request -> request.ciphertextBlob(ciphertext)), KmsInternalException.class,
                INTERNAL_MESSAGE, 500);
        encrypt(client, keyId);
        assertThat(client.describeKey(request -> request.keyId(keyId)).keyMetadata().keyId()).isEqualTo(keyId);
    }

    @Test
    void aRegionOutageLeavesTheOtherRegionsWorking() {
        String east = kms.createKey("us-east-2");
        String west = kms.createKey("ca-central-1");
        outages().region("us-east-2").failWith(Fault.UNAVAILABLE);
        KmsException error = catchThrowableOfType(KmsException.class, () -> encrypt(kms.client("us-east-2"), east));
        assertThat(error.statusCode()).isEqualTo(503);
        encrypt(kms.client("ca-central-1"), west);
    }

    @Test
    void anAccountOutageLeavesTheOtherAccountsWorking() {
        String keyId = kms.createKey("sa-east-1");
        outages().region("sa-east-1").account("444455556666").failWith(Fault.INTERNAL_ERROR);
        encrypt(kms.client("sa-east-1"), keyId); // the caller is 111122223333
        outages().region("sa-east-1").account(KmsTestSupport.ACCOUNT).failWith(Fault.INTERNAL_ERROR);
        assertKmsError(() -> encrypt(kms.client("sa-east-1"), keyId), KmsInternalException.class, INTERNAL_MESSAGE, 500);
    }

    @Test
    void aProbabilityFailsItsShareOfRequestsInTheSameOrderForTheSameSeed() {
        KmsClient client = kms.client("ap-southeast-2");
        String keyId = kms.createKey("ap-southeast-2");
        outages().region("ap-southeast-2").operation("Encrypt").probability(0.5).failWith(Fault.INTERNAL_ERROR);

        outages().seed(20261202);
        List<Boolean> first = failures(client, keyId, 40);
        outages().seed(20261202);
        List<Boolean> second = failures(client, keyId, 40);

        assertThat(second).isEqualTo(first);
        assertThat(first).contains(true, false);
        assertThat(first.stream().filter(failed -> failed).count()).isBetween(8L, 32L);
    }

    private static List<Boolean> failures(KmsClient client, String keyId, int requests) {
        List<Boolean> failed = new ArrayList<>();
        for (int request = 0; request < requests; request++) {
            try {
                encrypt(client, keyId);
                failed.add(false);
            } catch (KmsInternalException e) {
                failed.add(true);
            }
        }
        return failed;
    }

    @Test
    void latencyDelaysTheRealAnswerWithoutHoldingUpOtherRequests() throws Exception {
        KmsClient slow = kms.client("eu-central-1");
        String keyId = kms.createKey("eu-central-1");
        String other = kms.createKey("eu-west-3");
        outages().region("eu-central-1").operation("Encrypt").delay(Duration.ofMillis(400));

        long started = System.nanoTime();
        var answer = slow.encrypt(request -> request.keyId(keyId).plaintext(bytes("late")));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(answer.keyId()).endsWith(keyId);

        outages().liftAll();
        outages().region("eu-central-1").operation("Encrypt").delay(Duration.ofSeconds(3));
        CompletableFuture<String> delayed = CompletableFuture.supplyAsync(
                () -> slow.encrypt(request -> request.keyId(keyId).plaintext(bytes("late"))).keyId());
        await().atMost(Duration.ofSeconds(2)).until(() -> metric("eu-central-1", "Encrypt", "LATENCY") >= 2);
        encrypt(kms.client("eu-west-3"), other); // answered while the delayed request waits on a timer, not a thread
        assertThat(delayed).isNotDone();
        assertThat(delayed.get()).endsWith(keyId);
    }

    @Test
    void aFailedRequestChangesNothingIsNotAuditedAndIsLoggedAndCounted() {
        KmsClient client = kms.client("ap-northeast-3");
        int keysBefore = client.listKeys().keys().size();
        Logger requestLog = (Logger) LoggerFactory.getLogger("dev.meridian.requests");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.list = Collections.synchronizedList(new ArrayList<>()); // the server appends meanwhile
        lines.start();
        Level level = requestLog.getLevel();
        requestLog.addAppender(lines);
        requestLog.setLevel(Level.INFO);
        String requestId;
        try {
            outages().region("ap-northeast-3").operation("CreateKey").failWith(Fault.INTERNAL_ERROR);
            requestId = assertKmsError(() -> client.createKey(request -> request.description("never made")),
                    KmsInternalException.class, INTERNAL_MESSAGE, 500).requestId();
            // the request log is the JVM's: other test classes' servers log to it meanwhile, so the line is found by ID
            await().until(() -> snapshot(lines).stream().anyMatch(line -> requestId.equals(fields(line).get("requestId"))));
        } finally {
            requestLog.setLevel(level);
            requestLog.detachAppender(lines);
        }
        Map<String, String> line = snapshot(lines).stream().map(OutageIT::fields)
                .filter(fields -> requestId.equals(fields.get("requestId"))).findFirst().orElseThrow();
        assertThat(line).containsEntry("operation", "CreateKey").containsEntry("region", "ap-northeast-3")
                .containsEntry("outcome", "KMSInternalException")
                .containsEntry("status", "500");
        assertThat(metric("ap-northeast-3", "CreateKey", "INTERNAL_ERROR")).isEqualTo(1);
        outages().liftAll();

        assertThat(client.listKeys().keys()).hasSize(keysBefore);
        String made = client.createKey(request -> request.description("made")).keyMetadata().keyId();
        CloudTrailClient cloudTrail = AuditSupport.cloudTrail(kms.server().endpoint(), "ap-northeast-3");
        await().until(() -> createKeyRecords(cloudTrail).contains(made));
        assertThat(createKeyRecords(cloudTrail)).as("the CreateKey the outage failed has no record").containsExactly(made);
        cloudTrail.close();
    }

    private static List<String> createKeyRecords(CloudTrailClient cloudTrail) {
        return AuditSupport.lookup(cloudTrail, LookupAttributeKey.EVENT_NAME, "CreateKey").stream()
                .map(AuditSupport::record)
                .filter(record -> record.path("awsRegion").asText().equals("ap-northeast-3"))
                .map(record -> record.path("responseElements").path("keyMetadata").path("keyId").asText(
                        record.path("errorCode").asText("failed")))
                .toList();
    }

    private static Map<String, String> fields(ILoggingEvent event) {
        return event.getKeyValuePairs() == null ? Map.of() : event.getKeyValuePairs().stream()
                .collect(Collectors.toMap(pair -> pair.key, pair -> String.valueOf(pair.value)));
    }

    @Test
    void anSdkWithRetriesRetriesEachErrorFaultThenFails() {
        String keyId = kms.createKey("ap-south-1");
        KmsClient retrying = KmsTestSupport.pointedAt(KmsClient.builder(), kms.server().endpoint(), "ap-south-1")
                .overrideConfiguration(configuration -> configuration.retryStrategy(RetryMode.STANDARD)).build();
        try {
            for (Fault fault : List.of(Fault.INTERNAL_ERROR, Fault.UNAVAILABLE, Fault.THROTTLING)) {
                Outages.Handle outage = outages().region("ap-south-1").operation("Encrypt").failWith(fault);
                KmsException error = catchThrowableOfType(KmsException.class, () -> encrypt(retrying, keyId));
                assertThat(error).as(fault.name()).isNotNull();
                assertThat(error.numAttempts()).as(fault.name()).isEqualTo(3); // the standard retry mode's attempts
                assertThat(metric("ap-south-1", "Encrypt", fault.name())).as(fault.name()).isEqualTo(3);
                outage.lift();
            }
            encrypt(retrying, keyId);
        } finally {
            retrying.close();
        }
    }

    private static final Pattern FAULT_LINE = Pattern.compile("^meridian_injected_faults_total\\{([^}]*)} (\\S+)$", Pattern.MULTILINE);

    /** The count of {@code meridian_injected_faults_total} with these labels, 0 when absent. */
    static long metric(String region, String operation, String fault) {
        String text = scrape(kms.server());
        Matcher line = FAULT_LINE.matcher(text);
        while (line.find()) {
            String labels = line.group(1);
            if (labels.contains("region=\"" + region + "\"") && labels.contains("operation=\"" + operation + "\"")
                    && labels.contains("fault=\"" + fault + "\"")) {
                return (long) Double.parseDouble(line.group(2));
            }
        }
        return 0;
    }

    static String scrape(EmbeddedMeridian server) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The lines logged so far, copied under the list's lock (the server's threads append to it meanwhile). */
    private static List<ILoggingEvent> snapshot(ListAppender<ILoggingEvent> lines) {
        synchronized (lines.list) {
            return List.copyOf(lines.list);
        }
    }
}
