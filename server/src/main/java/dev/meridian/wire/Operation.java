package dev.meridian.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.model.RequestContext;

/** One KMS operation at the wire: a validated request in, a response body out (empty for void operations). */
@FunctionalInterface
interface Operation {
    ObjectNode invoke(RequestContext caller, WireRequest request);
}
