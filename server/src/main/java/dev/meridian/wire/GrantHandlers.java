package dev.meridian.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.core.CreateGrantRequest;
import dev.meridian.core.Grants;
import dev.meridian.core.Page;
import dev.meridian.model.Grant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The wire side of the grant family; writes run on the worker pool, listings on the event loop. */
final class GrantHandlers {
    private GrantHandlers() {
    }

    static void register(Operations operations, Grants grants) {
        operations.add("CreateGrant", Execution.WORKER, (caller, request) -> {
            Grants.CreatedGrant created = grants.createGrant(caller, new CreateGrantRequest(request.string("KeyId"),
                    request.string("GranteePrincipal"), request.string("GranteeServicePrincipal"),
                    request.string("RetiringPrincipal"), request.string("RetiringServicePrincipal"),
                    request.strings("Operations"), constraints(request.node("Constraints")), request.string("Name")));
            return Json.object().put("GrantToken", created.grantToken()).put("GrantId", created.grantId());
        });
        operations.add("ListGrants", Execution.EVENT_LOOP, (caller, request) -> listing(grants.listGrants(caller,
                request.string("KeyId"), request.string("GrantId"), request.string("GranteePrincipal"),
                request.string("GranteeServicePrincipal"), request.integer("Limit"), request.string("Marker"))));
        operations.add("ListRetirableGrants", Execution.EVENT_LOOP, (caller, request) -> listing(
                grants.listRetirableGrants(caller, request.string("RetiringPrincipal"),
                        request.string("RetiringServicePrincipal"), request.integer("Limit"), request.string("Marker"))));
        operations.add("RetireGrant", Execution.WORKER, (caller, request) -> {
            grants.retireGrant(caller, request.string("GrantToken"), request.string("KeyId"), request.string("GrantId"));
            return Json.object();
        });
        operations.add("RevokeGrant", Execution.WORKER, (caller, request) -> {
            grants.revokeGrant(caller, request.string("KeyId"), request.string("GrantId"));
            return Json.object();
        });
    }

    private static Grant.Constraints constraints(JsonNode node) {
        if (node == null) {
            return null;
        }
        JsonNode sourceArn = node.get("SourceArn");
        return new Grant.Constraints(context(node.get("EncryptionContextEquals")),
                context(node.get("EncryptionContextSubset")),
                sourceArn == null || sourceArn.isNull() ? null : sourceArn.asText());
    }

    private static Map<String, String> context(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        Map<String, String> context = new LinkedHashMap<>();
        node.properties().forEach(entry -> context.put(entry.getKey(), entry.getValue().asText()));
        return context;
    }

    private static ObjectNode listing(Page<Grant> page) {
        ObjectNode response = Json.object();
        response.set("Grants", Json.objects(page.items(), GrantHandlers::entry));
        return Pages.finish(response, page);
    }

    /** One {@code GrantListEntry}: members without a value are left out. */
    private static ObjectNode entry(Grant grant) {
        ObjectNode entry = Json.object()
                .put("KeyId", grant.key().arn())
                .put("GrantId", grant.grantId());
        putIfPresent(entry, "Name", grant.name());
        entry.put("CreationDate", Json.epochSeconds(grant.creationDate()));
        putIfPresent(entry, "GranteePrincipal", grant.granteePrincipal());
        putIfPresent(entry, "GranteeServicePrincipal", grant.granteeServicePrincipal());
        putIfPresent(entry, "RetiringPrincipal", grant.retiringPrincipal());
        putIfPresent(entry, "RetiringServicePrincipal", grant.retiringServicePrincipal());
        entry.put("IssuingAccount", grant.issuingAccount());
        entry.set("Operations", Json.strings(grant.operations()));
        Grant.Constraints constraints = grant.constraints();
        if (!constraints.isEmpty()) {
            ObjectNode written = entry.putObject("Constraints");
            putContext(written, "EncryptionContextSubset", constraints.sortedSubset());
            putContext(written, "EncryptionContextEquals", constraints.sortedEquals());
            putIfPresent(written, "SourceArn", constraints.sourceArn());
        }
        return entry;
    }

    private static void putContext(ObjectNode constraints, String member, Map<String, String> context) {
        if (context != null) {
            ObjectNode map = constraints.putObject(member);
            context.forEach(map::put);
        }
    }

    private static void putIfPresent(ObjectNode node, String member, String value) {
        if (value != null) {
            node.put(member, value);
        }
    }
}
