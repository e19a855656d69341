package dev.meridian.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.testkit.MeridianExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * What the strict-mode authorization tests share: an identity file written from a few lines of Java (every access
 * key's secret is {@code secret-<access key ID>}), policies spelled briefly, KMS clients signing with a key of the
 * file, and the assertion of an {@code AccessDeniedException} (HTTP 400, exact text).
 */
final class StrictSupport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StrictSupport() {
    }

    /** A new identity file, built account by account. */
    static IdentityFileBuilder identities() {
        return new IdentityFileBuilder();
    }

    /** The secret access key the built files give {@code accessKeyId}. */
    /** Writes {@code json} to a temporary identity file, deleted when the JVM exits, for {@code --identities}. */
    static Path writeIdentityFile(String json) {
        try {
            Path file = Files.createTempFile("identities", ".json");
            file.toFile().deleteOnExit();
            return Files.writeString(file, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String secretOf(String accessKeyId) {
        return "secret-" + accessKeyId;
    }

    static AwsCredentials credentials(String accessKeyId) {
        return AwsBasicCredentials.create(accessKeyId, secretOf(accessKeyId));
    }

    /** A KMS client on the server's endpoint in {@code region}, signing with the file's {@code accessKeyId}. */
    static KmsClient kms(MeridianExtension meridian, String accessKeyId, String region) {
        return KmsTestSupport.pointedAt(KmsClient.builder(), meridian.server().endpoint(), region)
                .credentialsProvider(StaticCredentialsProvider.create(credentials(accessKeyId))).build();
    }

    static String userArn(String account, String name) {
        return "arn:aws:iam::" + account + ":user/" + name;
    }

    static String rootArn(String account) {
        return "arn:aws:iam::" + account + ":root";
    }

    /** An identity policy allowing the actions ({@code kms:Encrypt}, ...) on every resource. */
    static String allow(String... actions) {
        return policy(statement("Allow", null, actions));
    }

    /** An identity policy denying the actions on every resource. */
    static String deny(String... actions) {
        return policy(statement("Deny", null, actions));
    }

    /** A policy of the statements given (made by {@link #statement}). */
    static String policy(String... statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
    }

    /**
     * A statement with {@code Resource: *}: {@code effect} {@code Allow} or {@code Deny}, the AWS principal
     * {@code principal} (an ARN, an account ID or {@code *}; null for an identity policy's statement), the actions.
     */
    static String statement(String effect, String principal, String... actions) {
        String principalPart = principal == null ? "" : "\"Principal\":{\"AWS\":\"" + principal + "\"},";
        String actionList = Arrays.stream(actions).map(action -> "\"" + action + "\"").collect(Collectors.joining(","));
        return "{\"Effect\":\"" + effect + "\"," + principalPart + "\"Action\":[" + actionList + "],\"Resource\":\"*\"}";
    }

    /** The key policy AWS gives a key created without one: the account's root may do all ({@code kms:*}). */
    static String defaultKeyPolicy(String account) {
        return policy(statement("Allow", rootArn(account), "kms:*"));
    }

    /** The text of KMS's refusal of {@code action} on {@code resource} because no identity-based policy allows it. */
    static String noIdentityPolicyAllows(String callerArn, String action, String resource) {
        return "User: " + callerArn + " is not authorized to perform: " + action + " on resource: " + resource
                + " because no identity-based policy allows the " + action + " action";
    }

    /** The text of KMS's refusal because no resource-based (key) policy allows the action. */
    static String noKeyPolicyAllows(String callerArn, String action, String resource) {
        return "User: " + callerArn + " is not authorized to perform: " + action + " on resource: " + resource
                + " because no resource-based policy allows the " + action + " action";
    }

    /** The text of KMS's refusal by a {@code Deny} of the key policy. */
    static String explicitDenyInKeyPolicy(String callerArn, String action, String resource) {
        return "User: " + callerArn + " is not authorized to perform: " + action + " on resource: " + resource
                + " with an explicit deny in a resource-based policy";
    }

    /** The text of KMS's refusal by a {@code Deny} of an identity policy. */
    static String explicitDenyInIdentityPolicy(String callerArn, String action, String resource) {
        return "User: " + callerArn + " is not authorized to perform: " + action + " on resource: " + resource
                + " with an explicit deny in an identity-based policy";
    }

    /** The text of KMS's refusal of a key of another account (recorded 2025). */
    static String otherAccount(String callerArn, String action) {
        return "User: " + callerArn + " is not authorized to perform: " + action + " on this resource because the"
                + " resource does not exist in this Region, no resource-based policies allow access, or a"
                + " resource-based policy explicitly denies access";
    }

    /** Asserts {@code AccessDeniedException} with {@code message} exactly and HTTP 400. */
    static KmsException assertAccessDenied(ThrowingCallable call, String message) {
        return KmsTestSupport.assertUndeclaredError(call, "AccessDeniedException", message);
    }

    /** Builds the JSON of an identity file ({@code --identities}) and writes it to a temporary file. */
    static final class IdentityFileBuilder {
        private final ObjectNode root = JSON.createObjectNode();
        private final ArrayNode accounts = root.putArray("accounts");
        private ObjectNode account;

        /** Starts an account whose root signs with {@code rootAccessKeyId}. */
        IdentityFileBuilder account(String id, String rootAccessKeyId) {
            account = accounts.addObject().put("id", id);
            account.putArray("rootAccessKeys").add(accessKey(rootAccessKeyId));
            account.putArray("users");
            account.putArray("roles");
            return this;
        }

        /** A user of the current account with one access key and the identity policies given (JSON texts). */
        IdentityFileBuilder user(String name, String accessKeyId, String... policies) {
            ObjectNode user = ((ArrayNode) account.get("users")).addObject().put("name", name).put("path", "/");
            user.putArray("accessKeys").add(accessKey(accessKeyId));
            ArrayNode list = user.putArray("policies");
            for (String policy : policies) {
                list.add(parse(policy));
            }
            return this;
        }

        /** A role of the current account with its trust policy and identity policies (JSON texts). */
        IdentityFileBuilder role(String name, String trustPolicy, String... policies) {
            ObjectNode role = ((ArrayNode) account.get("roles")).addObject().put("name", name).put("path", "/");
            role.set("trustPolicy", parse(trustPolicy));
            ArrayNode list = role.putArray("policies");
            for (String policy : policies) {
                list.add(parse(policy));
            }
            return this;
        }

        Path write() {
            try {
                return writeIdentityFile(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static ObjectNode accessKey(String accessKeyId) {
            return JSON.createObjectNode().put("accessKeyId", accessKeyId).put("secretAccessKey", secretOf(accessKeyId));
        }

        private static ObjectNode parse(String policy) {
            try {
                return (ObjectNode) JSON.readTree(policy);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
