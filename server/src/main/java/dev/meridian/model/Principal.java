package dev.meridian.model;

import java.util.Objects;

/**
 * Who makes a request: the principal the wire established from the request's signature. Immutable; holds
 * no secret (the access key ID is an identifier, never its secret key).
 *
 * @param type the kind of principal
 * @param account the account the principal belongs to
 * @param arn the principal's ARN ({@code arn:aws:iam::111122223333:root}, {@code ...:user/alice},
 *     {@code arn:aws:sts::111122223333:assumed-role/app/session})
 * @param name the user's or role's name; null for the root and services
 * @param sessionName the session's name for an assumed role; null otherwise
 * @param accessKeyId the access key the request was signed with; null when there is none (the core's own work)
 */
public record Principal(PrincipalType type, AccountId account, String arn, String name, String sessionName,
        String accessKeyId) {
    public Principal {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(arn, "arn");
        if (type == PrincipalType.ASSUMED_ROLE ? sessionName == null : sessionName != null) {
            throw new IllegalArgumentException("A session name belongs to an assumed role's session, and only to it");
        }
    }

    /** The root user of {@code account} in {@code partition}, signing with {@code accessKeyId} (may be null). */
    public static Principal root(AccountId account, Partition partition, String accessKeyId) {
        return new Principal(PrincipalType.ROOT, account, "arn:" + partition.arnName() + ":iam::" + account + ":root",
                null, null, accessKeyId);
    }
}
