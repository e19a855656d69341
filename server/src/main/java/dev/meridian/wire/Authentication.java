package dev.meridian.wire;

import dev.meridian.identity.CredentialStore;
import dev.meridian.identity.SecurityTokenService;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * How the server knows its callers, decided once at start: in <b>strict mode</b> the credentials of every
 * caller (the identity file's keys, then the STS sessions issued here), against which each request's SigV4
 * signature is verified; in <b>development mode</b> none, and any well-formed signature is the root of the account
 * {@link CallerAccounts} gives (a session token issued here makes the caller that session's role). Immutable.
 *
 * @param accounts the accounts of development mode's callers (and the configured account)
 * @param identityCredentials the identity file's credentials in strict mode; empty in development mode
 * @param securityTokenService STS, whose sessions are callers of both modes
 */
public record Authentication(CallerAccounts accounts, Optional<CredentialStore> identityCredentials,
        SecurityTokenService securityTokenService) {
    public Authentication {
        Objects.requireNonNull(accounts, "accounts");
        Objects.requireNonNull(identityCredentials, "identityCredentials");
        Objects.requireNonNull(securityTokenService, "securityTokenService");
    }

    /** Whether signatures are verified and policies enforced. */
    public boolean strict() {
        return identityCredentials.isPresent();
    }

    /** The authenticator of requests signed for {@code service} ({@code kms}, {@code cloudtrail}, {@code sts}). */
    Authenticator authenticatorFor(String service, Clock clock) {
        return identityCredentials
                .<Authenticator>map(credentials -> new SigV4Authenticator(
                        credentials.or(securityTokenService.sessions()), service, clock))
                .orElseGet(() -> new DevelopmentSessions(new CredentialScopeAuthenticator(accounts, service),
                        securityTokenService.sessions()));
    }
}
