package dev.meridian.audit;

import dev.meridian.model.Principal;
import java.time.Instant;
import java.util.Objects;

/**
 * Who made a recorded request, as CloudTrail's {@code userIdentity} element shows it. Absent parts are
 * null and are left out of the record.
 *
 * @param type {@code Root}, {@code IAMUser}, {@code Unknown}..., or null for the service's own events
 * @param principalId the principal's ID (the account ID for the root)
 * @param arn the principal's ARN
 * @param accountId the account the principal belongs to
 * @param accessKeyId the access key the request was signed with
 * @param invokedBy the service that acted, for calls a service made ({@code kms.amazonaws.com}) or its
 *     own events ({@code AWS Internal})
 * @param sessionContext the session a role's temporary credentials belong to ({@code AssumedRole}); null for
 *     callers with long-term keys (the root, IAM users), whose records AWS shows without one
 */
public record UserIdentity(String type, String principalId, String arn, String accountId, String accessKeyId,
        String invokedBy, SessionContext sessionContext) {
    /** What CloudTrail shows in {@code invokedBy} and {@code sourceIPAddress} for KMS's own events. */
    public static final String AWS_INTERNAL = "AWS Internal";
    /** What CloudTrail shows in {@code invokedBy} for a call KMS made on the caller's behalf. */
    public static final String KMS_SERVICE = "kms.amazonaws.com";

    /** An identity without a session context: every caller but a role's session. */
    public UserIdentity(String type, String principalId, String arn, String accountId, String accessKeyId,
            String invokedBy) {
        this(type, principalId, arn, accountId, accessKeyId, invokedBy, null);
    }

    /**
     * CloudTrail's {@code userIdentity.sessionContext} of a role's session: the role that issued it
     * ({@code sessionIssuer}, of type {@code Role}) and when it was issued. Holds no credential (no session token,
     * no secret). Meridian's sessions are never MFA-authenticated ({@code mfaAuthenticated} is {@code "false"}).
     *
     * @param issuerPrincipalId the role's unique ID ({@code AROA...})
     * @param issuerArn the role's ARN with its path ({@code arn:aws:iam::ACCOUNT:role/PATH/NAME})
     * @param issuerAccountId the role's account
     * @param issuerUserName the role's name, without its path
     * @param creationDate when the session was issued, in whole seconds; null when not known (a session token of
     *     the format before it carried the time), and then left out of the record rather than guessed
     */
    public record SessionContext(String issuerPrincipalId, String issuerArn, String issuerAccountId,
            String issuerUserName, Instant creationDate) {
        public SessionContext {
            Objects.requireNonNull(issuerArn, "issuerArn");
        }
    }

    /** The account's root user, signing with {@code accessKeyId} (may be null). */
    public static UserIdentity root(String accountId, String rootArn, String accessKeyId) {
        return new UserIdentity("Root", accountId, rootArn, accountId, accessKeyId, null);
    }

    /** The identity CloudTrail shows for {@code principal}, by its type. */
    public static UserIdentity of(Principal principal) {
        String account = principal.account().toString();
        return switch (principal.type()) {
            case ROOT -> root(account, principal.arn(), principal.accessKeyId());
            case IAM_USER -> new UserIdentity("IAMUser", principal.principalId(), principal.arn(), account,
                    principal.accessKeyId(), null);
            case ASSUMED_ROLE -> new UserIdentity("AssumedRole", principal.principalId(), principal.arn(), account,
                    principal.accessKeyId(), null, new SessionContext(principal.sessionIssuerId(),
                            principal.sessionIssuerArn(), account, principal.name(), principal.sessionCreationDate()));
            case AWS_SERVICE -> service(account);
        };
    }

    /** A caller whose identity could not be established (a request refused before authentication). */
    public static UserIdentity unknown(String accessKeyId) {
        return new UserIdentity("Unknown", null, null, null, accessKeyId, null);
    }

    /** KMS itself, for its own events (synchronization, rotation, deletion). */
    public static UserIdentity service(String accountId) {
        return new UserIdentity(null, null, null, accountId, null, AWS_INTERNAL);
    }

    /** This identity, as the caller on whose behalf KMS made a call in another Region. */
    public UserIdentity invokedByKms() {
        return new UserIdentity(type, principalId, arn, accountId, accessKeyId, KMS_SERVICE, sessionContext);
    }

    /**
     * The name LookupEvents shows as {@code Username}: {@code root} for the root user, the last part of an
     * IAM principal's ARN, null for the service's own events.
     */
    public String userName() {
        if ("Root".equals(type)) {
            return "root";
        }
        if (arn != null && type != null && !"Unknown".equals(type)) {
            return arn.substring(arn.lastIndexOf('/') + 1);
        }
        return null;
    }
}
