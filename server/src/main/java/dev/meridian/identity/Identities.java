package dev.meridian.identity;

import dev.meridian.model.Partition;
import dev.meridian.model.Principal;
import dev.meridian.policy.IdentityPolicies;
import dev.meridian.policy.PolicyDocument;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The identities of an {@link IdentityFile}, indexed for the request path: the long-term access keys (a root's key
 * signs as {@link Principal#root}, a user's as {@link Principal#user}), the identity policies of each user and role
 * (a role's policies are its sessions'). The roles, which STS AssumeRole finds by ARN, are {@link RoleDirectory}'s.
 * Built once at start; immutable and thread-safe; every lookup is a hash-map read.
 *
 * <p>Principals are made in the {@code aws} partition; the authenticator spells their ARNs in the partition of the
 * request's Region. Lookups by ARN ignore the partition.
 */
public final class Identities implements CredentialStore, IdentityPolicies {
    private final Map<String, SigningCredentials> longTermKeys;
    private final Map<String, List<PolicyDocument>> policies;
    private final int accounts;

    private Identities(Map<String, SigningCredentials> longTermKeys, Map<String, List<PolicyDocument>> policies,
            int accounts) {
        this.longTermKeys = Map.copyOf(longTermKeys);
        this.policies = Map.copyOf(policies);
        this.accounts = accounts;
    }

    /** The index of {@code file} (which {@link IdentityFileParser} checked: no access key ID twice). */
    public static Identities of(IdentityFile file) {
        Map<String, SigningCredentials> keys = new HashMap<>();
        Map<String, List<PolicyDocument>> policies = new HashMap<>();
        for (IdentityFile.Account account : file.accounts()) {
            for (IdentityFile.AccessKey key : account.rootAccessKeys()) {
                add(keys, key, Principal.root(account.id(), Partition.AWS, key.accessKeyId()));
            }
            for (IdentityFile.User user : account.users()) {
                for (IdentityFile.AccessKey key : user.accessKeys()) {
                    add(keys, key, Principal.user(account.id(), Partition.AWS, user.path(), user.name(), user.userId(),
                            key.accessKeyId()));
                }
                policies.put(withoutPartition("arn:aws:iam::" + account.id() + ":user" + user.path() + user.name()),
                        user.policies());
            }
            for (IdentityFile.Role role : account.roles()) {
                String arn = withoutPartition("arn:aws:iam::" + account.id() + ":role" + role.path() + role.name());
                policies.put(arn, role.policies());
            }
        }
        return new Identities(keys, policies, file.accounts().size());
    }

    private static void add(Map<String, SigningCredentials> keys, IdentityFile.AccessKey key, Principal principal) {
        if (keys.putIfAbsent(key.accessKeyId(), new SigningCredentials(principal, key.secretAccessKey(), null)) != null) {
            throw new IllegalArgumentException("The access key ID " + key.accessKeyId() + " is given twice");
        }
    }

    /**
     * A long-term key's credentials. A request that presents a session token with a long-term key is not this
     * store's (AWS answers {@code UnrecognizedClientException}): a temporary key's store may know it.
     */
    @Override
    public Lookup lookup(String accessKeyId, String sessionToken) {
        if (sessionToken != null) {
            return Lookup.UNKNOWN;
        }
        SigningCredentials credentials = longTermKeys.get(accessKeyId);
        return credentials == null ? Lookup.UNKNOWN : Lookup.found(credentials);
    }

    /** A user's policies; a role session's are its role's; the root and services have none. */
    @Override
    public List<PolicyDocument> of(Principal principal) {
        String arn = switch (principal.type()) {
            case IAM_USER -> principal.arn();
            case ASSUMED_ROLE -> principal.sessionIssuerArn();
            default -> null;
        };
        return arn == null ? List.of() : policies.getOrDefault(withoutPartition(arn), List.of());
    }

    /** {@code arn:PARTITION:rest} as {@code rest}: the part of an ARN that names the same thing in every partition. */
    private static String withoutPartition(String arn) {
        if (!arn.startsWith("arn:")) {
            return arn;
        }
        int partitionEnd = arn.indexOf(':', 4);
        return partitionEnd < 0 ? arn : arn.substring(partitionEnd + 1);
    }

    @Override
    public String toString() {
        return "Identities[" + accounts + " accounts, " + longTermKeys.size() + " access keys, " + policies.size()
                + " policy holders]";
    }
}
