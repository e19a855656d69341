package dev.meridian.model;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Who makes a request: the principal the wire established from the request's signature. Immutable; holds
 * no secret (the access key ID is an identifier, never its secret key). Made through the factories
 * ({@link #root}, {@link #user}, {@link #assumedRole}), which build the ARNs as IAM and STS spell them.
 *
 * @param type the kind of principal
 * @param account the account the principal belongs to
 * @param arn the principal's ARN ({@code arn:aws:iam::111122223333:root}, {@code ...:user/alice},
 *     {@code arn:aws:sts::111122223333:assumed-role/app/session})
 * @param name the user's or role's name; null for the root and services
 * @param sessionName the session's name for an assumed role; null otherwise
 * @param accessKeyId the access key the request was signed with; null when there is none (the core's own work)
 * @param principalId the principal's unique ID, as {@code aws:userid} and CloudTrail's {@code principalId} show
 *     it: the account ID for the root, the user's ID ({@code AIDA...}) for a user, {@code ROLEID:SESSION}
 *     ({@code AROA...:session}) for a role's session; null for services
 * @param sessionIssuerArn the role's ARN ({@code arn:aws:iam::ACCOUNT:role/PATH/NAME}) for a role's session,
 *     which key policies name to allow its sessions ({@code aws:PrincipalArn}); null otherwise
 * @param sessionCreationDate when a role's session was issued (whole seconds), as CloudTrail's
 *     {@code sessionContext.attributes.creationDate} shows it; null for other principals and for a session whose
 *     token does not tell (one issued before tokens carried it)
 */
public record Principal(PrincipalType type, AccountId account, String arn, String name, String sessionName,
        String accessKeyId, String principalId, String sessionIssuerArn, Instant sessionCreationDate) {
    public Principal {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(arn, "arn");
        if (type == PrincipalType.ASSUMED_ROLE ? sessionName == null : sessionName != null) {
            throw new IllegalArgumentException("A session name belongs to an assumed role's session, and only to it");
        }
        if (type == PrincipalType.ASSUMED_ROLE ? sessionIssuerArn == null : sessionIssuerArn != null) {
            throw new IllegalArgumentException("A session issuer belongs to an assumed role's session, and only to it");
        }
        if (sessionCreationDate != null && type != PrincipalType.ASSUMED_ROLE) {
            throw new IllegalArgumentException("A session's creation date belongs to an assumed role's session");
        }
    }

    /** The root user of {@code account} in {@code partition}, signing with {@code accessKeyId} (may be null). */
    public static Principal root(AccountId account, Partition partition, String accessKeyId) {
        return new Principal(PrincipalType.ROOT, account, "arn:" + partition.arnName() + ":iam::" + account + ":root",
                null, null, accessKeyId, account.value(), null, null);
    }

    /**
     * The IAM user {@code path}{@code name} of {@code account} ({@code arn:aws:iam::ACCOUNT:user/PATH/NAME}; the
     * path starts and ends with {@code /}), whose unique ID is {@code userId}, signing with {@code accessKeyId}.
     */
    public static Principal user(AccountId account, Partition partition, String path, String name, String userId,
            String accessKeyId) {
        return new Principal(PrincipalType.IAM_USER, account,
                "arn:" + partition.arnName() + ":iam::" + account + ":user" + path + name, name, null, accessKeyId,
                userId, null, null);
    }

    /**
     * A session {@code sessionName} of the role {@code rolePath}{@code roleName} (unique ID {@code roleId}) of
     * {@code account}: {@code arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION} (STS leaves the role's path out of
     * it), its issuer the role's ARN with its path; its creation date not known.
     */
    public static Principal assumedRole(AccountId account, Partition partition, String rolePath, String roleName,
            String roleId, String sessionName, String accessKeyId) {
        return assumedRole(account, partition, rolePath, roleName, roleId, sessionName, accessKeyId, null);
    }

    /** The same, for a session issued at {@code creationDate} (null: not known), kept to whole seconds. */
    public static Principal assumedRole(AccountId account, Partition partition, String rolePath, String roleName,
            String roleId, String sessionName, String accessKeyId, Instant creationDate) {
        String prefix = "arn:" + partition.arnName() + ":";
        return new Principal(PrincipalType.ASSUMED_ROLE, account,
                prefix + "sts::" + account + ":assumed-role/" + roleName + "/" + sessionName, roleName, sessionName,
                accessKeyId, roleId + ":" + sessionName, prefix + "iam::" + account + ":role" + rolePath + roleName,
                creationDate == null ? null : creationDate.truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * The unique ID of the role whose session this is ({@code AROA...}, CloudTrail's
     * {@code sessionIssuer.principalId}): {@link #principalId} without its {@code :SESSION}; null for other principals.
     */
    public String sessionIssuerId() {
        String suffix = ":" + sessionName;
        if (type != PrincipalType.ASSUMED_ROLE || principalId == null || !principalId.endsWith(suffix)) {
            return null;
        }
        return principalId.substring(0, principalId.length() - suffix.length());
    }
}
