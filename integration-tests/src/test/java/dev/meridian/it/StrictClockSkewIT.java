package dev.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.meridian.testkit.MeridianExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Isolated;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkGlobalTime;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * A client whose clock is off by more than the five minutes SigV4 allows works against a strict-mode server as
 * against AWS: the refusal ({@code InvalidSignatureException}, "Signature expired") carries the server's time in its
 * {@code Date} header, from which the AWS SDK corrects its clock and signs again. The server's clock is moved 15
 * minutes ahead of the client's. Isolated: the SDK also keeps the correction JVM-wide for clients made later
 * ({@link SdkGlobalTime}), which must not reach the strict-mode tests of other classes; each test starts from none.
 */
@Isolated
class StrictClockSkewIT {
    private static final String ACCOUNT = "111122223333";
    private static final String ALICE = "AKIAALICE00000000001";
    private static final String REGION = "us-east-1";

    @RegisterExtension
    static final MeridianExtension meridian = MeridianExtension.builder().identities(StrictSupport.identities()
            .account(ACCOUNT, "AKIAROOT000000000001").user("alice", ALICE, StrictSupport.allow("kms:*")).write()).build();

    @BeforeAll
    static void moveTheServersClockAhead() {
        meridian.clock().advance(Duration.ofMinutes(15));
    }

    @BeforeEach
    @AfterEach
    void forgetTheSdksCorrection() {
        SdkGlobalTime.setGlobalTimeOffset(0);
    }

    @Test
    void theRefusalCarriesTheServersTimeFromWhichTheClientCorrectsItsClock() {
        try (KmsClient oneAttempt = client(false)) {
            KmsException refused = catchThrowableOfType(KmsException.class, () -> oneAttempt.listKeys(request -> { }));

            assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
            assertThat(refused.awsErrorDetails().errorMessage()).startsWith("Signature expired: ");
            assertThat(refused.statusCode()).isEqualTo(400);
            Instant answered = Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(
                    refused.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Date").orElseThrow()));
            assertThat(Duration.between(answered, meridian.clock().instant()).abs()).isLessThan(Duration.ofSeconds(5));
            assertThat(Duration.between(Instant.now(), answered)).isGreaterThan(Duration.ofMinutes(14));

            // the SDK moved this client's clock by the difference: its next request is signed in the server's time
            assertThat(oneAttempt.listKeys(request -> { }).sdkHttpResponse().statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aClientWithTheSdksRetriesIsServedAtItsFirstCall() {
        try (KmsClient withRetries = client(true)) {
            String keyId = withRetries.createKey(request -> request.description("made by a client 15 minutes late"))
                    .keyMetadata().keyId();

            assertThat(withRetries.describeKey(request -> request.keyId(keyId)).keyMetadata().description())
                    .isEqualTo("made by a client 15 minutes late");
        }
    }

    @Test
    void everyAnswerCarriesTheServersTime() {
        try (KmsClient corrected = client(true)) {
            String date = corrected.listKeys(request -> { }).sdkHttpResponse().firstMatchingHeader("Date").orElseThrow();

            assertThat(date).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
            Instant answered = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC).parse(date, Instant::from);
            assertThat(Duration.between(answered, meridian.clock().instant()).abs()).isLessThan(Duration.ofSeconds(5));
        }
    }

    /** Alice's client: the test kit's (one attempt) or with the SDK's standard retries, as applications have it. */
    private static KmsClient client(boolean retries) {
        var builder = KmsTestSupport.pointedAt(KmsClient.builder(), meridian.server().endpoint(), REGION)
                .credentialsProvider(StaticCredentialsProvider.create(StrictSupport.credentials(ALICE)));
        if (retries) {
            builder.overrideConfiguration(configuration -> configuration.retryStrategy(RetryMode.STANDARD));
        }
        return builder.build();
    }
}
