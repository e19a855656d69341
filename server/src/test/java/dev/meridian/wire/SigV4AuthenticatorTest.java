package dev.meridian.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.crypto.SecretBytes;
import dev.meridian.identity.CredentialStore;
import dev.meridian.identity.SigningCredentials;
import dev.meridian.model.AccountId;
import dev.meridian.model.Partition;
import dev.meridian.model.Principal;
import dev.meridian.model.PrincipalType;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * {@link SigV4Authenticator} on AWS's published SigV4 test suite (awslabs/aws-c-auth's
 * {@code tests/aws-signing-test-suite/v4}, Apache 2.0: requests signed for service {@code service} on
 * 2015-08-30T12:36:00Z) and on requests the AWS SDK's own signer signs, then spoils one way each.
 */
class SigV4AuthenticatorTest {
    private static final Instant SUITE_TIME = Instant.parse("2015-08-30T12:36:00Z");
    private static final String SUITE_KEY = "AKIDEXAMPLE";
    private static final String SUITE_SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final AccountId ACCOUNT = AccountId.of("111122223333");
    private static final String KEY = "AKIAIOSFODNN7EXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String BODY = "{\"KeyId\":\"alias/orders\",\"Plaintext\":\"aGVsbG8=\"}";

    static Stream<String> suite() {
        return Stream.of("get-vanilla", "get-vanilla-query", "get-vanilla-empty-query-key",
                "get-vanilla-query-order-key-case", "get-vanilla-query-order-encoded", "get-vanilla-query-unreserved",
                "get-vanilla-utf8-query", "get-header-key-duplicate", "get-header-value-order", "get-header-value-trim",
                "get-unreserved", "get-utf8", "post-header-key-case", "post-header-key-sort",
                "post-header-value-case", "post-vanilla", "post-vanilla-query", "post-vanilla-empty-query-value",
                "post-x-www-form-urlencoded", "post-x-www-form-urlencoded-parameters", "get-vanilla-with-session-token",
                "post-sts-header-after", "post-sts-header-before");
    }

    @ParameterizedTest
    @MethodSource("suite")
    void acceptsEveryRequestOfAwsTestSuite(String name) throws IOException {
        SigV4Authenticator authenticator = new SigV4Authenticator(store(SUITE_KEY, SUITE_SECRET, null), "service",
                Clock.fixed(SUITE_TIME, ZoneOffset.UTC));
        FullHttpRequest request = suiteRequest(name);
        Authenticator.Identity identity = authenticator.authenticate(request);
        assertThat(identity.region().name()).isEqualTo("us-east-1");
        assertThat(identity.principal().accessKeyId()).isEqualTo(SUITE_KEY);
    }

    @ParameterizedTest
    @MethodSource("suite")
    void theSuitesCanonicalRequestsAreOurs(String name) throws IOException {
        FullHttpRequest request = suiteRequest(name);
        SigV4Header header = SigV4Header.parse(request);
        String expected = resource(name + "/header-canonical-request.txt");
        assertThat(SigV4Canonical.request(request, header.signedHeaderList(),
                SigV4Authenticator.hex(SigV4Authenticator.sha256(bytes(request))))).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("suite")
    void refusesEveryRequestOfTheSuiteWithAnotherSecret(String name) throws IOException {
        SigV4Authenticator authenticator = new SigV4Authenticator(store(SUITE_KEY, SUITE_SECRET + "x", null), "service",
                Clock.fixed(SUITE_TIME, ZoneOffset.UTC));
        assertRefused(() -> authenticator.authenticate(suiteRequest(name)), "InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret"
                        + " Access Key and signing method. Consult the service documentation for details.");
    }

    @Test
    void aRequestTheSdkSignsIsTheUsersInTheScopesRegionAndPartition() {
        Authenticator.Identity identity = kms().authenticate(signed("us-west-2", "kms", NOW, BODY));
        assertThat(identity.principal().arn()).isEqualTo("arn:aws:iam::111122223333:user/alice");
        assertThat(identity.principal().type()).isEqualTo(PrincipalType.IAM_USER);
        assertThat(identity.region().name()).isEqualTo("us-west-2");
        Authenticator.Identity china = kms().authenticate(signed("cn-north-1", "kms", NOW, BODY));
        assertThat(china.principal().arn()).isEqualTo("arn:aws-cn:iam::111122223333:user/alice");
    }

    @Test
    void eachFailureIsAwsError() {
        assertRefused(() -> kms().authenticate(tampered(signed("us-east-1", "kms", NOW, BODY))),
                "InvalidSignatureException", "The request signature we calculated does not match the signature you"
                        + " provided. Check your AWS Secret Access Key and signing method. Consult the service"
                        + " documentation for details.");
        assertRefused(() -> kms().authenticate(signed("us-east-1", "kms", NOW.minusSeconds(301), BODY)),
                "InvalidSignatureException",
                "Signature expired: 20260301T095459Z is now earlier than 20260301T095500Z (20260301T100000Z - 5 min.)");
        assertThat(kms().authenticate(signed("us-east-1", "kms", NOW.minusSeconds(300), BODY))).isNotNull();
        assertRefused(() -> kms().authenticate(signed("us-east-1", "kms", NOW.plusSeconds(301), BODY)),
                "InvalidSignatureException",
                "Signature not yet current: 20260301T100501Z is still later than 20260301T100500Z (20260301T100000Z + 5 min.)");
        assertThat(kms().authenticate(signed("us-east-1", "kms", NOW.plusSeconds(300), BODY))).isNotNull();
        assertRefused(() -> kms().authenticate(signed("us-east-1", "sts", NOW, BODY)), "InvalidSignatureException",
                "Credential should be scoped to correct service: 'kms'. ");
        assertRefused(() -> kms().authenticate(signed("narnia", "kms", NOW, BODY)), "InvalidSignatureException",
                "Credential should be scoped to a valid region. ");
        FullHttpRequest otherDay = signed("us-east-1", "kms", NOW, BODY);
        otherDay.headers().set("Authorization", otherDay.headers().get("Authorization").replace("/20260301/", "/20260228/"));
        assertRefused(() -> kms().authenticate(otherDay), "InvalidSignatureException",
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20260228' !="
                        + " '20260301', from '20260301T100000Z'.");
        FullHttpRequest noHost = signed("us-east-1", "kms", NOW, BODY);
        noHost.headers().set("Authorization", noHost.headers().get("Authorization").replace("host;", ""));
        assertRefused(() -> kms().authenticate(noHost), "IncompleteSignatureException",
                "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        FullHttpRequest unsigned = signed("us-east-1", "kms", NOW, BODY);
        unsigned.headers().remove("Authorization");
        assertRefused(() -> kms().authenticate(unsigned), "MissingAuthenticationTokenException",
                "Request is missing Authentication Token");
        FullHttpRequest noSignature = signed("us-east-1", "kms", NOW, BODY);
        String authorization = noSignature.headers().get("Authorization");
        noSignature.headers().set("Authorization", authorization.substring(0, authorization.indexOf(", Signature=")));
        assertRefused(() -> kms().authenticate(noSignature), "IncompleteSignatureException",
                "Authorization header requires 'Signature' parameter. Authorization="
                        + authorization.substring(0, authorization.indexOf(", Signature=")));
        SigV4Authenticator nobody = new SigV4Authenticator(CredentialStore.NONE, "kms", Clock.fixed(NOW, ZoneOffset.UTC));
        assertRefused(() -> nobody.authenticate(signed("us-east-1", "kms", NOW, BODY)), "UnrecognizedClientException",
                "The security token included in the request is invalid");
    }

    @Test
    void aSessionTokenGoesToTheStoreAndAnExpiredSessionIsExpiredTokenException() {
        Principal session = Principal.assumedRole(ACCOUNT, Partition.AWS, "/", "app", "AROAEXAMPLEID1234567", "s1",
                "ASIAEXAMPLE1234567890");
        SigningCredentials credentials = new SigningCredentials(session, secret(SECRET), NOW.plusSeconds(60));
        CredentialStore sessions = (key, token) -> "token-1".equals(token) ? CredentialStore.Lookup.found(credentials)
                : CredentialStore.Lookup.UNKNOWN;
        FullHttpRequest request = signedWithToken("token-1", NOW);
        assertThat(new SigV4Authenticator(sessions, "kms", Clock.fixed(NOW, ZoneOffset.UTC)).authenticate(request)
                .principal()).isEqualTo(session);
        assertRefused(() -> new SigV4Authenticator(sessions, "kms", Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC))
                .authenticate(signedWithToken("token-1", NOW.plusSeconds(60))), "ExpiredTokenException",
                "The security token included in the request is expired");
        assertRefused(() -> new SigV4Authenticator(sessions, "kms", Clock.fixed(NOW, ZoneOffset.UTC))
                .authenticate(signedWithToken("token-2", NOW)), "UnrecognizedClientException",
                "The security token included in the request is invalid");
        CredentialStore expired = (key, token) -> CredentialStore.Lookup.EXPIRED;
        assertRefused(() -> new SigV4Authenticator(expired, "kms", Clock.fixed(NOW, ZoneOffset.UTC))
                .authenticate(signedWithToken("token-1", NOW)), "ExpiredTokenException",
                "The security token included in the request is expired");
    }

    private static SigV4Authenticator kms() {
        Principal alice = Principal.user(ACCOUNT, Partition.AWS, "/", "alice", "AIDAEXAMPLEID12345678", KEY);
        return new SigV4Authenticator(store(alice, SECRET), "kms", Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static CredentialStore store(String key, String secret, Instant expiration) {
        return store(Principal.root(ACCOUNT, Partition.AWS, key), secret);
    }

    private static CredentialStore store(Principal principal, String secret) {
        SigningCredentials credentials = new SigningCredentials(principal, secret(secret), null);
        return (key, token) -> key.equals(principal.accessKeyId()) ? CredentialStore.Lookup.found(credentials)
                : CredentialStore.Lookup.UNKNOWN;
    }

    private static SecretBytes secret(String text) {
        return SecretBytes.copyOf(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String code,
            String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(WireException.class, refusal -> {
            assertThat(refusal.error().type()).isEqualTo(code);
            assertThat(refusal.error().message()).isEqualTo(message);
            assertThat(refusal.error().status().code()).isEqualTo(400);
        });
    }

    /** A KMS Encrypt request that the AWS SDK's SigV4 signer signs for {@code region} and {@code service}. */
    static FullHttpRequest signed(String region, String service, Instant time, String body) {
        return sign(AwsCredentialsIdentity.create(KEY, SECRET), region, service, time, body);
    }

    private static FullHttpRequest signedWithToken(String token, Instant time) {
        return sign(AwsSessionCredentialsIdentity.create("ASIAEXAMPLE1234567890", SECRET, token), "us-east-1", "kms",
                time, BODY);
    }

    private static FullHttpRequest sign(AwsCredentialsIdentity identity, String region, String service, Instant time,
            String body) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST)
                .uri(URI.create("http://localhost:8020/"))
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", "TrentService.Encrypt")
                .build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(signing -> signing.identity(identity).request(request)
                .payload(ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(time, ZoneOffset.UTC)));
        FullHttpRequest netty = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/",
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        signed.request().forEachHeader((name, values) -> values.forEach(value -> netty.headers().add(name, value)));
        return netty;
    }

    private static FullHttpRequest tampered(FullHttpRequest request) {
        byte[] body = bytes(request);
        body[body.length - 3] ^= 1;
        return request.replace(Unpooled.wrappedBuffer(body));
    }

    private static byte[] bytes(FullHttpRequest request) {
        byte[] body = new byte[request.content().readableBytes()];
        request.content().getBytes(request.content().readerIndex(), body);
        return body;
    }

    /** The suite's signed request {@code name} as Netty reads it: request line, header lines, the body. */
    private static FullHttpRequest suiteRequest(String name) throws IOException {
        String text = resource(name + "/header-signed-request.txt");
        int blank = text.indexOf("\n\n");
        String head = blank < 0 ? text : text.substring(0, blank);
        String body = blank < 0 ? "" : text.substring(blank + 2);
        List<String> lines = head.lines().toList();
        String requestLine = lines.get(0);
        String method = requestLine.substring(0, requestLine.indexOf(' '));
        String target = requestLine.substring(method.length() + 1, requestLine.lastIndexOf(' '));
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), target);
        for (String line : lines.subList(1, lines.size())) {
            int colon = line.indexOf(':');
            request.headers().add(line.substring(0, colon), line.substring(colon + 1).strip()); // as Netty reads it
        }
        String length = request.headers().get("Content-Length");
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        int size = length == null ? 0 : Integer.parseInt(length.trim());
        return request.replace(Unpooled.wrappedBuffer(content, 0, Math.min(size, content.length)));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = SigV4AuthenticatorTest.class.getResourceAsStream("/sigv4-test-suite/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
