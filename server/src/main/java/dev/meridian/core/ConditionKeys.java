package dev.meridian.core;

import dev.meridian.model.KeyRecord;
import dev.meridian.model.Principal;
import dev.meridian.model.PrincipalType;
import dev.meridian.model.RequestContext;
import dev.meridian.model.Tag;
import dev.meridian.policy.ConditionContext;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The condition keys of one request, as IAM's request context holds them:
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
 *     grant parameters, request tags, ...); where one of them has a name of the two sets above, the request's
 *     value wins.</li>
 * </ul>
 * Booleans are {@code true}/{@code false}, times ISO 8601 in UTC to the second, as IAM writes them.
 *
 * <p>The context is {@linkplain ConditionContext#of looked up}: a key's values are computed only when a policy's
 * condition (or policy variable) reads that key, so a request pays for the keys its policies name, not for every
 * key its operation has (the key's aliases, its tags, the time texts). The current time is read once, when a key
 * first needs it. A context is for the thread that authorizes the request.
 */
final class ConditionKeys implements ConditionContext.Lookup {
    private static final String RESOURCE_TAG = "aws:ResourceTag/";
    private static final String LOWER_CASE_RESOURCE_TAG = "aws:resourcetag/";
    private static final String LOWER_CASE_RECIPIENT = "kms:recipientattestation:";

    private final RequestContext caller;
    private final Clock clock;
    private final Access access;
    private final KeyRecord key;
    private final KeyRegistry registry;
    private Second second;
    private List<String> aliasNames;

    private ConditionKeys(RequestContext caller, Clock clock, Access access, KeyRecord key, KeyRegistry registry) {
        this.caller = caller;
        this.clock = clock;
        this.access = access;
        this.key = key;
        this.registry = registry;
    }

    /** The caller's keys and the request's: for an operation on no key, or on an alias. */
    static ConditionContext forRequest(RequestContext caller, Clock clock, Access access) {
        return ConditionContext.of(new ConditionKeys(caller, clock, access, null, null));
    }

    /**
     * The caller's keys, the key's and the request's: for an operation on {@code key}, whose aliases
     * {@code registry} gives (in name order) if a policy reads {@code kms:ResourceAliases}.
     */
    static ConditionContext forKey(RequestContext caller, Clock clock, Access access, KeyRecord key,
            KeyRegistry registry) {
        return ConditionContext.of(new ConditionKeys(caller, clock, access, key, registry));
    }

    @Override
    public List<String> values(String lowerCaseKey) {
        List<String> values = access.values(lowerCaseKey);
        if (values == null && key != null) {
            values = keyValues(lowerCaseKey);
        }
        return values != null ? values : callerValues(lowerCaseKey);
    }

    private List<String> keyValues(String lowerCaseKey) {
        return switch (lowerCaseKey) {
            case "kms:keyspec", "kms:customermasterkeyspec" -> List.of(key.keySpec().name());
            case "kms:keyusage", "kms:customermasterkeyusage" -> List.of(key.keyUsage().name());
            case "kms:keyorigin" -> List.of(key.origin().name());
            case "kms:multiregion" -> List.of(Boolean.toString(key.multiRegion()));
            case "kms:multiregionkeytype" -> key.multiRegion() ? List.of(key.isPrimary() ? "PRIMARY" : "REPLICA") : null;
            case "kms:resourcealiases" -> aliasNames();
            default -> lowerCaseKey.startsWith(LOWER_CASE_RESOURCE_TAG) ? resourceTag(lowerCaseKey) : null;
        };
    }

    /** The key's alias names, in name order, as {@link KeyRegistry#aliasesOf} gives them; read once. */
    private List<String> aliasNames() {
        if (aliasNames == null) {
            aliasNames = registry.aliasesOf(key.reference()).stream().map(alias -> alias.name()).toList();
        }
        return aliasNames;
    }

    /** The value of the key's tag {@code aws:ResourceTag/NAME} names (any case; the last such tag's), or null. */
    private List<String> resourceTag(String lowerCaseKey) {
        String value = null;
        for (Tag tag : key.tags()) {
            if (tag.value() != null && names(RESOURCE_TAG, tag.key(), lowerCaseKey)) {
                value = tag.value();
            }
        }
        return value == null ? null : List.of(value);
    }

    private List<String> callerValues(String lowerCaseKey) {
        Principal principal = caller.principal();
        String value = switch (lowerCaseKey) {
            case "aws:principalarn" -> principal.sessionIssuerArn() != null ? principal.sessionIssuerArn() : principal.arn();
            case "aws:principalaccount", "kms:calleraccount" -> principal.account().value();
            case "aws:principaltype" -> principalType(principal);
            case "aws:userid" -> principal.principalId();
            case "aws:sourceip" -> caller.sourceIp();
            case "aws:currenttime" -> second().isoText();
            case "aws:epochtime" -> second().epochText();
            case "aws:securetransport" -> Boolean.toString(caller.secureTransport());
            case "aws:requestedregion" -> caller.region().name();
            case "aws:username" -> principal.type() == PrincipalType.IAM_USER ? principal.name() : null;
            default -> lowerCaseKey.startsWith(LOWER_CASE_RECIPIENT) ? recipientValue(lowerCaseKey) : null;
        };
        return value == null ? null : List.of(value);
    }

    /**
     * {@code kms:RecipientAttestation:ImageSha384} (PCR0) and {@code kms:RecipientAttestation:PCR<n>} of the enclave a
     * request's {@code Recipient} attested; absent without one, so that a condition on them refuses such a request.
     */
    private String recipientValue(String lowerCaseKey) {
        dev.meridian.model.RecipientAttestation recipient = caller.recipient();
        if (recipient == null) {
            return null;
        }
        String name = lowerCaseKey.substring(LOWER_CASE_RECIPIENT.length());
        if (name.equals("imagesha384")) {
            return recipient.imageSha384();
        }
        if (name.startsWith("pcr") && name.length() > 3 && name.length() <= 5
                && name.substring(3).chars().allMatch(c -> c >= '0' && c <= '9')) {
            return recipient.pcrs().get(Integer.parseInt(name.substring(3)));
        }
        return null;
    }

    /** The second of the request (its time, or the clock's when it has none, read once). */
    private Second second() {
        if (second == null) {
            Instant time = caller.time() != null ? caller.time() : clock.instant();
            second = Second.of(time.getEpochSecond());
        }
        return second;
    }

    /**
     * Whether {@code (prefix + name).toLowerCase(Locale.ROOT)} is {@code lowerCaseKey}: in place for ASCII text (no
     * copy), through that very expression once a character is not ASCII (whose lower case may depend on its
     * neighbours or change the length).
     */
    static boolean names(String prefix, String name, String lowerCaseKey) {
        int length = prefix.length() + name.length();
        for (int index = 0; index < length; index++) {
            char c = index < prefix.length() ? prefix.charAt(index) : name.charAt(index - prefix.length());
            if (c >= 0x80) {
                return (prefix + name).toLowerCase(Locale.ROOT).equals(lowerCaseKey);
            }
            // An ASCII character lowers to one ASCII character whatever surrounds it.
            if (index >= lowerCaseKey.length() || (c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) != lowerCaseKey.charAt(index)) {
                return false;
            }
        }
        return lowerCaseKey.length() == length;
    }

    /** The names, sorted, of a non-empty encryption context, for {@code kms:EncryptionContextKeys}. */
    static List<String> sortedNames(java.util.Map<String, String> context) {
        List<String> names = new ArrayList<>(context.keySet());
        names.sort(null);
        return List.copyOf(names);
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
