package dev.meridian.identity;

import dev.meridian.model.AccountId;
import dev.meridian.policy.PolicyDocument;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The roles AssumeRole can assume, by ARN ({@code arn:PARTITION:iam::ACCOUNT:role/PATH/NAME}). In strict mode
 * ({@link #of}) exactly the roles of the identity file, each with its trust policy. In development mode
 * ({@link #development}) any well-formed role ARN names a role, as LocalStack accepts it: its trust policy lets
 * anyone assume it, its ID ({@code AROA...}) is derived from its ARN (the same on every node and after restarts)
 * and its sessions may last up to 12 hours. A small index of its own, by role ARN; the authentication's index of
 * the same file is by access key. Immutable.
 */
public final class RoleDirectory {
    /** The longest session any role may have (IAM's limit; the STS model's {@code DurationSeconds} maximum). */
    public static final Duration LONGEST_SESSION = Duration.ofHours(12);
    /** A role ARN: partition, account, and the path and name after {@code role}. */
    private static final Pattern ROLE_ARN = Pattern.compile("arn:(aws|aws-cn|aws-us-gov):iam::(\\d{12}):role(/(?:[^/]+/)*)([\\w+=,.@-]{1,64})");
    /** Development mode's trust policy: anyone may assume the role. */
    private static final char[] ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private final Map<String, AssumableRole> roles;
    private final boolean development;

    private RoleDirectory(Map<String, AssumableRole> roles, boolean development) {
        this.roles = Map.copyOf(roles);
        this.development = development;
    }

    /**
     * A role that can be assumed: its account and its definition (in development mode a made-up one whose trust
     * policy lets anyone assume it).
     */
    public record AssumableRole(AccountId account, IdentityFile.Role role) {
        public AssumableRole {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(role, "role");
        }
    }

    /** The roles of {@code file} (strict mode): a role is found in any partition's spelling of its ARN. */
    public static RoleDirectory of(IdentityFile file) {
        Map<String, AssumableRole> roles = new HashMap<>();
        for (IdentityFile.Account account : file.accounts()) {
            for (IdentityFile.Role role : account.roles()) {
                roles.put(key(account.id().value(), role.path(), role.name()), new AssumableRole(account.id(), role));
            }
        }
        return new RoleDirectory(roles, false);
    }

    /** Development mode: every well-formed role ARN names a role; trust policies are not evaluated. */
    public static RoleDirectory development() {
        return new RoleDirectory(Map.of(), true);
    }

    /** Whether this is development mode's directory, whose roles trust everyone. */
    public boolean isDevelopment() {
        return development;
    }

    /** Whether {@code roleArn} is a well-formed IAM role ARN. */
    public static boolean isRoleArn(String roleArn) {
        return ROLE_ARN.matcher(roleArn).matches();
    }

    /** The role {@code roleArn} names, if there is one. */
    public Optional<AssumableRole> find(String roleArn) {
        Matcher matcher = ROLE_ARN.matcher(roleArn);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        String account = matcher.group(2);
        String path = matcher.group(3);
        String name = matcher.group(4);
        if (!development) {
            return Optional.ofNullable(roles.get(key(account, path, name)));
        }
        IdentityFile.Role role = new IdentityFile.Role(name, path, derivedRoleId(account + ":role" + path + name),
                DevelopmentTrust.POLICY, List.of(), LONGEST_SESSION);
        return Optional.of(new AssumableRole(AccountId.of(account), role));
    }

    private static String key(String account, String path, String name) {
        return account + ":role" + path + name;
    }

    /** {@code AROA} and 17 characters derived from the role's account, path and name: stable, like a real ID. */
    static String derivedRoleId(String roleKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(roleKey.getBytes(StandardCharsets.UTF_8));
            StringBuilder id = new StringBuilder("AROA");
            for (int i = 0; i < 17; i++) {
                id.append(ID_ALPHABET[(digest[i] & 0xFF) % ID_ALPHABET.length]);
            }
            return id.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The trust policy of every role in development mode, parsed when a role is first assumed there (a start parses
     * no policy, so it builds none of the policy parser's JSON machinery).
     */
    private static final class DevelopmentTrust {
        static final PolicyDocument POLICY = PolicyDocument.parseTrustPolicy("{\"Version\":\"2012-10-17\","
                + "\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"sts:AssumeRole\"}]}");
    }
}
