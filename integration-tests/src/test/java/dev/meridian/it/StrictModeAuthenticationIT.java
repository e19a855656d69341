package dev.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.testkit.MeridianExtension;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.CloudTrailException;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Strict mode ({@code --identities}): requests signed with the identity file's keys through the AWS SDK, and raw
 * requests the SDK's own SigV4 signer signs and the test then spoils (the SDK would never send them), each refused
 * with AWS's code, message and status; the operator endpoints closed to all but an account's root.
 */
class StrictModeAuthenticationIT {
    private static final String ACCOUNT = "111122223333";
    private static final String ROOT_KEY = "AKIAROOT000000000001";
    private static final String ROOT_SECRET = "root-secret-key";
    private static final String ALICE_KEY = "AKIAALICE00000000001";
    private static final String ALICE_SECRET = "alice-secret-key";
    private static final String REGION = "us-east-1";
    private static final String MISMATCH = "The request signature we calculated does not match the signature you provided."
            + " Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
    private static final DateTimeFormatter BASIC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Path IDENTITIES = identityFile();

    @RegisterExtension
    static final MeridianExtension meridian = MeridianExtension.builder().identities(IDENTITIES).build();

    @Test
    void aUsersKeyWorksAndTheAuditShowsTheUser() {
        try (KmsClient alice = kms(ALICE_KEY, ALICE_SECRET)) {
            String keyId = alice.createKey(request -> request.description("alice's")).keyMetadata().keyId();
            SdkBytes ciphertext = alice.encrypt(request -> request.keyId(keyId).plaintext(SdkBytes.fromUtf8String("hi")))
                    .ciphertextBlob();
            assertThat(alice.decrypt(request -> request.ciphertextBlob(ciphertext)).plaintext().asUtf8String())
                    .isEqualTo("hi");
            try (CloudTrailClient cloudTrail = cloudTrail(ROOT_KEY, ROOT_SECRET)) {
                JsonNode record = Awaitility.await().atMost(Duration.ofSeconds(30)).until(
                        () -> AuditSupport.lookup(cloudTrail, LookupAttributeKey.RESOURCE_NAME,
                                KmsTestSupport.arn(REGION, keyId)),
                        events -> events.stream().anyMatch(event -> event.eventName().equals("CreateKey")))
                        .stream().filter(event -> event.eventName().equals("CreateKey")).map(AuditSupport::record)
                        .findFirst().orElseThrow();
                assertThat(record.path("userIdentity").path("type").asText()).isEqualTo("IAMUser");
                assertThat(record.path("userIdentity").path("arn").asText()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":user/alice");
                assertThat(record.path("userIdentity").path("accessKeyId").asText()).isEqualTo(ALICE_KEY);
            }
        }
    }

    @Test
    void theSdkWithAWrongSecretOrAnUnknownKeyIsRefused() {
        try (KmsClient wrongSecret = kms(ALICE_KEY, "not-alice-secret");
                KmsClient unknown = kms("AKIAUNKNOWN000000001", ALICE_SECRET)) {
            KmsTestSupport.assertUndeclaredError(wrongSecret::listKeys, "InvalidSignatureException", MISMATCH);
            KmsTestSupport.assertUndeclaredError(unknown::listKeys, "UnrecognizedClientException",
                    "The security token included in the request is invalid");
        }
    }

    @Test
    void aRefusedRequestIsAuditedAsUnknownWithItsAccessKey() {
        try (KmsClient unknown = kms("AKIAAUDITED000000001", ALICE_SECRET);
                CloudTrailClient cloudTrail = cloudTrail(ROOT_KEY, ROOT_SECRET)) {
            KmsTestSupport.assertUndeclaredError(unknown::listKeys, "UnrecognizedClientException",
                    "The security token included in the request is invalid");
            List<Event> refused = Awaitility.await().atMost(Duration.ofSeconds(30)).until(
                    () -> AuditSupport.lookup(cloudTrail, LookupAttributeKey.ACCESS_KEY_ID, "AKIAAUDITED000000001"),
                    events -> !events.isEmpty());
            JsonNode record = AuditSupport.record(refused.get(0));
            assertThat(record.path("errorCode").asText()).isEqualTo("UnrecognizedClientException");
            assertThat(record.path("userIdentity").path("type").asText()).isEqualTo("Unknown");
            assertThat(record.path("userIdentity").path("accessKeyId").asText()).isEqualTo("AKIAAUDITED000000001");
        }
    }

