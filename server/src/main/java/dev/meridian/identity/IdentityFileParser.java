package dev.meridian.identity;

import dev.meridian.crypto.SecretBytes;
import dev.meridian.model.AccountId;
import dev.meridian.policy.MalformedPolicyException;
import dev.meridian.policy.PolicyDocument;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an identity file ({@code --identities FILE}) into an {@link IdentityFile}, checking everything a server
 * relies on: the fields and their forms (IAM's patterns for names, paths and access key IDs), that no access key
 * ID, account, user name, role name or unique ID is given twice, and that every policy parses (identity policies
 * without a {@code Principal}, trust policies with one). The first problem stops the reading with an
 * {@link IdentityFileException} naming its place. A user or role without an {@code id} gets one derived from its
 * ARN: stable across starts and unique ({@code AIDA}/{@code AROA} and 17 characters, as IAM's IDs look).
 */
public final class IdentityFileParser {
    /** IAM's bounds for a role's {@code MaxSessionDuration}, in seconds; one hour by default. */
    public static final long MINIMUM_SESSION_SECONDS = 3600;
    public static final long MAXIMUM_SESSION_SECONDS = 43200;
    private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    private static final Pattern PATH = Pattern.compile("/|/[\\u0021-\\u007E]{1,510}/");
    private static final Pattern ACCESS_KEY_ID = Pattern.compile("\\w{16,128}");
    private static final Pattern UNIQUE_ID = Pattern.compile("[A-Z0-9]{16,128}");
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private final Map<String, IdentityNode> accessKeyIds = new HashMap<>();
    private final Map<String, IdentityNode> uniqueIds = new HashMap<>();

    private IdentityFileParser() {
    }

    /** Reads and checks the identity file at {@code file}. */
    public static IdentityFile read(Path file) {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IdentityFileException("The identity file " + file.toAbsolutePath().normalize() + " does not exist");
        } catch (IOException e) {
            throw new IdentityFileException("The identity file " + file.toAbsolutePath().normalize() + " cannot be read: "
                    + e);
        }
        Path name = file.getFileName();
        return parse(name == null ? file.toString() : name.toString(), content);
    }

    /** Reads and checks {@code content}, the identity file named {@code fileName} (in messages). */
    public static IdentityFile parse(String fileName, String content) {
        IdentityNode root = IdentityNode.parse(fileName, content);
        return new IdentityFileParser().file(root);
    }

    private IdentityFile file(IdentityNode root) {
        Map<String, IdentityNode> fields = root.object(Set.of("accounts"), Set.of("accounts"));
        List<IdentityFile.Account> accounts = new ArrayList<>();
        Map<String, IdentityNode> accountIds = new HashMap<>();
        for (IdentityNode node : IdentityNode.list(fields.get("accounts"))) {
            IdentityFile.Account account = account(node);
            if (accountIds.putIfAbsent(account.id().value(), node) != null) {
                throw node.error("the account " + account.id() + " is given twice");
            }
            accounts.add(account);
        }
        if (accounts.isEmpty()) {
            throw fields.get("accounts").error("expected at least one account");
        }
        return new IdentityFile(accounts);
    }

    private IdentityFile.Account account(IdentityNode node) {
        Map<String, IdentityNode> fields = node.object(Set.of("id", "rootAccessKeys", "users", "roles"), Set.of("id"));
        IdentityNode idNode = fields.get("id");
        AccountId id;
        try {
            id = AccountId.of(idNode.text());
        } catch (IllegalArgumentException e) {
            throw idNode.error("'" + idNode.text() + "' is not an AWS account ID; expected 12 digits, such as 111122223333");
        }
        List<IdentityFile.AccessKey> rootKeys = accessKeys(fields.get("rootAccessKeys"));
        List<IdentityFile.User> users = new ArrayList<>();
        Map<String, IdentityNode> userNames = new HashMap<>();
        for (IdentityNode user : IdentityNode.list(fields.get("users"))) {
            IdentityFile.User parsed = user(id, user);
            if (userNames.putIfAbsent(parsed.name().toLowerCase(java.util.Locale.ROOT), user) != null) {
                throw user.error("the user name " + parsed.name() + " is given twice in the account (IAM names ignore case)");
            }
            users.add(parsed);
        }
        List<IdentityFile.Role> roles = new ArrayList<>();
        Map<String, IdentityNode> roleNames = new HashMap<>();
        for (IdentityNode role : IdentityNode.list(fields.get("roles"))) {
            IdentityFile.Role parsed = role(id, role);
            if (roleNames.putIfAbsent(parsed.name().toLowerCase(java.util.Locale.ROOT), role) != null) {
                throw role.error("the role name " + parsed.name() + " is given twice in the account (IAM names ignore case)");
            }
            roles.add(parsed);
        }
        return new IdentityFile.Account(id, rootKeys, users, roles);
    }

    private IdentityFile.User user(AccountId account, IdentityNode node) {
        Map<String, IdentityNode> fields = node.object(Set.of("name", "path", "id", "accessKeys", "policies"), Set.of("name"));
        String name = name(fields.get("name"));
        String path = path(fields.get("path"));
        String id = uniqueId(fields.get("id"), "AIDA", "arn:aws:iam::" + account + ":user" + path + name, node);
        return new IdentityFile.User(name, path, id, accessKeys(fields.get("accessKeys")), policies(fields.get("policies")));
    }

    private IdentityFile.Role role(AccountId account, IdentityNode node) {
        Map<String, IdentityNode> fields = node.object(
                Set.of("name", "path", "id", "trustPolicy", "policies", "maxSessionDuration"), Set.of("name", "trustPolicy"));
        String name = name(fields.get("name"));
        String path = path(fields.get("path"));
        String id = uniqueId(fields.get("id"), "AROA", "arn:aws:iam::" + account + ":role" + path + name, node);
        IdentityNode trustNode = fields.get("trustPolicy");
        PolicyDocument trust;
        try {
            trust = PolicyDocument.parseTrustPolicy(trustNode.json());
        } catch (MalformedPolicyException e) {
            throw trustNode.error("not a valid trust policy: " + reason(e));
        }
        long seconds = MINIMUM_SESSION_SECONDS;
        IdentityNode duration = fields.get("maxSessionDuration");
        if (duration != null) {
            seconds = duration.wholeNumber();
            if (seconds < MINIMUM_SESSION_SECONDS || seconds > MAXIMUM_SESSION_SECONDS) {
                throw duration.error("maxSessionDuration must be between 3600 and 43200 seconds (1 to 12 hours), not "
                        + seconds);
            }
        }
        return new IdentityFile.Role(name, path, id, trust, policies(fields.get("policies")), Duration.ofSeconds(seconds));
    }

    private List<IdentityFile.AccessKey> accessKeys(IdentityNode list) {
        List<IdentityFile.AccessKey> keys = new ArrayList<>();
        for (IdentityNode node : IdentityNode.list(list)) {
            Map<String, IdentityNode> fields = node.object(Set.of("accessKeyId", "secretAccessKey"),
                    Set.of("accessKeyId", "secretAccessKey"));
            IdentityNode idNode = fields.get("accessKeyId");
            String id = idNode.text();
            if (!ACCESS_KEY_ID.matcher(id).matches()) {
                throw idNode.error("'" + id + "' is not an access key ID; expected 16 to 128 letters, digits or _,"
                        + " such as AKIAIOSFODNN7EXAMPLE");
            }
            if (id.startsWith("ASIA")) {
                throw idNode.error("'" + id + "' starts with ASIA, which marks the temporary keys STS issues; a long-term"
                        + " key starts with AKIA");
            }
            IdentityNode earlier = accessKeyIds.putIfAbsent(id, idNode);
            if (earlier != null) {
                throw idNode.error("the access key ID " + id + " is given twice (first at line " + earlier.line() + ")");
            }
            IdentityNode secretNode = fields.get("secretAccessKey");
            if (secretNode.text().isEmpty()) {
                throw secretNode.error("expected the secret access key, a non-empty string");
            }
            keys.add(new IdentityFile.AccessKey(id, SecretBytes.copyOf(secretNode.text().getBytes(StandardCharsets.UTF_8))));
        }
        return keys;
    }

    private static List<PolicyDocument> policies(IdentityNode list) {
        List<PolicyDocument> policies = new ArrayList<>();
        for (IdentityNode node : IdentityNode.list(list)) {
            try {
                policies.add(PolicyDocument.parseIdentityPolicy(node.json()));
            } catch (MalformedPolicyException e) {
                throw node.error("not a valid identity policy: " + reason(e));
            }
        }
        return policies;
    }

    private static String reason(MalformedPolicyException e) {
        return e.getMessage() == null ? "not a policy document" : e.getMessage();
    }

    private static String name(IdentityNode node) {
        String name = node.text();
        if (!NAME.matcher(name).matches()) {
            throw node.error("'" + name + "' is not an IAM name; expected 1 to 64 letters, digits or +=,.@_-");
        }
        return name;
    }

    private static String path(IdentityNode node) {
        if (node == null) {
            return "/";
        }
        String path = node.text();
        if (!PATH.matcher(path).matches()) {
            throw node.error("'" + path + "' is not an IAM path; expected / or a path that starts and ends with /,"
                    + " such as /division/, of at most 512 printable ASCII characters");
        }
        return path;
    }

    private String uniqueId(IdentityNode node, String prefix, String arn, IdentityNode owner) {
        String id;
        IdentityNode at;
        if (node == null) {
            id = prefix + derived(arn);
            at = owner;
        } else {
            id = node.text();
            at = node;
            if (!id.startsWith(prefix) || !UNIQUE_ID.matcher(id).matches()) {
                throw node.error("'" + id + "' is not a unique ID; expected " + prefix
                        + " and 12 to 124 more capital letters or digits, such as " + prefix + "EXAMPLEID1234567");
            }
        }
        if (uniqueIds.putIfAbsent(id, at) != null) {
            throw at.error("the unique ID " + id + " is given twice");
        }
        return id;
    }

    /** 17 characters of base 32 (IAM's alphabet of capitals and 2 to 7) from the SHA-256 of {@code arn}. */
    static String derived(String arn) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(arn.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
        StringBuilder id = new StringBuilder(17);
        for (int index = 0; index < 17; index++) {
            id.append(BASE32[(digest[index] & 0xFF) % 32]);
        }
        return id.toString();
    }
}
