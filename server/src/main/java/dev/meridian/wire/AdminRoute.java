package dev.meridian.wire;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One family of the operator's endpoints under {@code /_meridian/} (and the console under {@code /console}),
 * registered with {@link AdminEndpoints}. A route looks at the method and path of a request and either
 * answers it or declines it ({@link Optional#empty()}), so that the next route may. Routes run on a worker
 * thread, never on an event loop: they may wait for the store. They never see a KMS request, are never
 * audited as KMS calls, and never put key material in an answer.
 */
@FunctionalInterface
interface AdminRoute {
    Optional<Answer> answer(Request request);

    /** An operator request: its method, path (without query), decoded query parameters and body bytes. */
    record Request(HttpMethod method, String path, Map<String, List<String>> query, byte[] body) {
        public Request {
            query = Map.copyOf(query);
            body = body.clone();
        }

        /** The first value of a query parameter, if given. */
        public Optional<String> parameter(String name) {
            List<String> values = query.get(name);
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        @Override
        public byte[] body() {
            return body.clone();
        }
    }

    /**
     * An answer: status, content type, body, and headers of its own (they replace the writer's defaults, such as
     * {@code Cache-Control: no-store}).
     */
    record Answer(HttpResponseStatus status, String contentType, byte[] body, Map<String, String> headers) {
        public static final String JSON = "application/json";

        public Answer {
            body = body.clone();
            headers = Map.copyOf(headers);
        }

        /** An answer with the writer's default headers only. */
        public Answer(HttpResponseStatus status, String contentType, byte[] body) {
            this(status, contentType, body, Map.of());
        }

        @Override
        public byte[] body() {
            return body.clone();
        }

        /** A JSON answer of this status. */
        public static Answer json(HttpResponseStatus status, com.fasterxml.jackson.databind.JsonNode body) {
            return new Answer(status, JSON, Json.bytes(body));
        }

        /** The operator endpoints' error form: {@code {"message": "..."}} with this status. */
        public static Answer error(HttpResponseStatus status, String message) {
            return json(status, Json.object().put("message", message));
        }
    }
}
