package dev.meridian.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.audit.UserIdentity;
import dev.meridian.model.AccountId;
import dev.meridian.model.Principal;
import dev.meridian.model.PrincipalType;
import dev.meridian.model.Region;
import dev.meridian.model.RequestContext;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The one request context: the authenticator establishes a typed principal once, the handler completes it with
 * what the connection knows, and the audit trail's {@code userIdentity} follows from the principal's type.
 */
class RequestContextTest {
    private static final AccountId CONFIGURED = AccountId.of("111122223333");
    private static final Authenticator AUTHENTICATOR = new CredentialScopeAuthenticator(CallerAccounts.of(CONFIGURED, true));

    @Test
    void theSignatureEstablishesTheRootOfTheAccessKeysAccountWithItsAccessKey() {
        Authenticator.Identity identity = AUTHENTICATOR.authenticate(signed("AKIDEXAMPLE/20260101/eu-west-1/kms/aws4_request"));
        Principal principal = identity.principal();
        assertThat(identity.region()).isEqualTo(Region.of("eu-west-1"));
        assertThat(principal.type()).isEqualTo(PrincipalType.ROOT);
        assertThat(principal.account()).isEqualTo(CONFIGURED);
        assertThat(principal.arn()).isEqualTo("arn:aws:iam::111122223333:root");
        assertThat(principal.accessKeyId()).isEqualTo("AKIDEXAMPLE");
        assertThat(principal.sessionName()).isNull();

        Principal other = AUTHENTICATOR.authenticate(signed("222222222222/20260101/cn-north-1/kms/aws4_request")).principal();
        assertThat(other.arn()).isEqualTo("arn:aws-cn:iam::222222222222:root");
        assertThat(AUTHENTICATOR.authenticate(signed("/20260101/us-east-1/kms/aws4_request")).principal().accessKeyId())
                .isNull();
    }

    @Test
    void theContextCarriesWhatTheHandlerKnowsOfTheRequest() {
        Authenticator.Identity identity = AUTHENTICATOR.authenticate(signed("AKIDEXAMPLE/20260101/eu-west-1/kms/aws4_request"));
        Instant time = Instant.parse("2026-01-01T12:00:00Z");
        RequestContext context = identity.context("192.0.2.7", time, "request-1", "event-1", false);
        assertThat(context.account()).isEqualTo(CONFIGURED);
        assertThat(context.principalArn()).isEqualTo("arn:aws:iam::111122223333:root");
        assertThat(context.sourceIp()).isEqualTo("192.0.2.7");
        assertThat(context.time()).isEqualTo(time);
        assertThat(context.requestId()).isEqualTo("request-1");
        assertThat(context.auditEventId()).isEqualTo("event-1");
        assertThat(context.secureTransport()).isFalse();
        assertThat(context.arnPrefix()).isEqualTo("arn:aws:kms:eu-west-1:111122223333:");

        RequestContext replica = context.inRegion(Region.of("us-west-2"));
        assertThat(replica.region()).isEqualTo(Region.of("us-west-2"));
        assertThat(replica.principal()).isEqualTo(context.principal());
        assertThat(replica.requestId()).isEqualTo("request-1");
    }

    @Test
    void theAuditIdentityFollowsFromThePrincipalsType() {
        assertThat(UserIdentity.of(Principal.root(CONFIGURED, Region.of("us-east-1").partition(), "AKID")))
                .isEqualTo(new UserIdentity("Root", "111122223333", "arn:aws:iam::111122223333:root", "111122223333",
                        "AKID", null));
        String userArn = "arn:aws:iam::111122223333:user/alice";
        assertThat(UserIdentity.of(Principal.user(CONFIGURED, Region.of("us-east-1").partition(), "/", "alice",
                "AIDAALICE", "AKIAALICE"))).isEqualTo(new UserIdentity("IAMUser", "AIDAALICE", userArn, "111122223333", "AKIAALICE", null));
        Instant created = Instant.parse("2026-12-02T10:00:00Z");
        assertThat(UserIdentity.of(Principal.assumedRole(CONFIGURED, Region.of("us-east-1").partition(), "/ops/", "app",
                "AROAAPPEXAMPLE000001", "s1", "ASIAAPP", created))).isEqualTo(new UserIdentity("AssumedRole",
                "AROAAPPEXAMPLE000001:s1", "arn:aws:sts::111122223333:assumed-role/app/s1", "111122223333", "ASIAAPP", null,
                new UserIdentity.SessionContext("AROAAPPEXAMPLE000001", "arn:aws:iam::111122223333:role/ops/app",
                        "111122223333", "app", created)));
    }

    @Test
    void onlyAnAssumedRoleHasASession() {
        assertThatThrownBy(() -> new Principal(PrincipalType.IAM_USER, CONFIGURED, "arn:aws:iam::111122223333:user/alice",
                "alice", "session", null, "AIDAALICE", null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Principal(PrincipalType.ASSUMED_ROLE, CONFIGURED,
                "arn:aws:sts::111122223333:assumed-role/app/s", "app", null, null, "AROAAPP:s",
                "arn:aws:iam::111122223333:role/app", null)).isInstanceOf(IllegalArgumentException.class);
    }

    private static FullHttpRequest signed(String credential) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/", Unpooled.EMPTY_BUFFER);
        request.headers().set("Authorization", "AWS4-HMAC-SHA256 Credential=" + credential
                + ", SignedHeaders=host;x-amz-date, Signature=0123");
        request.headers().set("X-Amz-Date", "20260101T000000Z");
        return request;
    }
}
