package dev.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * STS on the KMS endpoint in development mode, through the AWS SDK's {@link StsClient} and the AWS CLI:
 * GetCallerIdentity, AssumeRole (development mode accepts any well-formed role ARN, as LocalStack does) and KMS
 * calls made with the session's credentials, which act and are recorded as the assumed role; the AssumeRole
 * parameter errors with STS's codes, statuses and texts; the Query protocol's own errors over raw HTTP.
 */
class StsIT {
    private static final String REGION = "us-east-1";
    private static final String ROLE_ARN = "arn:aws:iam::" + KmsTestSupport.ACCOUNT + ":role/app";

    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass();

    private static StsClient sts() {
        return KmsTestSupport.pointedAt(StsClient.builder(), kms.server().endpoint(), REGION).build();
    }

    private static StsClient sts(Credentials credentials) {
        return KmsTestSupport.pointedAt(StsClient.builder(), kms.server().endpoint(), REGION)
                .credentialsProvider(StaticCredentialsProvider.create(session(credentials))).build();
    }

    private static AwsSessionCredentials session(Credentials credentials) {
        return AwsSessionCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey(),
                credentials.sessionToken());
    }

    @Test
    void getCallerIdentityShowsTheAccountsRoot() {
        try (StsClient sts = sts()) {
            GetCallerIdentityResponse identity = sts.getCallerIdentity();
            assertThat(identity.account()).isEqualTo(KmsTestSupport.ACCOUNT);
            assertThat(identity.arn()).isEqualTo("arn:aws:iam::" + KmsTestSupport.ACCOUNT + ":root");
            assertThat(identity.userId()).isEqualTo(KmsTestSupport.ACCOUNT);
        }
    }

    @Test
    void assumeRoleGivesSessionCredentialsThatKmsAcceptsAsTheRole() {
        Instant before = Instant.now();
        AssumeRoleResponse assumed;
        try (StsClient sts = sts()) {
            assumed = sts.assumeRole(request -> request.roleArn(ROLE_ARN).roleSessionName("build-42"));
        }
        Credentials credentials = assumed.credentials();
        assertThat(credentials.accessKeyId()).matches("ASIA[A-Z2-7]{16}");
        assertThat(credentials.secretAccessKey()).hasSize(40);
        assertThat(credentials.sessionToken()).isNotBlank();
        assertThat(credentials.expiration()).isBetween(before.plus(Duration.ofMinutes(59)),
                Instant.now().plus(Duration.ofMinutes(61)));
        assertThat(assumed.assumedRoleUser().arn())
                .isEqualTo("arn:aws:sts::" + KmsTestSupport.ACCOUNT + ":assumed-role/app/build-42");
        assertThat(assumed.assumedRoleUser().assumedRoleId()).matches("AROA[A-Z2-7]{17}:build-42");

        try (StsClient asRole = sts(credentials)) {
            GetCallerIdentityResponse identity = asRole.getCallerIdentity();
            assertThat(identity.arn()).isEqualTo(assumed.assumedRoleUser().arn());
            assertThat(identity.userId()).isEqualTo(assumed.assumedRoleUser().assumedRoleId());
            assertThat(identity.account()).isEqualTo(KmsTestSupport.ACCOUNT);
        }
        String keyId = kms.createKey(REGION);
        try (KmsClient asRole = KmsTestSupport.pointedAt(KmsClient.builder(), kms.server().endpoint(), REGION)
                .credentialsProvider(StaticCredentialsProvider.create(session(credentials))).build()) {
            EncryptResponse encrypted = asRole.encrypt(request -> request.keyId(keyId)
                    .plaintext(KmsTestSupport.bytes("for the role")));
            assertThat(encrypted.keyId()).isEqualTo(KmsTestSupport.arn(REGION, keyId));
        }
        try (CloudTrailClient cloudTrail = AuditSupport.cloudTrail(kms.server().endpoint(), REGION)) {
            JsonNode encrypt = AuditSupport.lookup(cloudTrail, LookupAttributeKey.EVENT_NAME, "Encrypt").stream()
                    .map(AuditSupport::record)
                    .filter(record -> record.path("userIdentity").path("accessKeyId").asText()
                            .equals(credentials.accessKeyId()))
                    .findFirst().orElseThrow();
            JsonNode identity = encrypt.path("userIdentity");
            assertThat(identity.path("type").asText()).isEqualTo("AssumedRole");
            assertThat(identity.path("arn").asText()).isEqualTo(assumed.assumedRoleUser().arn());
            assertThat(identity.path("principalId").asText()).isEqualTo(assumed.assumedRoleUser().assumedRoleId());
            String roleId = assumed.assumedRoleUser().assumedRoleId().replace(":build-42", "");
            assertThat(identity.path("sessionContext").toString()).isEqualTo("{\"sessionIssuer\":{\"type\":\"Role\","
                    + "\"principalId\":\"" + roleId + "\",\"arn\":\"" + ROLE_ARN + "\",\"accountId\":\""
                    + KmsTestSupport.ACCOUNT + "\",\"userName\":\"app\"},\"webIdFederationData\":{},\"attributes\":"
                    + "{\"creationDate\":\"" + credentials.expiration().minus(Duration.ofHours(1))
                    + "\",\"mfaAuthenticated\":\"false\"}}");
            assertThat(AuditSupport.lookup(cloudTrail, LookupAttributeKey.EVENT_NAME, "AssumeRole")).isEmpty();
        }
    }

    @Test
    void sessionsSurviveARestart() {
        Credentials credentials;
        try (StsClient sts = sts()) {
            credentials = sts.assumeRole(request -> request.roleArn(ROLE_ARN).roleSessionName("long-lived")).credentials();
        }
        kms.server().restart();
        try (StsClient asRole = sts(credentials)) {
            assertThat(asRole.getCallerIdentity().arn())
                    .isEqualTo("arn:aws:sts::" + KmsTestSupport.ACCOUNT + ":assumed-role/app/long-lived");
        }
    }

    @Test
    void durationSecondsIsBoundedByTheModelAndByRoleChaining() {
        try (StsClient sts = sts()) {
            assertThat(sts.assumeRole(request -> request.roleArn(ROLE_ARN).roleSessionName("short").durationSeconds(900))
                    .credentials().expiration()).isBefore(Instant.now().plus(Duration.ofMinutes(16)));
            assertThat(sts.assumeRole(request -> request.roleArn(ROLE_ARN).roleSessionName("long").durationSeconds(43200))
                    .credentials().expiration()).isAfter(Instant.now().plus(Duration.ofHours(11)));
            assertStsError(() -> sts.assumeRole(request -> request.roleArn(ROLE_ARN).roleSessionName("session")
                    .durationSeconds(899)), 400, "ValidationError", "1 validation error detected: Value '899' at"
                    + " 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900");
            assertStsError(() -> sts.assumeRole(request -> request.roleArn(ROLE_ARN).roleSessionName("session")
                    .durationSeconds(43201)), 400, "ValidationError", "1 validation error detected: Value '43201' at"
                    + " 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200");
            Credentials session = sts.assumeRole(request -> request.roleArn(ROLE_ARN).roleSessionName("first"))
                    .credentials();
            try (StsClient asRole = sts(session)) {
                assertStsError(() -> asRole.assumeRole(request -> request.roleArn(ROLE_ARN).roleSessionName("second")
                        .durationSeconds(3601)), 400, "ValidationError",
                        "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
                assertThat(asRole.assumeRole(request -> request.roleArn(ROLE_ARN).roleSessionName("second"))
                        .assumedRoleUser().arn()).endsWith(":assumed-role/app/second");
            }
        }
    }

    @Test
    void aBadSessionNameOrRoleArnIsRefused() {
        try (StsClient sts = sts()) {
            assertStsError(() -> sts.assumeRole(request -> request.roleArn(ROLE_ARN).roleSessionName("a")), 400,
                    "ValidationError", "1 validation error detected: Value 'a' at 'roleSessionName' failed to satisfy"
                            + " constraint: Member must have length greater than or equal to 2");
            String tooLong = "x/".repeat(33);
            assertStsError(() -> sts.assumeRole(request -> request.roleArn(ROLE_ARN).roleSessionName(tooLong)), 400,
                    "ValidationError", "2 validation errors detected: Value '" + tooLong + "' at 'roleSessionName' failed"
                            + " to satisfy constraint: Member must have length less than or equal to 64; Value '" + tooLong
                            + "' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression"
                            + " pattern: [\\w+=,.@-]*");
            String malformed = "arn:aws:iam:" + KmsTestSupport.ACCOUNT + ":role/app";
            assertStsError(() -> sts.assumeRole(request -> request.roleArn(malformed).roleSessionName("s1")), 403,
                    "AccessDenied", "User: arn:aws:iam::" + KmsTestSupport.ACCOUNT + ":root is not authorized to perform:"
                            + " sts:AssumeRole on resource: " + malformed);
            assertStsError(() -> sts.assumeRole(request -> request.roleArn(ROLE_ARN).roleSessionName("s1")
                    .policy("{}")), 400, "ValidationError", "Meridian does not support Policy in AssumeRole.");
        }
    }

    @Test
    void queryProtocolErrorsAreStsXml() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(URI.create(kms.server().endpoint() + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString("Action=GetCallerIdentity&Version=2011-06-15")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(403);
        assertThat(unsigned.headers().firstValue("Content-Type")).hasValue("text/xml");
        String requestId = unsigned.headers().firstValue("x-amzn-RequestId").orElseThrow();
        assertThat(unsigned.body()).isEqualTo("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                + "<Error><Type>Sender</Type><Code>MissingAuthenticationToken</Code>"
                + "<Message>Request is missing Authentication Token</Message></Error><RequestId>" + requestId
                + "</RequestId></ErrorResponse>");
        HttpResponse<String> unknownAction = http.send(HttpRequest.newBuilder(URI.create(kms.server().endpoint() + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .header("X-Amz-Date", "20260101T000000Z")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/sts/aws4_request,"
                        + " SignedHeaders=host;x-amz-date, Signature=00")
                .POST(HttpRequest.BodyPublishers.ofString("Action=GetSessionToken&Version=2011-06-15")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unknownAction.statusCode()).isEqualTo(400);
        assertThat(unknownAction.body()).contains("<Code>InvalidAction</Code>"
                + "<Message>Could not find operation GetSessionToken for version 2011-06-15</Message>");
    }

    @Test
    void theAwsCliGetsTheCallerIdentity() throws Exception {
        assumeTrue(Commands.succeeds(List.of("aws", "--version")), "the AWS CLI is not installed here");
        ProcessBuilder builder = new ProcessBuilder("aws", "sts", "get-caller-identity", "--endpoint-url",
                kms.server().endpoint(), "--region", REGION, "--output", "json").redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.put("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
        environment.put("AWS_SECRET_ACCESS_KEY", "secret");
        environment.remove("AWS_SESSION_TOKEN");
        environment.remove("AWS_PROFILE");
        environment.put("AWS_CONFIG_FILE", "/dev/null");
        environment.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("\"Account\": \"" + KmsTestSupport.ACCOUNT + "\"")
                .contains("\"Arn\": \"arn:aws:iam::" + KmsTestSupport.ACCOUNT + ":root\"");
    }

    private static void assertStsError(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, int status,
            String code, String message) {
        StsException error = catchThrowableOfType(StsException.class, call);
        assertThat(error).as("an STS error").isNotNull();
        assertThat(error.statusCode()).isEqualTo(status);
        assertThat(error.awsErrorDetails().errorCode()).isEqualTo(code);
        assertThat(error.awsErrorDetails().errorMessage()).isEqualTo(message);
    }
}
