package dev.meridian.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.model.Principal;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed key policy (the IAM policy language): statements with an effect, principals and actions.
 * Immutable. Conditions are kept out of evaluation until authorization is enforced; {@link #allows}
 * answers for the statements without conditions.
 *
 * <p>A policy is its author's text: parsing it and {@link #allows} take time linear in its length (the
 * actions' wildcards are {@link Wildcard}s, never regular expressions), whatever it holds.
 */
public final class PolicyDocument {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final List<Statement> statements;

    private record Statement(boolean allow, List<String> principals, List<Wildcard> actions, boolean conditional) {
    }

    private PolicyDocument(List<Statement> statements) {
        this.statements = List.copyOf(statements);
    }

    /** The policy every key gets when none is given: the account's root may do everything. */
    public static String defaultPolicy(String partition, String account) {
        return "{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"key-default-1\",\n  \"Statement\" : [ {\n"
                + "    \"Sid\" : \"Enable IAM User Permissions\",\n    \"Effect\" : \"Allow\",\n"
                + "    \"Principal\" : {\n      \"AWS\" : \"arn:" + partition + ":iam::" + account + ":root\"\n    },\n"
                + "    \"Action\" : \"kms:*\",\n    \"Resource\" : \"*\"\n  } ]\n}";
    }

    /** Parses and checks the document's structure; {@link MalformedPolicyException} when it is not valid. */
    public static PolicyDocument parse(String text) {
        return parse(text, true);
    }

    /**
     * Parses an identity-based (IAM) policy: a key policy's rules, except that its statements name no
     * {@code Principal} (the policy applies to the user or role it is attached to); one that does is malformed.
     */
    public static PolicyDocument parseIdentityPolicy(String text) {
        return parse(text, false);
    }

    private static PolicyDocument parse(String text, boolean resourcePolicy) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            // AWS answers a policy that is not JSON with no message at all (recorded from the service).
            throw new MalformedPolicyException(null);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedPolicyException("The policy must be a JSON object.");
        }
        JsonNode version = root.get("Version");
        if (version != null && !(version.isTextual()
                && (version.asText().equals("2012-10-17") || version.asText().equals("2008-10-17")))) {
            throw new MalformedPolicyException("The policy version is not supported: " + version);
        }
        JsonNode statementNode = root.get("Statement");
        if (statementNode == null || !(statementNode.isObject() || statementNode.isArray()) || statementNode.isEmpty()) {
            throw new MalformedPolicyException("The policy has no statement.");
        }
        List<Statement> statements = new ArrayList<>();
        for (JsonNode statement : statementNode.isArray() ? statementNode : List.of(statementNode)) {
            statements.add(statement(statement, resourcePolicy));
        }
        return new PolicyDocument(statements);
    }

    private static Statement statement(JsonNode node, boolean resourcePolicy) {
        if (!node.isObject()) {
            throw new MalformedPolicyException("A policy statement must be a JSON object.");
        }
        JsonNode effect = node.get("Effect");
        if (effect == null || !effect.isTextual() || !(effect.asText().equals("Allow") || effect.asText().equals("Deny"))) {
            throw new MalformedPolicyException("Policy statement effect must be Allow or Deny.");
        }
        JsonNode principal = node.get("Principal");
        if (!resourcePolicy) {
            if (principal != null || node.has("NotPrincipal")) {
                throw new MalformedPolicyException("Policy document should not specify a principal.");
            }
            principal = JSON.getNodeFactory().textNode("*"); // whoever the policy is attached to
        }
        if (principal == null) {
            throw new MalformedPolicyException("Policy contains a statement with no principal.");
        }
        List<String> principals = new ArrayList<>();
        if (principal.isTextual() && principal.asText().equals("*")) {
            principals.add("*");
        } else if (principal.isObject()) {
            principal.properties().forEach(entry -> strings(entry.getValue(), "principal", principals));
        } else {
            throw new MalformedPolicyException("Policy contains a statement with one or more invalid principals.");
        }
        if (principals.isEmpty()) {
            throw new MalformedPolicyException("Policy contains a statement with one or more invalid principals.");
        }
        JsonNode action = node.get("Action");
        if (action == null) {
            throw new MalformedPolicyException("Policy contains a statement with no action.");
        }
        List<String> actionNames = new ArrayList<>();
        strings(action, "action", actionNames);
        List<Wildcard> actions = actionNames.stream().map(Wildcard::ignoringCase).toList();
        return new Statement(effect.asText().equals("Allow"), principals, actions, node.has("Condition"));
    }

    private static void strings(JsonNode node, String what, List<String> into) {
        if (node.isTextual()) {
            into.add(node.asText());
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                if (!element.isTextual()) {
                    throw new MalformedPolicyException("Policy contains an invalid " + what + ".");
                }
                into.add(element.asText());
            }
        } else {
            throw new MalformedPolicyException("Policy contains an invalid " + what + ".");
        }
    }

    /**
     * What this policy says of {@code request}: {@link Decision#EXPLICITLY_DENIED} when a {@code Deny} statement
     * matches it, else {@link Decision#ALLOWED} when an {@code Allow} statement does, else
     * {@link Decision#NOT_ALLOWED}. A statement matches when its principal (if the policy kind has one), action,
     * resource and conditions all match the request. Never throws for a parsed policy.
     *
     * <p>Today's evaluation is the first step: principals and actions only, a statement with a condition never
     * allows (and a {@code Deny} with one always denies); resources and conditions come with the evaluator.
     */
    public Decision evaluate(AccessRequest request) {
        Decision decision = Decision.NOT_ALLOWED;
        for (Statement statement : statements) {
            boolean matches = statement.principals().stream().anyMatch(principal -> principalMatches(principal,
                    request.principal().arn(), request.principal().account().value()))
                    && statement.actions().stream().anyMatch(pattern -> pattern.matches(request.action()));
            if (!matches) {
                continue;
            }
            if (!statement.allow()) {
                return Decision.EXPLICITLY_DENIED;
            }
            if (!statement.conditional()) {
                decision = Decision.ALLOWED;
            }
        }
        return decision;
    }

    /** {@link #allows(String, String, String)} for the request's {@code principal} (its ARN and account). */
    public boolean allows(Principal principal, String action) {
        return allows(principal.arn(), principal.account().value(), action);
    }

    /**
     * Whether an unconditional statement allows {@code principalArn} (of {@code account}) the {@code action}
     * (e.g. {@code kms:PutKeyPolicy}; actions match in any letter case, as in IAM) and no statement denies it.
     * A principal matches its own ARN, its account's root ({@code arn:...:iam::<account>:root} or the bare
     * account ID), or {@code *}.
     */
    public boolean allows(String principalArn, String account, String action) {
        boolean allowed = false;
        for (Statement statement : statements) {
            boolean matches = statement.principals().stream().anyMatch(principal -> principalMatches(principal, principalArn, account))
                    && statement.actions().stream().anyMatch(pattern -> pattern.matches(action));
            if (!matches) {
                continue;
            }
            if (!statement.allow()) {
                return false;
            }
            if (!statement.conditional()) {
                allowed = true;
            }
        }
        return allowed;
    }

    private static boolean principalMatches(String principal, String principalArn, String account) {
        return principal.equals("*") || principal.equals(principalArn) || principal.equals(account)
                || (principal.startsWith("arn:") && principal.endsWith(":iam::" + account + ":root"));
    }
}
