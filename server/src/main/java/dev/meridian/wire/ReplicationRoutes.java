package dev.meridian.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.core.ReplicationControl;
import dev.meridian.core.ReplicationControl.RegionStatus;
import dev.meridian.model.Region;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Optional;

/**
 * The operator's replication endpoints, to rehearse a replica that lags behind its primary:
 * <ul>
 *   <li>{@code GET /_meridian/replication}: {@code {"regions":[{"region":"us-west-2","paused":true,"pendingEvents":3}]}},
 *       every Region that is paused or has replication events waiting, in name order;</li>
 *   <li>{@code POST /_meridian/replication/{region}/pause} and {@code .../resume}: 200 with that Region's object
 *       (a resume answers after the held events that are due have been applied);</li>
 *   <li>a Region name that is not one: 400 {@code {"message": "..."}}; another method on these paths: 405.</li>
 * </ul>
 */
final class ReplicationRoutes implements AdminRoute {
    static final String PATH = AdminEndpoints.PREFIX + "replication";
    private final ReplicationControl replication;

    ReplicationRoutes(ReplicationControl replication) {
        this.replication = replication;
    }

    @Override
    public Optional<Answer> answer(Request request) {
        String path = request.path();
        if (path.equals(PATH)) {
            if (!request.method().equals(HttpMethod.GET)) {
                return Optional.of(methodNotAllowed(request));
            }
            return Optional.of(Answer.json(HttpResponseStatus.OK,
                    Json.object().set("regions", Json.objects(replication.regions(), ReplicationRoutes::write))));
        }
        if (!path.startsWith(PATH + "/")) {
            return Optional.empty();
        }
        String[] parts = path.substring(PATH.length() + 1).split("/", -1);
        if (parts.length != 2 || !(parts[1].equals("pause") || parts[1].equals("resume"))) {
            return Optional.empty();
        }
        if (!request.method().equals(HttpMethod.POST)) {
            return Optional.of(methodNotAllowed(request));
        }
        if (!Region.isWellFormed(parts[0])) {
            return Optional.of(Answer.error(HttpResponseStatus.BAD_REQUEST, "Not a Region name: " + parts[0]));
        }
        Region region = Region.of(parts[0]);
        if (parts[1].equals("pause")) {
            return Optional.of(Answer.json(HttpResponseStatus.OK, write(replication.pause(region))));
        }
        try {
            return Optional.of(Answer.json(HttpResponseStatus.OK, write(replication.resume(region))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(Answer.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "The server is stopping"));
        }
    }

    private static Answer methodNotAllowed(Request request) {
        return Answer.error(HttpResponseStatus.METHOD_NOT_ALLOWED,
                "Method " + request.method() + " is not allowed on " + request.path());
    }

    private static ObjectNode write(RegionStatus status) {
        ObjectNode node = Json.object();
        node.put("region", status.region().name());
        node.put("paused", status.paused());
        node.put("pendingEvents", status.pendingEvents());
        return node;
    }
}
