package dev.meridian.core;

import dev.meridian.model.KeyRecord;
import dev.meridian.model.Principal;
import dev.meridian.model.RequestContext;
import dev.meridian.model.Tag;
import dev.meridian.policy.ConditionContext;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
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
        builder.put("kms:keyspec", key.keySpec().name())
                .put("kms:customermasterkeyspec", key.keySpec().name())
                .put("kms:keyusage", key.keyUsage().name())
                .put("kms:customermasterkeyusage", key.keyUsage().name())
                .put("kms:keyorigin", key.origin().name())
                .put("kms:multiregion", Boolean.toString(key.multiRegion()));
        if (key.multiRegion()) {
            builder.put("kms:multiregionkeytype", key.isPrimary() ? "PRIMARY" : "REPLICA");
        }
        builder.putAll("kms:resourcealiases", aliasNames);
        for (Tag tag : key.tags()) {
            builder.put("aws:ResourceTag/" + tag.key(), tag.value());
        }
        access.addTo(builder);
        return builder.build();
    }

    private static void caller(ConditionContext.Builder builder, RequestContext caller, Instant now) {
        Principal principal = caller.principal();
        Instant time = caller.time() != null ? caller.time() : now;
        Second second = Second.of(time.getEpochSecond());
        // The names in lower case, as the context stores them: lower-casing them again then copies nothing.
        builder.put("aws:principalarn", principal.sessionIssuerArn() != null ? principal.sessionIssuerArn() : principal.arn())
                .put("aws:principalaccount", principal.account().value())
                .put("aws:principaltype", principalType(principal))
                .put("aws:userid", principal.principalId())
                .put("aws:sourceip", caller.sourceIp())
                .put("aws:currenttime", second.isoText())
                .put("aws:epochtime", second.epochText())
                .put("aws:securetransport", Boolean.toString(caller.secureTransport()))
                .put("aws:requestedregion", caller.region().name())
                .put("kms:calleraccount", principal.account().value());
        if (principal.type() == dev.meridian.model.PrincipalType.IAM_USER) {
            builder.put("aws:username", principal.name());
        }
    }

    /**
     * {@code aws:CurrentTime} and {@code aws:EpochTime} of one second, formatted once for every request of that
     * second (the last second's texts are kept; formatting took a third of the caller's keys' time).
     */
    record Second(long epochSecond, String isoText, String epochText) {
        private static volatile Second last = format(0);

        static Second of(long epochSecond) {
            Second second = last;
            if (second.epochSecond() != epochSecond) {
                second = format(epochSecond);
                last = second;
            }
            return second;
        }

        private static Second format(long epochSecond) {
            return new Second(epochSecond, DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(epochSecond)),
                    Long.toString(epochSecond));
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
