package dev.meridian.model;

import java.time.Instant;
import java.util.Objects;

/**
 * Everything known of who makes a request and how, built once by the wire for each request and read, unchanged,
 * by the core, the policy evaluator and the audit trail: the caller as a typed {@link Principal}, the Region the
 * request was signed for, the source IP address, the time the request arrived, its request ID and the ID of its
 * audit record, and whether it came over TLS. The core trusts it. Immutable, but for the append-only
 * {@link ResolvedKeys} through which the core reports the keys it resolved for the request.
 *
 * <p>A context made by the core for its own work or by tests ({@link #root}) has no source IP, time, request ID
 * or audit event ID (all null).
 *
 * @param principal who makes the request
 * @param region the Region the request was signed for
 * @param sourceIp the client's IP address as the connection shows it; null when unknown
 * @param time when the request arrived; null for the core's own work
 * @param requestId the request ID the response carries; null for the core's own work
 * @param auditEventId the ID of the request's audit record, which GetKeyLastUsage reports for the last use of a
 *     key; null for the core's own work
 * @param secureTransport whether the request came over TLS ({@code aws:SecureTransport})
 * @param resolvedKeys the keys the core resolved for the request (the audit trail's resources)
 * @param recipient the enclave the request's {@code Recipient} attested, once the wire verified its document; null
 *     for a request without one
 */
public record RequestContext(Principal principal, Region region, String sourceIp, Instant time, String requestId,
        String auditEventId, boolean secureTransport, ResolvedKeys resolvedKeys, RecipientAttestation recipient) {
    public RequestContext {
        if (principal == null || region == null || resolvedKeys == null) {
            throw new IllegalArgumentException("A request context has a principal, a Region and its resolved keys");
        }
    }

    /** A client's request, with an empty account of resolved keys. */
    public RequestContext(Principal principal, Region region, String sourceIp, Instant time, String requestId,
            String auditEventId, boolean secureTransport) {
        this(principal, region, sourceIp, time, requestId, auditEventId, secureTransport, ResolvedKeys.forRequest(), null);
    }

    /** A context whose request is not identified (the core's own work, the console, tests) for {@code principal}. */
    public static RequestContext unidentified(Principal principal, Region region) {
        return new RequestContext(principal, region, null, null, null, null, false, ResolvedKeys.NONE, null);
    }

    /** The account's root principal, as IAM names it, in an unidentified context. */
    public static RequestContext root(AccountId account, Region region) {
        return unidentified(Principal.root(account, region.partition(), null), region);
    }

    /**
     * The same request, sharing its account of resolved keys, as made in {@code otherRegion} (a multi-Region
     * operation's other side).
     */
    public RequestContext inRegion(Region otherRegion) {
        return new RequestContext(principal, otherRegion, sourceIp, time, requestId, auditEventId, secureTransport,
                resolvedKeys, recipient);
    }

    /**
     * The same request, sharing its account of resolved keys, with the enclave its {@code Recipient} attested
     * ({@code kms:RecipientAttestation:*}).
     */
    public RequestContext withRecipient(RecipientAttestation attested) {
        return new RequestContext(principal, region, sourceIp, time, requestId, auditEventId, secureTransport,
                resolvedKeys, attested);
    }

    /** The caller's account: the principal's. */
    public AccountId account() {
        return principal.account();
    }

    /** The caller's principal ARN. */
    public String principalArn() {
        return principal.arn();
    }

    /** The start of the ARN of a KMS resource of the caller's account in the request's Region. */
    public String arnPrefix() {
        return "arn:" + region.partition().arnName() + ":kms:" + region + ":" + account() + ":";
    }
}
