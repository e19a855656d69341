package dev.meridian.core;

import dev.meridian.model.KeyRecord;
import dev.meridian.model.Principal;
import dev.meridian.model.RequestContext;
import dev.meridian.model.Tag;
import dev.meridian.policy.ConditionContext;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The condition keys of one request, as IAM's request context holds them, built once per authorization:
 * <ul>
 * <li>the caller's, for every operation: {@code aws:PrincipalArn} (a role's ARN for its sessions),
 *     {@code aws:PrincipalAccount}, {@code aws:PrincipalType} ({@code Account}, {@code User},
 *     {@code AssumedRole}), {@code aws:username} (users only), {@code aws:userid}, {@code aws:SourceIp} (when
 *     known), {@code aws:CurrentTime}, {@code aws:EpochTime}, {@code aws:SecureTransport},
 *     {@code aws:RequestedRegion} and {@code kms:CallerAccount}; {@code kms:ViaService} is absent: every request
 *     is a direct call;</li>
 * <li>the key's, for an operation on a key ("KMS key resource operations"): {@code kms:KeySpec} (and the
 *     deprecated {@code kms:CustomerMasterKeySpec}), {@code kms:KeyUsage} (and {@code kms:CustomerMasterKeyUsage}),
 *     {@code kms:KeyOrigin}, {@code kms:MultiRegion}, {@code kms:MultiRegionKeyType} (multi-Region keys only),
 *     {@code kms:ResourceAliases} (the key's alias names, possibly none) and {@code aws:ResourceTag/KEY};</li>
 * <li>the request's own, which each operation puts in its {@link Access} (encryption context, algorithms,
 *     grant parameters, request tags, ...).</li>
 * </ul>
 * Booleans are {@code true}/{@code false}, times ISO 8601 in UTC to the second, as IAM writes them.
 */
final class ConditionKeys {
    private ConditionKeys() {
    }

    /** The caller's keys and the request's: for an operation on no key, or on an alias. */
    static ConditionContext forRequest(RequestContext caller, Instant now, Access access) {
        ConditionContext.Builder builder = ConditionContext.builder();
        caller(builder, caller, now);
        access.addTo(builder);
        return builder.build();
    }

    /** The caller's keys, the key's and the request's: for an operation on {@code key}, whose aliases are given. */
    static ConditionContext forKey(RequestContext caller, Instant now, Access access, KeyRecord key,
            List<String> aliasNames) {
        ConditionContext.Builder builder = ConditionContext.builder();
        caller(builder, caller, now);
        builder.put("kms:KeySpec", key.keySpec().name())
                .put("kms:CustomerMasterKeySpec", key.keySpec().name())
                .put("kms:KeyUsage", key.keyUsage().name())
                .put("kms:CustomerMasterKeyUsage", key.keyUsage().name())
                .put("kms:KeyOrigin", key.origin().name())
                .put("kms:MultiRegion", Boolean.toString(key.multiRegion()));
        if (key.multiRegion()) {
            builder.put("kms:MultiRegionKeyType", key.isPrimary() ? "PRIMARY" : "REPLICA");
        }
        builder.putAll("kms:ResourceAliases", aliasNames);
        for (Tag tag : key.tags()) {
            builder.put("aws:ResourceTag/" + tag.key(), tag.value());
        }
        access.addTo(builder);
        return builder.build();
    }

    private static void caller(ConditionContext.Builder builder, RequestContext caller, Instant now) {
        Principal principal = caller.principal();
        Instant time = (caller.time() != null ? caller.time() : now).truncatedTo(ChronoUnit.SECONDS);
        builder.put("aws:PrincipalArn", principal.sessionIssuerArn() != null ? principal.sessionIssuerArn() : principal.arn())
                .put("aws:PrincipalAccount", principal.account().value())
                .put("aws:PrincipalType", principalType(principal))
                .put("aws:userid", principal.principalId())
                .put("aws:SourceIp", caller.sourceIp())
                .put("aws:CurrentTime", DateTimeFormatter.ISO_INSTANT.format(time))
                .put("aws:EpochTime", Long.toString(time.getEpochSecond()))
                .put("aws:SecureTransport", Boolean.toString(caller.secureTransport()))
                .put("aws:RequestedRegion", caller.region().name())
                .put("kms:CallerAccount", principal.account().value());
        if (principal.type() == dev.meridian.model.PrincipalType.IAM_USER) {
            builder.put("aws:username", principal.name());
        }
    }

    /** {@code aws:PrincipalType} as IAM names it; null (absent) for a service. */
    private static String principalType(Principal principal) {
        return switch (principal.type()) {
            case ROOT -> "Account";
            case IAM_USER -> "User";
            case ASSUMED_ROLE -> "AssumedRole";
            case AWS_SERVICE -> null;
        };
    }
}
