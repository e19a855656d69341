package dev.meridian.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.model.PrincipalType;
import java.util.ArrayList;
import java.util.List;

/**
 * The principals a statement's {@code Principal} or {@code NotPrincipal} names, classified once, and how a
 * caller matches them, as in AWS:
 * <ul>
 * <li>{@code "*"} or {@code {"AWS": "*"}}: anyone, of any account;
 * <li>an account ID ({@code 111122223333}) or its root ({@code arn:aws:iam::111122223333:root}): the account, so
 *     every principal of it (its root, users and role sessions); the account then decides through its identity
 *     policies ({@link Match#ACCOUNT});
 * <li>a user's ARN: that user; a role's ARN ({@code arn:aws:iam::ACCOUNT:role/PATH/NAME}): its sessions (whose
 *     {@code sessionIssuerArn} it is); a session's ARN ({@code arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION}):
 *     that session ({@link Match#PRINCIPAL}). An ARN is never a pattern: only {@code *} alone is, and an ARN with
 *     a wildcard, or a value that is no ARN (a unique ID), is refused as AWS refuses it;
 * <li>{@code {"Service": "NAME"}}: a principal of type {@link PrincipalType#AWS_SERVICE} whose ARN or name is NAME;
 * <li>{@code {"Federated": ...}} and {@code {"CanonicalUser": ...}}: accepted, never match (no such callers here).
 * </ul>
 * Immutable.
 */
final class PrincipalSet {
    /** How a caller matches a set: not at all, through its account only, or by itself (or as anyone). */
    enum Match { NONE, ACCOUNT, PRINCIPAL }

    /**
     * The caller as principals match it: its type (null when unknown), ARN, account, role ARN (a session's issuer,
     * else null) and name (a service's, user's or role's; may be null).
     */
    record Caller(PrincipalType type, String arn, String account, String sessionIssuerArn, String name) {
        static Caller of(dev.meridian.model.Principal principal) {
            return new Caller(principal.type(), principal.arn(), principal.account().value(),
                    principal.sessionIssuerArn(), principal.name());
        }
    }

    private static final String INVALID = "Policy contains a statement with one or more invalid principals.";

    private final boolean everyone;
    private final List<String> accounts;
    private final List<String> arns;
    private final List<String> services;

    private PrincipalSet(boolean everyone, List<String> accounts, List<String> arns, List<String> services) {
        this.everyone = everyone;
        this.accounts = accounts;
        this.arns = arns;
        this.services = services;
    }

    /** The set a {@code Principal} (or {@code NotPrincipal}) element names. */
    static PrincipalSet parse(JsonNode node) {
        if (node.isTextual()) {
            if (!node.asText().equals("*")) {
                throw new MalformedPolicyException(INVALID);
            }
            return new PrincipalSet(true, List.of(), List.of(), List.of());
        }
        if (!node.isObject() || node.isEmpty()) {
            throw new MalformedPolicyException(INVALID);
        }
        boolean everyone = false;
        List<String> accounts = new ArrayList<>();
        List<String> arns = new ArrayList<>();
        List<String> services = new ArrayList<>();
        for (var entry : node.properties()) {
            List<String> values = strings(entry.getValue());
            switch (entry.getKey()) {
                case "AWS" -> {
                    for (String value : values) {
                        String account = accountOf(value);
                        if (value.equals("*")) {
                            everyone = true;
                        } else if (account != null) {
                            accounts.add(account);
                        } else if (value.startsWith("arn:") && value.indexOf('*') < 0 && value.indexOf('?') < 0) {
                            arns.add(value);
                        } else {
                            // Neither everyone, an account nor an ARN (AWS refuses unique IDs such as AIDA...), or an
                            // ARN with a wildcard, which AWS refuses too (Knowledge Center, "kms-policy-error-invalid-
                            // principals": no wildcard in the part of the ARN that names the resource type).
                            throw new MalformedPolicyException(INVALID);
                        }
                    }
                }
                case "Service" -> services.addAll(values);
                case "Federated", "CanonicalUser" -> {
                    // Accepted as AWS accepts them; no caller of this server is one.
                }
                default -> throw new MalformedPolicyException(INVALID);
            }
        }
        return new PrincipalSet(everyone, List.copyOf(accounts), List.copyOf(arns), List.copyOf(services));
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        for (JsonNode element : node.isArray() ? node : List.of(node)) {
            if (!element.isTextual()) {
                throw new MalformedPolicyException("Policy contains an invalid principal.");
            }
            values.add(element.asText());
        }
        return values;
    }

    /** The account a principal value names as a whole (an account ID or root ARN), or null. */
    private static String accountOf(String value) {
        if (isAccountId(value)) {
            return value;
        }
        if (value.startsWith("arn:") && value.endsWith(":root")) {
            String[] parts = value.split(":", -1);
            if (parts.length == 6 && parts[2].equals("iam") && parts[3].isEmpty() && isAccountId(parts[4])) {
                return parts[4];
            }
        }
        return null;
    }

    private static boolean isAccountId(String value) {
        return value.length() == 12 && value.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /**
     * How the caller ({@code type} may be null when unknown; {@code sessionIssuerArn} null but for a role's
     * session) matches this set.
     */
    Match match(Caller caller) {
        if (everyone) {
            return Match.PRINCIPAL;
        }
        if (caller.type() == PrincipalType.AWS_SERVICE) {
            return isService(caller) ? Match.PRINCIPAL : Match.NONE;
        }
        for (String named : arns) {
            if (named.equals(caller.arn()) || named.equals(caller.sessionIssuerArn())) {
                return Match.PRINCIPAL;
            }
        }
        return accounts.contains(caller.account()) ? Match.ACCOUNT : Match.NONE;
    }

    private boolean isService(Caller caller) {
        return services.contains(caller.arn()) || (caller.name() != null && services.contains(caller.name()));
    }

    /**
     * Whether a {@code NotPrincipal} naming this set leaves the caller out: as AWS documents, only when it names
     * the caller's account and, for a user or a role's session, the caller too (its ARN or its role's ARN);
     * {@code *} leaves everyone out.
     */
    boolean excludes(Caller caller) {
        if (everyone) {
            return true;
        }
        if (caller.type() == PrincipalType.AWS_SERVICE) {
            return isService(caller);
        }
        if (!accounts.contains(caller.account())) {
            return false;
        }
        return caller.type() == PrincipalType.ROOT || caller.arn().endsWith(":iam::" + caller.account() + ":root")
                || arns.contains(caller.arn())
                || (caller.sessionIssuerArn() != null && arns.contains(caller.sessionIssuerArn()));
    }
}