    @Test
    void aSignedRequestSpoiledAfterSigningIsRefusedWithAwsError() {
        Instant now = meridian.clock().instant();
        assertRefused(send(signed(REGION, "kms", now, UnaryOperator.identity(), body -> body.replace("orders", "ordens"))),
                "InvalidSignatureException", MISMATCH);
        assertRefused(send(signed(REGION, "sts", now, UnaryOperator.identity(), UnaryOperator.identity())),
                "InvalidSignatureException", "Credential should be scoped to correct service: 'kms'. ");
        assertRefused(send(signed("narnia", "kms", now, UnaryOperator.identity(), UnaryOperator.identity())),
                "InvalidSignatureException", "Credential should be scoped to a valid region. ");
        String day = BASIC.format(now).substring(0, 8);
        String dayBefore = BASIC.format(now.minus(Duration.ofDays(1))).substring(0, 8);
        assertRefused(send(signed(REGION, "kms", now, authorization -> authorization.replace("/" + day + "/", "/" + dayBefore + "/"),
                UnaryOperator.identity())), "InvalidSignatureException",
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '" + dayBefore
                        + "' != '" + day + "', from '" + BASIC.format(now) + "'.");
        assertRefused(send(signed(REGION, "kms", now, authorization -> authorization.replace("host;", ""),
                UnaryOperator.identity())), "IncompleteSignatureException",
                "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        assertRefused(send(signed(REGION, "kms", now, authorization -> null, UnaryOperator.identity())),
                "MissingAuthenticationTokenException", "Request is missing Authentication Token");
        RawHttp.Response fine = send(signed(REGION, "kms", now, UnaryOperator.identity(), UnaryOperator.identity()));
        assertThat(fine.status()).as(fine.toString()).isEqualTo(400); // signed well: the key alias does not exist
        assertThat(fine.json().path("__type").asText()).isEqualTo("NotFoundException");
    }

    @Test
    void aDateMoreThanFiveMinutesFromTheServersClockIsRefused() {
        Instant old = meridian.clock().instant().minus(Duration.ofMinutes(6));
        RawHttp.Response expired = send(signed(REGION, "kms", old, UnaryOperator.identity(), UnaryOperator.identity()));
        assertSkew(expired, "Signature expired: " + BASIC.format(old) + " is now earlier than (\\d{8}T\\d{6}Z) \\((\\d{8}T\\d{6}Z)"
                + " - 5 min\\.\\)", Duration.ofMinutes(-5));
        Instant ahead = meridian.clock().instant().plus(Duration.ofMinutes(6));
        RawHttp.Response early = send(signed(REGION, "kms", ahead, UnaryOperator.identity(), UnaryOperator.identity()));
        assertSkew(early, "Signature not yet current: " + BASIC.format(ahead) + " is still later than (\\d{8}T\\d{6}Z)"
                + " \\((\\d{8}T\\d{6}Z) \\+ 5 min\\.\\)", Duration.ofMinutes(5));
    }

