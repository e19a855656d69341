package dev.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.meridian.app.ServerConfiguration;
import dev.meridian.testkit.MovableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * A session's end, by the server's clock (a test moves it): until its expiry its credentials work on KMS and STS,
 * from then on KMS answers {@code ExpiredTokenException} (400) and STS {@code ExpiredToken} (400), with AWS's text.
 * Development mode; strict mode's authenticator gives the same answers from the same {@code SessionCredentials}.
 */
class StsExpiryIT {
    private static final String REGION = "us-west-2";
    private static final MovableClock CLOCK = new MovableClock();
    private static final String EXPIRED = "The security token included in the request is expired";

    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass(ServerConfiguration.builder().clock(CLOCK));

    @Test
    void aSessionStopsWorkingAtItsExpiry() {
        String keyId = kms.createKey(REGION);
        Credentials credentials;
        try (StsClient sts = KmsTestSupport.pointedAt(StsClient.builder(), kms.server().endpoint(), REGION).build()) {
            credentials = sts.assumeRole(request -> request.roleArn("arn:aws:iam::" + KmsTestSupport.ACCOUNT + ":role/app")
                    .roleSessionName("short").durationSeconds(900)).credentials();
        }
        StaticCredentialsProvider session = StaticCredentialsProvider.create(AwsSessionCredentials.create(
                credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken()));
        try (KmsClient kmsAsRole = KmsTestSupport.pointedAt(KmsClient.builder(), kms.server().endpoint(), REGION)
                        .credentialsProvider(session).build();
                StsClient stsAsRole = KmsTestSupport.pointedAt(StsClient.builder(), kms.server().endpoint(), REGION)
                        .credentialsProvider(session).build()) {
            kmsAsRole.encrypt(request -> request.keyId(keyId).plaintext(KmsTestSupport.bytes("before")));
            assertThat(stsAsRole.getCallerIdentity().arn()).endsWith(":assumed-role/app/short");

            CLOCK.advance(Duration.ofSeconds(901));
            KmsException kmsError = catchThrowableOfType(KmsException.class, () -> kmsAsRole.encrypt(
                    request -> request.keyId(keyId).plaintext(KmsTestSupport.bytes("after"))));
            assertThat(kmsError).isNotNull();
            assertThat(kmsError.awsErrorDetails().errorCode()).isEqualTo("ExpiredTokenException");
            assertThat(kmsError.awsErrorDetails().errorMessage()).isEqualTo(EXPIRED);
            assertThat(kmsError.statusCode()).isEqualTo(400);
            StsException stsError = catchThrowableOfType(StsException.class, stsAsRole::getCallerIdentity);
            assertThat(stsError).isNotNull();
            assertThat(stsError.awsErrorDetails().errorCode()).isEqualTo("ExpiredToken");
            assertThat(stsError.awsErrorDetails().errorMessage()).isEqualTo(EXPIRED);
            assertThat(stsError.statusCode()).isEqualTo(400);
        }
    }
}
