package dev.meridian.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.core.Page;

/** The pagination members of a listing response: {@code NextMarker} (only when truncated) and {@code Truncated}. */
final class Pages {
    private Pages() {
    }

    static ObjectNode finish(ObjectNode response, Page<?> page) {
        if (page.truncated()) {
            response.put("NextMarker", page.nextMarker());
        }
        return response.put("Truncated", page.truncated());
    }
}
