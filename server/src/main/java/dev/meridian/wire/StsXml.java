package dev.meridian.wire;

import dev.meridian.identity.SecurityTokenService.AssumedRole;
import dev.meridian.identity.StsException;
import dev.meridian.model.Principal;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/**
 * STS's XML: an action's {@code <ActionResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">} with its
 * {@code <ActionResult>} and {@code <ResponseMetadata><RequestId>}, and the Query protocol's
 * {@code <ErrorResponse><Error><Type>Sender|Receiver</Type><Code/><Message/></Error><RequestId/></ErrorResponse>}.
 * Text is escaped; the secret access key appears only in AssumeRole's answer.
 */
final class StsXml {
    static final String CONTENT_TYPE = "text/xml";
    static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";

    private StsXml() {
    }

    /** An answer: its status, its error code (null for a success) and its XML. */
    record Answer(HttpResponseStatus status, String code, String body) {
    }

    static Answer callerIdentity(Principal caller, String requestId) {
        return success("GetCallerIdentity", "<Arn>" + escape(caller.arn()) + "</Arn><UserId>"
                + escape(caller.principalId()) + "</UserId><Account>" + caller.account().value() + "</Account>",
                requestId);
    }

    static Answer assumedRole(AssumedRole assumed, String requestId) {
        var credentials = assumed.credentials();
        byte[] secret = credentials.secretAccessKey().toByteArray();
        String result = "<AssumedRoleUser><AssumedRoleId>" + escape(assumed.assumedRoleId()) + "</AssumedRoleId><Arn>"
                + escape(assumed.arn()) + "</Arn></AssumedRoleUser><Credentials><AccessKeyId>"
                + credentials.accessKeyId() + "</AccessKeyId><SecretAccessKey>"
                + escape(new String(secret, StandardCharsets.UTF_8)) + "</SecretAccessKey><SessionToken>"
                + credentials.sessionToken() + "</SessionToken><Expiration>" + credentials.session().expiration()
                + "</Expiration></Credentials>";
        java.util.Arrays.fill(secret, (byte) 0);
        return success("AssumeRole", result, requestId);
    }

    private static Answer success(String action, String result, String requestId) {
        return new Answer(HttpResponseStatus.OK, null, "<" + action + "Response xmlns=\"" + NAMESPACE + "\"><" + action
                + "Result>" + result + "</" + action + "Result><ResponseMetadata><RequestId>" + requestId
                + "</RequestId></ResponseMetadata></" + action + "Response>");
    }

    static Answer error(StsException error, String requestId) {
        HttpResponseStatus status = HttpResponseStatus.valueOf(error.status());
        String type = status.code() >= 500 ? "Receiver" : "Sender";
        String message = error.getMessage() == null ? "" : "<Message>" + escape(error.getMessage()) + "</Message>";
        return new Answer(status, error.code(), "<ErrorResponse xmlns=\"" + NAMESPACE + "\"><Error><Type>" + type
                + "</Type><Code>" + escape(error.code()) + "</Code>" + message + "</Error><RequestId>" + requestId
                + "</RequestId></ErrorResponse>");
    }

    /**
     * STS's form of an authenticator's refusal, which the authenticators give in KMS's JSON shapes: the same
     * failure under the Query protocol's code and status ({@code UnrecognizedClientException} is
     * {@code InvalidClientTokenId} 403, {@code ExpiredTokenException} is {@code ExpiredToken} 400, ...).
     */
    static StsException error(WireError error) {
        String message = error.message();
        return switch (error.type()) {
            case "MissingAuthenticationTokenException" -> new StsException("MissingAuthenticationToken", 403,
                    "Request is missing Authentication Token");
            case "UnrecognizedClientException" -> new StsException("InvalidClientTokenId", 403,
                    "The security token included in the request is invalid.");
            case "ExpiredTokenException" -> new StsException("ExpiredToken", 400,
                    "The security token included in the request is expired");
            case "IncompleteSignatureException" -> new StsException("IncompleteSignature", 400, message);
            case "InvalidSignatureException" -> new StsException("SignatureDoesNotMatch", 403, message);
            case "AccessDeniedException" -> new StsException("AccessDenied", 403, message);
            case "ThrottlingException" -> new StsException("Throttling", 400, message);
            default -> new StsException(error.type().endsWith("Exception")
                    ? error.type().substring(0, error.type().length() - "Exception".length()) : error.type(),
                    error.status().code(), message);
        };
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&apos;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