    @Test
    void lookupEventsSignedForCloudTrailWorksAndForKmsIsRefused() {
        try (CloudTrailClient cloudTrail = cloudTrail(ALICE_KEY, ALICE_SECRET)) {
            assertThat(cloudTrail.lookupEvents(request -> request.maxResults(1)).sdkHttpResponse().statusCode()).isEqualTo(200);
        }
        try (CloudTrailClient wrong = cloudTrail(ALICE_KEY, "not-alice-secret")) {
            CloudTrailException error = org.assertj.core.api.Assertions.catchThrowableOfType(CloudTrailException.class,
                    () -> wrong.lookupEvents(request -> request.maxResults(1)));
            assertThat(error.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
            assertThat(error.awsErrorDetails().errorMessage()).isEqualTo(MISMATCH);
            assertThat(error.statusCode()).isEqualTo(400);
        }
    }

    @Test
    void theOperatorEndpointsAnswerOnlyAnAccountsRootWhileHealthStaysOpen() {
        RawHttp.Response unsigned = send(operatorRequest(null, null));
        assertThat(unsigned.status()).isEqualTo(403);
        assertThat(unsigned.json().path("message").asText()).isEqualTo("In strict mode the operator endpoints need a request"
                + " signed (SigV4, service kms) by an account root of the identity file: MissingAuthenticationTokenException:"
                + " Request is missing Authentication Token");
        RawHttp.Response alice = send(operatorRequest(ALICE_KEY, ALICE_SECRET));
        assertThat(alice.status()).isEqualTo(403);
        assertThat(alice.json().path("message").asText()).isEqualTo("In strict mode the operator endpoints are an account"
                + " root's; arn:aws:iam::" + ACCOUNT + ":user/alice is not one");
        RawHttp.Response root = send(operatorRequest(ROOT_KEY, ROOT_SECRET));
        assertThat(root.status()).as(root.toString()).isEqualTo(200);
        assertThat(root.json().path("outages").isArray()).isTrue();
        RawHttp.Response live = send(RawHttp.ascii("GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n"));
        assertThat(live.status()).isEqualTo(200);
    }

    private static void assertRefused(RawHttp.Response response, String code, String message) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().path("__type").asText()).isEqualTo(code);
        assertThat(response.json().path("message").asText()).isEqualTo(message);
    }

    /** A skew refusal whose server times (matched by the pattern's two groups) are {@code window} apart. */
    private static void assertSkew(RawHttp.Response response, String pattern, Duration window) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().path("__type").asText()).isEqualTo("InvalidSignatureException");
        Matcher matcher = Pattern.compile(pattern).matcher(response.json().path("message").asText());
        assertThat(matcher.matches()).as(response.json().path("message").asText()).isTrue();
        Instant bound = Instant.from(BASIC.parse(matcher.group(1)));
        Instant serverTime = Instant.from(BASIC.parse(matcher.group(2)));
        assertThat(Duration.between(serverTime, bound)).isEqualTo(window);
    }

    private static KmsClient kms(String key, String secret) {
        return KmsTestSupport.pointedAt(KmsClient.builder(), meridian.server().endpoint(), REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret))).build();
    }

    private static CloudTrailClient cloudTrail(String key, String secret) {
        return KmsTestSupport.pointedAt(CloudTrailClient.builder(), meridian.server().endpoint(), REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret))).build();
    }

    /**
     * An Encrypt request alice's key signs with the SDK's SigV4 signer for {@code region} and {@code service} at
     * {@code time}; then its Authorization header (null: removed) and body are changed as given, as raw bytes.
     */
    private static byte[] signed(String region, String service, Instant time, UnaryOperator<String> authorization,
            UnaryOperator<String> body) {
        String json = "{\"KeyId\":\"alias/orders\",\"Plaintext\":\"aGVsbG8=\"}";
        SignedRequest signed = sign(SdkHttpMethod.POST, "/", json, ALICE_KEY, ALICE_SECRET, region, service, time,
                "TrentService.Encrypt");
        return raw(signed, "POST / HTTP/1.1", authorization, body.apply(json));
    }

    /** {@code GET /_meridian/outages}, signed for {@code kms} with the key given (none: unsigned). */
    private static byte[] operatorRequest(String key, String secret) {
        if (key == null) {
            return RawHttp.ascii("GET /_meridian/outages HTTP/1.1\r\nHost: localhost\r\n\r\n");
        }
        SignedRequest signed = sign(SdkHttpMethod.GET, "/_meridian/outages", "", key, secret, REGION, "kms",
                meridian.clock().instant(), null);
        return raw(signed, "GET /_meridian/outages HTTP/1.1", UnaryOperator.identity(), "");
    }

    private static SignedRequest sign(SdkHttpMethod method, String path, String body, String key, String secret,
            String region, String service, Instant time, String target) {
        URI endpoint = URI.create(meridian.server().endpoint() + path);
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(method).uri(endpoint)
                .putHeader("Host", endpoint.getHost() + ":" + endpoint.getPort());
        if (target != null) {
            request.putHeader("Content-Type", "application/x-amz-json-1.1").putHeader("X-Amz-Target", target);
        }
        return AwsV4HttpSigner.create().sign(signing -> signing.identity(AwsCredentialsIdentity.create(key, secret))
                .request(request.build())
                .payload(ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(time, ZoneOffset.UTC)));
    }

    private static byte[] raw(SignedRequest signed, String requestLine, UnaryOperator<String> authorization, String body) {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(requestLine).append("\r\n");
        signed.request().forEachHeader((name, values) -> {
            for (String value : values) {
                String written = name.equalsIgnoreCase("Authorization") ? authorization.apply(value) : value;
                if (written != null) {
                    head.append(name).append(": ").append(written).append("\r\n");
                }
            }
        });
        head.append("Content-Length: ").append(content.length).append("\r\n\r\n");
        return RawHttp.concat(RawHttp.ascii(head.toString()), content);
    }

    private static RawHttp.Response send(byte[] request) {
        try (RawHttp http = new RawHttp(meridian.server().endpoint(), Duration.ofSeconds(30))) {
            return http.send(request).read();
        }
    }

    private static Path identityFile() {
        return StrictSupport.writeIdentityFile("""
                {"accounts": [
                  {"id": "%s",
                   "rootAccessKeys": [{"accessKeyId": "%s", "secretAccessKey": "%s"}],
                   "users": [{"name": "alice",
                              "accessKeys": [{"accessKeyId": "%s", "secretAccessKey": "%s"}],
                              "policies": [{"Version": "2012-10-17",
                                            "Statement": [{"Effect": "Allow", "Action": "kms:*", "Resource": "*"}]}]}]}
                ]}
                """.formatted(ACCOUNT, ROOT_KEY, ROOT_SECRET, ALICE_KEY, ALICE_SECRET));
    }
}
