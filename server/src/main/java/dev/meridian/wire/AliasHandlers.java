package dev.meridian.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.core.Aliases;
import dev.meridian.core.Page;
import dev.meridian.model.Alias;

/** The wire side of the alias family. */
final class AliasHandlers {
    private AliasHandlers() {
    }

    static void register(Operations operations, Aliases aliases) {
        operations.add("CreateAlias", Execution.WORKER, (caller, request) -> {
            aliases.createAlias(caller, request.string("AliasName"), request.string("TargetKeyId"));
            return Json.object();
        });
        operations.add("UpdateAlias", Execution.WORKER, (caller, request) -> {
            aliases.updateAlias(caller, request.string("AliasName"), request.string("TargetKeyId"));
            return Json.object();
        });
        operations.add("DeleteAlias", Execution.WORKER, (caller, request) -> {
            aliases.deleteAlias(caller, request.string("AliasName"));
            return Json.object();
        });
        operations.add("ListAliases", Execution.EVENT_LOOP, (caller, request) -> {
            Page<Alias> page = aliases.listAliases(caller, request.string("KeyId"), request.integer("Limit"),
                    request.string("Marker"));
            ObjectNode response = Json.object();
            response.set("Aliases", Json.objects(page.items(), AliasHandlers::alias));
            return Pages.finish(response, page);
        });
    }

    /** One alias; a predefined AWS alias whose key does not exist yet has only its name and ARN, as AWS lists it. */
    private static ObjectNode alias(Alias alias) {
        ObjectNode node = Json.object().put("AliasName", alias.name()).put("AliasArn", alias.arn());
        if (alias.hasTarget()) {
            node.put("TargetKeyId", alias.targetKeyId().value())
                    .put("CreationDate", Json.epochSeconds(alias.creationDate()))
                    .put("LastUpdatedDate", Json.epochSeconds(alias.lastUpdatedDate()));
        }
        return node;
    }
}
