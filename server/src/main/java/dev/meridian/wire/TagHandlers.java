package dev.meridian.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.core.Page;
import dev.meridian.core.Tagging;
import dev.meridian.model.Tag;
import java.util.List;

/** The wire side of the tag family. */
final class TagHandlers {
    private TagHandlers() {
    }

    static void register(Operations operations, Tagging tagging) {
        operations.add("TagResource", Execution.WORKER, (caller, request) -> {
            tagging.tagResource(caller, request.string("KeyId"), request.tags("Tags"));
            return Json.object();
        });
        operations.add("UntagResource", Execution.WORKER, (caller, request) -> {
            tagging.untagResource(caller, request.string("KeyId"), request.strings("TagKeys"));
            return Json.object();
        });
        operations.add("ListResourceTags", Execution.EVENT_LOOP, (caller, request) -> {
            Page<Tag> page = tagging.listResourceTags(caller, request.string("KeyId"), request.integer("Limit"),
                    request.string("Marker"));
            ObjectNode response = Json.object();
            response.set("Tags", tags(page.items()));
            return Pages.finish(response, page);
        });
    }

    static com.fasterxml.jackson.databind.node.ArrayNode tags(List<Tag> tags) {
        return Json.objects(tags, tag -> Json.object().put("TagKey", tag.key()).put("TagValue", tag.value()));
    }
}
