package dev.meridian.wire;

import dev.meridian.model.Region;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The parts of a request's SigV4 {@code Authorization} header ({@code AWS4-HMAC-SHA256 Credential=AKID/DAY/REGION/
 * SERVICE/aws4_request, SignedHeaders=..., Signature=...}) and its date header, read with the refusals AWS's JSON
 * services answer. Both authenticators read a request through it: development mode's, which trusts the signature,
 * and strict mode's, which verifies it. Immutable.
 *
 * @param credential the {@code Credential} value (access key ID and scope)
 * @param signedHeaders the {@code SignedHeaders} value, as sent
 * @param signedHeaderList its header names
 * @param signature the {@code Signature} value (hex)
 * @param amzDate the {@code X-Amz-Date} header; null when absent
 * @param httpDate the {@code Date} header; null when absent (one of the two is present)
 */
record SigV4Header(String credential, String signedHeaders, List<String> signedHeaderList, String signature,
        String amzDate, String httpDate) {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final DateTimeFormatter BASIC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /**
     * Reads the header: {@code MissingAuthenticationTokenException} without one, {@code IncompleteSignatureException}
     * when it is not SigV4, a part is not {@code key=value}, or a part or the date header is missing (all the missing
     * ones named in one message, as AWS does).
     */
    static SigV4Header parse(FullHttpRequest request) {
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (authorization == null || authorization.isBlank()) {
            throw new WireException(WireError.badRequest("MissingAuthenticationTokenException",
                    "Request is missing Authentication Token"));
        }
        if (!authorization.startsWith(ALGORITHM + " ")) {
            throw incomplete("Unsupported authorization type. Authorization=" + authorization);
        }
        String credential = null;
        String signature = null;
        String signedHeaders = null;
        for (String part : authorization.substring(ALGORITHM.length() + 1).split(",")) {
            String trimmed = part.trim();
            int equals = trimmed.indexOf('=');
            if (equals < 0) {
                throw incomplete("'" + trimmed + "' not a valid key=value pair (missing equal-sign) in Authorization"
                        + " header: '" + authorization + "'.");
            }
            String name = trimmed.substring(0, equals);
            String value = trimmed.substring(equals + 1);
            switch (name) {
                case "Credential" -> credential = value;
                case "Signature" -> signature = value;
                case "SignedHeaders" -> signedHeaders = value;
                default -> { }
            }
        }
        String amzDate = request.headers().get("X-Amz-Date");
        String httpDate = request.headers().get(HttpHeaderNames.DATE);
        StringBuilder missing = new StringBuilder();
        if (credential == null) {
            missing.append("Authorization header requires 'Credential' parameter. ");
        }
        if (signature == null) {
            missing.append("Authorization header requires 'Signature' parameter. ");
        }
        if (signedHeaders == null) {
            missing.append("Authorization header requires 'SignedHeaders' parameter. ");
        }
        if (amzDate == null && httpDate == null) {
            missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
        }
        if (missing.length() > 0) {
            throw incomplete(missing + "Authorization=" + authorization);
        }
        return new SigV4Header(credential, signedHeaders, List.of(signedHeaders.split(";", -1)), signature, amzDate,
                httpDate);
    }

    /**
     * The credential's five parts (access key ID, day, Region, service, {@code aws4_request}), checked:
     * {@code InvalidSignatureException} when the scope names no valid Region or another service than {@code service}.
     */
    String[] scope(String service) {
        String[] scope = credential.split("/", -1);
        if (scope.length != 5 || !scope[4].equals("aws4_request") || !Region.isWellFormed(scope[2])) {
            throw SigV4Authenticator.invalid("Credential should be scoped to a valid region. ");
        }
        if (!scope[3].equals(service)) {
            throw SigV4Authenticator.invalid("Credential should be scoped to correct service: '" + service + "'. ");
        }
        return scope;
    }

    /** The request's time: {@code X-Amz-Date}, else {@code Date}; {@code IncompleteSignatureException} when malformed. */
    Instant date() {
        try {
            return amzDate != null ? Instant.from(BASIC.parse(amzDate))
                    : ZonedDateTime.parse(httpDate, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw incomplete("Date must be in ISO-8601 'basic format'. Got '" + (amzDate != null ? amzDate : httpDate)
                    + "'. See http://en.wikipedia.org/wiki/ISO_8601");
        }
    }

    /** The request's time as the string to sign carries it (ISO 8601 basic format). */
    String dateText() {
        return amzDate != null ? amzDate : BASIC.format(date());
    }

    private static WireException incomplete(String message) {
        return SigV4Authenticator.incomplete(message);
    }
}
