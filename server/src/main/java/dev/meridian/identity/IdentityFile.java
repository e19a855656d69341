package dev.meridian.identity;

import dev.meridian.crypto.SecretBytes;
import dev.meridian.model.AccountId;
import dev.meridian.policy.PolicyDocument;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The content of the identity file ({@code --identities FILE}): the accounts strict mode knows, each with its
 * root's access keys, its users and its roles. Immutable values; the parser checks the file and gives each place
 * of an error. Secrets are {@link SecretBytes} and never print.
 */
public record IdentityFile(List<Account> accounts) {
    public IdentityFile {
        accounts = List.copyOf(accounts);
    }

    /** One account: its ID, the access keys of its root user, its users and roles. */
    public record Account(AccountId id, List<AccessKey> rootAccessKeys, List<User> users, List<Role> roles) {
        public Account {
            Objects.requireNonNull(id, "id");
            rootAccessKeys = List.copyOf(rootAccessKeys);
            users = List.copyOf(users);
            roles = List.copyOf(roles);
        }
    }

    /** A long-term access key: its ID ({@code AKIA...}) and secret. */
    public record AccessKey(String accessKeyId, SecretBytes secretAccessKey) {
        public AccessKey {
            Objects.requireNonNull(accessKeyId, "accessKeyId");
            Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        }

        @Override
        public String toString() {
            return "AccessKey[" + accessKeyId + "]";
        }
    }

    /**
     * An IAM user: {@code arn:aws:iam::ACCOUNT:user} + path + name.
     *
     * @param path starts and ends with {@code /} ({@code /} by default)
     * @param userId the user's unique ID ({@code AIDA...}), {@code aws:userid}
     * @param policies its identity-based policies, parsed once
     */
    public record User(String name, String path, String userId, List<AccessKey> accessKeys, List<PolicyDocument> policies) {
        public User {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(userId, "userId");
            accessKeys = List.copyOf(accessKeys);
            policies = List.copyOf(policies);
        }
    }

    /**
     * An IAM role: {@code arn:aws:iam::ACCOUNT:role} + path + name, assumed through STS AssumeRole.
     *
     * @param roleId the role's unique ID ({@code AROA...}); a session's {@code aws:userid} is {@code ROLEID:SESSION}
     * @param trustPolicy who may assume it (action {@code sts:AssumeRole})
     * @param policies the identity-based policies its sessions have
     * @param maxSessionDuration the longest session AssumeRole may grant (1 to 12 hours; 1 hour by default)
     */
    public record Role(String name, String path, String roleId, PolicyDocument trustPolicy, List<PolicyDocument> policies,
            Duration maxSessionDuration) {
        public Role {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(roleId, "roleId");
            Objects.requireNonNull(trustPolicy, "trustPolicy");
            Objects.requireNonNull(maxSessionDuration, "maxSessionDuration");
            policies = List.copyOf(policies);
        }
    }
}
