package dev.meridian.wire;

import dev.meridian.model.Principal;
import dev.meridian.model.Region;
import io.netty.handler.codec.http.FullHttpRequest;

/**
 * Reads the Region from the SigV4 credential scope ({@code Credential=AKID/date/region/kms/aws4_request})
 * and accepts any well-formed signature; every caller is the root of the account {@link CallerAccounts} gives
 * for its access key ID. Signature
 * verification and principals come with the authorization work: this class is where they plug in.
 */
final class CredentialScopeAuthenticator implements Authenticator {
    private final CallerAccounts accounts;
    private final String service;

    CredentialScopeAuthenticator(CallerAccounts accounts) {
        this(accounts, "kms");
    }

    /** For requests signed for another service on the same endpoint ({@code cloudtrail}). */
    CredentialScopeAuthenticator(CallerAccounts accounts, String service) {
        this.accounts = accounts;
        this.service = service;
    }

    @Override
    public Identity authenticate(FullHttpRequest request) {
        String[] scope = SigV4Header.parse(request).scope(service);
        Region region = Region.of(scope[2]);
        String accessKeyId = scope[0].isEmpty() ? null : scope[0];
        return new Identity(Principal.root(accounts.accountOf(scope[0]), region.partition(), accessKeyId), region);
    }
}
