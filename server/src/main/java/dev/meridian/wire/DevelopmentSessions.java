package dev.meridian.wire;

import dev.meridian.identity.CredentialStore;
import io.netty.handler.codec.http.FullHttpRequest;

/**
 * Development mode's authentication of STS sessions: what {@code scope} establishes (any well-formed signature; the
 * account's root), except that a request presenting a session token this server issued
 * ({@code X-Amz-Security-Token}, with the access key ID it was issued with) is the session's assumed role, and one
 * whose session has expired is refused with {@code ExpiredTokenException} (400), as AWS KMS refuses it. A token not
 * issued here changes nothing: development mode accepts any credentials. Signatures are not verified (strict mode's
 * authenticator does that). Thread-safe.
 */
final class DevelopmentSessions implements Authenticator {
    static final String SECURITY_TOKEN = "X-Amz-Security-Token";
    private final Authenticator scope;
    private final CredentialStore sessions;

    DevelopmentSessions(Authenticator scope, CredentialStore sessions) {
        this.scope = scope;
        this.sessions = sessions;
    }

    @Override
    public Identity authenticate(FullHttpRequest request) {
        Identity identity = scope.authenticate(request);
        String token = request.headers().get(SECURITY_TOKEN);
        if (token == null) {
            return identity;
        }
        CredentialStore.Lookup lookup = sessions.lookup(identity.principal().accessKeyId(), token);
        return switch (lookup.outcome()) {
            case FOUND -> new Identity(lookup.credentials().principal(), identity.region());
            case EXPIRED -> throw new WireException(WireError.badRequest("ExpiredTokenException",
                    "The security token included in the request is expired"));
            case UNKNOWN -> identity;
        };
    }
}
