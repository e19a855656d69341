package dev.meridian.wire;

import dev.meridian.core.KeyManagementService;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Optional;

/**
 * {@code POST /_meridian/reset}: wipes every key, alias, grant, pending replication, last use and audit
 * record ({@link KeyManagementService#reset()}) and answers 200 with {@code {"reset": true}}; the server
 * keeps serving. Outside development mode it is 403 with a JSON message, and any other method 405.
 */
final class ResetRoute implements AdminRoute {
    static final String PATH = AdminEndpoints.PREFIX + "reset";
    private final KeyManagementService service;

    ResetRoute(KeyManagementService service) {
        this.service = service;
    }

    @Override
    public Optional<Answer> answer(Request request) {
        if (!request.path().equals(PATH)) {
            return Optional.empty();
        }
        if (!request.method().equals(HttpMethod.POST)) {
            return Optional.of(Answer.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "Use POST " + PATH));
        }
        if (!service.developmentMode()) {
            return Optional.of(Answer.error(HttpResponseStatus.FORBIDDEN, "A reset is only allowed in development mode"));
        }
        service.reset();
        return Optional.of(Answer.json(HttpResponseStatus.OK, Json.object().put("reset", true)));
    }
}
