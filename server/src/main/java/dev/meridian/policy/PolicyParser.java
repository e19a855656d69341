package dev.meridian.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.json.JsonTrees;
import dev.meridian.policy.PolicyDocument.Kind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a policy's JSON into {@link Statement}s, checking its structure for its {@link Kind}; a fault is a
 * {@link MalformedPolicyException} saying what is wrong. Stateless.
 */
final class PolicyParser {
    /** Jackson's default limits; trailing content after the policy's object is refused ({@link JsonTrees#read}). */
    private static final JsonFactory JSON = new JsonFactory();
    static final String VERSION_2012 = "2012-10-17";
    static final String VERSION_2008 = "2008-10-17";

    private PolicyParser() {
    }

    /** The parsed policy: its version (null when absent) and statements. */
    record Parsed(String version, String id, List<Statement> statements) {
    }

    static Parsed parse(String text, Kind kind) {
        JsonNode root;
        try {
            root = JsonTrees.read(JSON, text);
        } catch (IOException e) {
            // AWS answers a policy that is not JSON with no message at all (recorded from the service).
            throw new MalformedPolicyException(null);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedPolicyException("The policy must be a JSON object.");
        }
        JsonNode version = root.get("Version");
        if (version != null && !(version.isTextual()
                && (version.asText().equals(VERSION_2012) || version.asText().equals(VERSION_2008)))) {
            throw new MalformedPolicyException("The policy version is not supported: " + version);
        }
        JsonNode id = root.get("Id");
        if (id != null && !id.isTextual()) {
            throw new MalformedPolicyException("The policy Id must be a string.");
        }
        JsonNode statementNode = root.get("Statement");
        if (statementNode == null || !(statementNode.isObject() || statementNode.isArray()) || statementNode.isEmpty()) {
            throw new MalformedPolicyException("The policy has no statement.");
        }
        // Policy variables exist only in version 2012-10-17; elsewhere ${...} is plain text.
        boolean variables = version != null && version.asText().equals(VERSION_2012);
        List<Statement> statements = new ArrayList<>();
        for (JsonNode statement : statementNode.isArray() ? statementNode : List.of(statementNode)) {
            statements.add(statement(statement, kind, variables));
        }
        return new Parsed(version == null ? null : version.asText(), id == null ? null : id.asText(),
                List.copyOf(statements));
    }

    private static Statement statement(JsonNode node, Kind kind, boolean variables) {
        if (!node.isObject()) {
            throw new MalformedPolicyException("A policy statement must be a JSON object.");
        }
        JsonNode sid = node.get("Sid");
        if (sid != null && !sid.isTextual()) {
            throw new MalformedPolicyException("Policy contains a statement with an invalid Sid.");
        }
        JsonNode effect = node.get("Effect");
        if (effect == null || !effect.isTextual() || !(effect.asText().equals("Allow") || effect.asText().equals("Deny"))) {
            throw new MalformedPolicyException("Policy statement effect must be Allow or Deny.");
        }
        JsonNode principal = node.get("Principal");
        JsonNode notPrincipal = node.get("NotPrincipal");
        PrincipalSet principals = null;
        if (kind == Kind.IDENTITY) {
            if (principal != null || notPrincipal != null) {
                // IAM's answer to a principal in an identity-based policy.
                throw new MalformedPolicyException("Policy document should not specify a principal.");
            }
        } else {
            if (principal == null && notPrincipal == null) {
                throw new MalformedPolicyException("Policy contains a statement with no principal.");
            }
            if (principal != null && notPrincipal != null) {
                throw new MalformedPolicyException("Policy contains a statement with both Principal and NotPrincipal.");
            }
            principals = PrincipalSet.parse(principal != null ? principal : notPrincipal);
        }
        JsonNode action = node.get("Action");
        JsonNode notAction = node.get("NotAction");
        if (action == null && notAction == null) {
            throw new MalformedPolicyException("Policy contains a statement with no action.");
        }
        if (action != null && notAction != null) {
            throw new MalformedPolicyException("Policy contains a statement with both Action and NotAction.");
        }
        List<String> actionNames = strings(action != null ? action : notAction, "action");
        if (kind == Kind.TRUST && (notAction != null || !actionNames.stream().allMatch(PolicyParser::isStsAction))) {
            // IAM's answer to a trust policy with another service's action.
            throw new MalformedPolicyException("AssumeRole policy may only specify STS AssumeRole actions.");
        }
        List<Wildcard> actions = actionNames.stream().map(Wildcard::ignoringCase).toList();
        JsonNode resource = node.get("Resource");
        JsonNode notResource = node.get("NotResource");
        if (resource != null && notResource != null) {
            throw new MalformedPolicyException("Policy contains a statement with both Resource and NotResource.");
        }
        if (kind == Kind.TRUST && (resource != null || notResource != null)) {
            // IAM's answer to a trust policy with a resource.
            throw new MalformedPolicyException("Has prohibited field Resource");
        }
        if (kind == Kind.IDENTITY && resource == null && notResource == null) {
            // IAM's answer to an identity-based policy statement without resources.
            throw new MalformedPolicyException("Policy statement must contain resources.");
        }
        List<Object> resources = null;
        if (resource != null || notResource != null) {
            resources = new ArrayList<>();
            for (String pattern : strings(resource != null ? resource : notResource, "resource")) {
                PolicyText text = PolicyText.of(pattern, variables);
                resources.add(text.isConstant() ? Wildcard.exact(pattern) : text);
            }
            resources = List.copyOf(resources);
        }
        return new Statement(sid == null ? null : sid.asText(), effect.asText().equals("Allow"), principals,
                notPrincipal != null, actions, notAction != null, resources, notResource != null,
                conditions(node.get("Condition"), variables));
    }

    private static List<Condition> conditions(JsonNode node, boolean variables) {
        if (node == null) {
            return List.of();
        }
        if (!node.isObject()) {
            throw new MalformedPolicyException("Policy contains a statement with an invalid condition.");
        }
        List<Condition> conditions = new ArrayList<>();
        node.properties().forEach(
                entry -> conditions.addAll(Condition.parseBlock(entry.getKey(), entry.getValue(), variables)));
        return List.copyOf(conditions);
    }

    private static boolean isStsAction(String action) {
        return action.equals("*") || action.toLowerCase(Locale.ROOT).startsWith("sts:");
    }

    private static List<String> strings(JsonNode node, String what) {
        List<String> values = new ArrayList<>();
        if (node.isTextual()) {
            values.add(node.asText());
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                if (!element.isTextual()) {
                    throw new MalformedPolicyException("Policy contains an invalid " + what + ".");
                }
                values.add(element.asText());
            }
        } else {
            throw new MalformedPolicyException("Policy contains an invalid " + what + ".");
        }
        return values;
    }
}
