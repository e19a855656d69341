package dev.meridian.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.meridian.crypto.FileRootKey;
import dev.meridian.identity.SessionCredentials;
import dev.meridian.identity.StsException;
import dev.meridian.model.AccountId;
import dev.meridian.model.Partition;
import dev.meridian.model.Principal;
import dev.meridian.model.PrincipalType;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** STS's wire below HTTP: which requests are STS's, the Query form, the XML, and development mode's sessions. */
class StsWireTest {
    private static final String SCOPE = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260301/us-east-1/%s/aws4_request,"
            + " SignedHeaders=host;x-amz-date, Signature=00";

    private static FullHttpRequest request(String uri, String contentType, String body) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, uri,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            request.headers().set("Content-Type", contentType);
        }
        return request;
    }

    @Test
    void stsRequestsAreThoseWithoutTargetWithAFormBodyOrAnStsScope() {
        FullHttpRequest form = request("/", "application/x-www-form-urlencoded; charset=utf-8", "Action=GetCallerIdentity");
        assertThat(StsEndpoint.isStsRequest(form)).isTrue();
        FullHttpRequest scoped = request("/?Action=GetCallerIdentity", null, "");
        scoped.headers().set("Authorization", String.format(SCOPE, "sts"));
        assertThat(StsEndpoint.isStsRequest(scoped)).isTrue();
        FullHttpRequest kms = request("/", "application/x-amz-json-1.1", "{}");
        kms.headers().set("X-Amz-Target", "TrentService.ListKeys").set("Authorization", String.format(SCOPE, "kms"));
        assertThat(StsEndpoint.isStsRequest(kms)).isFalse();
        FullHttpRequest targetedForm = request("/", "application/x-www-form-urlencoded", "Action=GetCallerIdentity");
        targetedForm.headers().set("X-Amz-Target", "TrentService.ListKeys");
        assertThat(StsEndpoint.isStsRequest(targetedForm)).isFalse();
        FullHttpRequest kmsScopeNoTarget = request("/", "application/x-amz-json-1.1", "{}");
        kmsScopeNoTarget.headers().set("Authorization", String.format(SCOPE, "kms"));
        assertThat(StsEndpoint.isStsRequest(kmsScopeNoTarget)).isFalse();
    }

    @Test
    void parametersComeFromTheQueryStringAndTheFormBody() {
        FullHttpRequest request = request("/?Version=2011-06-15", "application/x-www-form-urlencoded; charset=utf-8",
                "Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fapp&RoleSessionName=a%2Bb+c"
                        + "&PolicyArns.member.1.arn=x&Action=Ignored");
        var parameters = StsForm.parameters(request);
        assertThat(parameters).containsEntry("Version", "2011-06-15").containsEntry("Action", "AssumeRole")
                .containsEntry("RoleArn", "arn:aws:iam::111122223333:role/app")
                .containsEntry("RoleSessionName", "a+b c").containsEntry("PolicyArns.member.1.arn", "x");
        StsException malformed = catchThrowableOfType(StsException.class,
                () -> StsForm.parameters(request("/", "application/x-www-form-urlencoded", "Action=%zz")));
        assertThat(malformed.code()).isEqualTo("MalformedQueryString");
        assertThat(malformed.status()).isEqualTo(404);
    }

    @Test
    void answersAreStsXml() {
        Principal root = Principal.root(AccountId.of("111122223333"), Partition.AWS, "AKIDEXAMPLE");
        StsXml.Answer identity = StsXml.callerIdentity(root, "req-1");
        assertThat(identity.status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(identity.body()).isEqualTo("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                + "<GetCallerIdentityResult><Arn>arn:aws:iam::111122223333:root</Arn><UserId>111122223333</UserId>"
                + "<Account>111122223333</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>req-1</RequestId>"
                + "</ResponseMetadata></GetCallerIdentityResponse>");
        StsXml.Answer error = StsXml.error(StsException.accessDenied("User: a<b is not authorized"), "req-2");
        assertThat(error.status()).isEqualTo(HttpResponseStatus.FORBIDDEN);
        assertThat(error.body()).isEqualTo("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
                + "<Type>Sender</Type><Code>AccessDenied</Code><Message>User: a&lt;b is not authorized</Message></Error>"
                + "<RequestId>req-2</RequestId></ErrorResponse>");
        assertThat(StsXml.error(new StsException("InternalFailure", 500, "x"), "r").body()).contains("<Type>Receiver</Type>");
    }

    @Test
    void authenticationRefusalsTakeStsCodes() {
        assertThat(sts(WireError.badRequest("MissingAuthenticationTokenException", "Request is missing Authentication Token")))
                .isEqualTo("MissingAuthenticationToken 403 Request is missing Authentication Token");
        assertThat(sts(WireError.badRequest("UnrecognizedClientException", "The security token included in the request is invalid")))
                .isEqualTo("InvalidClientTokenId 403 The security token included in the request is invalid.");
        assertThat(sts(WireError.badRequest("ExpiredTokenException", "The security token included in the request is expired")))
                .isEqualTo("ExpiredToken 400 The security token included in the request is expired");
        assertThat(sts(WireError.badRequest("IncompleteSignatureException", "x"))).isEqualTo("IncompleteSignature 400 x");
        assertThat(sts(WireError.badRequest("InvalidSignatureException", "y"))).isEqualTo("SignatureDoesNotMatch 403 y");
    }

    private static String sts(WireError error) {
        StsException sts = StsXml.error(error);
        return sts.code() + " " + sts.status() + " " + sts.getMessage();
    }

    @Test
    void developmentModeTakesASessionTokenIssuedHereAsTheSessionsRole(@TempDir Path folder) {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
        SessionCredentials sessions = new SessionCredentials(FileRootKey.loadOrCreate(folder.resolve("root.key")), clock);
        SessionCredentials.Issued issued = sessions.issue(new SessionCredentials.Session(AccountId.of("111122223333"),
                Partition.AWS, "/", "app", "AROAEXAMPLEROLEID1234", "s1", clock.instant(), clock.instant().plusSeconds(900)));
        Authenticator authenticator = new DevelopmentSessions(
                new CredentialScopeAuthenticator(CallerAccounts.of(AccountId.of("111122223333"), true)), sessions);

        FullHttpRequest signed = signed(issued.accessKeyId(), issued.sessionToken());
        Principal caller = authenticator.authenticate(signed).principal();
        assertThat(caller.type()).isEqualTo(PrincipalType.ASSUMED_ROLE);
        assertThat(caller.arn()).isEqualTo("arn:aws:sts::111122223333:assumed-role/app/s1");

        assertThat(authenticator.authenticate(signed(issued.accessKeyId(), "garbage")).principal().type())
                .isEqualTo(PrincipalType.ROOT);
        assertThat(authenticator.authenticate(signed("AKIDEXAMPLE", null)).principal().type()).isEqualTo(PrincipalType.ROOT);

        clock.now = clock.now.plusSeconds(900);
        WireException expired = catchThrowableOfType(WireException.class, () -> authenticator.authenticate(
                signed(issued.accessKeyId(), issued.sessionToken())));
        assertThat(expired.error()).isEqualTo(WireError.badRequest("ExpiredTokenException",
                "The security token included in the request is expired"));
    }

    private static FullHttpRequest signed(String accessKeyId, String token) {
        FullHttpRequest request = request("/", "application/x-amz-json-1.1", "{}");
        request.headers().set("X-Amz-Date", "20260301T100000Z").set("Authorization", String.format(SCOPE, "kms")
                .replace("AKIDEXAMPLE", accessKeyId));
        if (token != null) {
            request.headers().set("X-Amz-Security-Token", token);
        }
        return request;
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
