package dev.meridian.wire;

import dev.meridian.model.Principal;
import dev.meridian.model.Region;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;

/**
 * Reads the Region from the SigV4 credential scope ({@code Credential=AKID/date/region/kms/aws4_request})
 * and accepts any well-formed signature; every caller is the root of the account {@link CallerAccounts} gives
 * for its access key ID. Signature
 * verification and principals come with the authorization work: this class is where they plug in.
 */
final class CredentialScopeAuthenticator implements Authenticator {
    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
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
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (authorization == null || authorization.isBlank()) {
            throw new WireException(WireError.badRequest("MissingAuthenticationTokenException",
                    "Request is missing Authentication Token"));
        }
        if (!authorization.startsWith(ALGORITHM + " ")) {
            throw incomplete("Unsupported authorization type. Authorization=" + authorization);
        }
        String credential = null;
        boolean signature = false;
        boolean signedHeaders = false;
        for (String part : authorization.substring(ALGORITHM.length() + 1).split(",")) {
            String trimmed = part.trim();
            int equals = trimmed.indexOf('=');
            if (equals < 0) {
                throw incomplete("'" + trimmed + "' not a valid key=value pair (missing equal-sign) in Authorization header: '"
                        + authorization + "'.");
            }
            String name = trimmed.substring(0, equals);
            if (name.equals("Credential")) {
                credential = trimmed.substring(equals + 1);
            } else if (name.equals("Signature")) {
                signature = true;
            } else if (name.equals("SignedHeaders")) {
                signedHeaders = true;
            }
        }
        StringBuilder missing = new StringBuilder();
        if (credential == null) {
            missing.append("Authorization header requires 'Credential' parameter. ");
        }
        if (!signature) {
            missing.append("Authorization header requires 'Signature' parameter. ");
        }
        if (!signedHeaders) {
            missing.append("Authorization header requires 'SignedHeaders' parameter. ");
        }
        if (!request.headers().contains("X-Amz-Date") && !request.headers().contains(HttpHeaderNames.DATE)) {
            missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
        }
        if (missing.length() > 0) {
            throw incomplete(missing + "Authorization=" + authorization);
        }
        String[] scope = credential.split("/");
        if (scope.length != 5 || !scope[4].equals("aws4_request")) {
            throw invalid("Credential should be scoped to a valid region. ");
        }
        if (!Region.isWellFormed(scope[2])) {
            throw invalid("Credential should be scoped to a valid region. ");
        }
        if (!scope[3].equals(service)) {
            throw invalid("Credential should be scoped to correct service: '" + service + "'. ");
        }
        Region region = Region.of(scope[2]);
        String accessKeyId = scope[0].isEmpty() ? null : scope[0];
        return new Identity(Principal.root(accounts.accountOf(scope[0]), region.partition(), accessKeyId), region);
    }

    /** A scope that names no valid Region or another service: AWS's JSON services answer InvalidSignatureException. */
    private static WireException invalid(String message) {
        return new WireException(WireError.badRequest("InvalidSignatureException", message));
    }

    private static WireException incomplete(String message) {
        return new WireException(WireError.badRequest("IncompleteSignatureException", message));
    }
}
