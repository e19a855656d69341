package dev.meridian.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.model.AccountId;
import dev.meridian.model.Region;
import dev.meridian.wire.outage.Fault;
import dev.meridian.wire.outage.Outage;
import dev.meridian.wire.outage.OutageRegistry;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * The operator's outage endpoints ({@link OutageRegistry}):
 * <ul>
 *   <li>{@code GET /_meridian/outages}: {@code {"outages": [outage, ...]}} in the order they were set;</li>
 *   <li>{@code POST /_meridian/outages} with an outage without {@code id}: 201 and the outage with its ID;</li>
 *   <li>{@code GET} or {@code DELETE /_meridian/outages/{id}}: the outage, or 204 once lifted; 404 if none has
 *       this ID;</li>
 *   <li>{@code DELETE /_meridian/outages}: lifts every outage, 204.</li>
 * </ul>
 * An outage is {@code {"id": "o-1", "region": "us-east-1", "operation": "Decrypt", "account": "111122223333",
 * "fault": "INTERNAL_ERROR", "probability": 1.0, "latencyMillis": 0}}; {@code operation} and {@code account} are
 * absent when it covers every operation or account, {@code probability} is 1 and {@code latencyMillis} 0 unless
 * given. A body that is not such an outage is 400 with {@code {"message": "..."}} naming the member; another method
 * is 405.
 */
final class OutageRoutes implements AdminRoute {
    static final String PATH = AdminEndpoints.PREFIX + "outages";
    private static final Set<String> MEMBERS = Set.of("region", "operation", "account", "fault", "probability",
            "latencyMillis");

    private final OutageRegistry outages;

    OutageRoutes(OutageRegistry outages) {
        this.outages = outages;
    }

    @Override
    public Optional<Answer> answer(Request request) {
        String path = request.path();
        if (path.equals(PATH) || path.equals(PATH + "/")) {
            return Optional.of(collection(request));
        }
        if (path.startsWith(PATH + "/")) {
            return Optional.of(one(request, path.substring(PATH.length() + 1)));
        }
        return Optional.empty();
    }

    private Answer collection(Request request) {
        HttpMethod method = request.method();
        if (method.equals(HttpMethod.GET)) {
            return Answer.json(HttpResponseStatus.OK, Json.object().set("outages", Json.objects(outages.list(), OutageRoutes::json)));
        }
        if (method.equals(HttpMethod.POST)) {
            try {
                Outage outage = outages.add(rule(request.body()));
                return Answer.json(HttpResponseStatus.CREATED, json(outage));
            } catch (IllegalArgumentException e) {
                return Answer.error(HttpResponseStatus.BAD_REQUEST, e.getMessage());
            }
        }
        if (method.equals(HttpMethod.DELETE)) {
            outages.liftAll();
            return noContent();
        }
        return notAllowed(method, PATH, "GET, POST or DELETE");
    }

    private Answer one(Request request, String id) {
        HttpMethod method = request.method();
        if (method.equals(HttpMethod.GET)) {
            return outages.find(id).map(outage -> Answer.json(HttpResponseStatus.OK, json(outage)))
                    .orElseGet(() -> unknown(id));
        }
        if (method.equals(HttpMethod.DELETE)) {
            return outages.lift(id) ? noContent() : unknown(id);
        }
        return notAllowed(method, PATH + "/" + id, "GET or DELETE");
    }

    private static Answer noContent() {
        return new Answer(HttpResponseStatus.NO_CONTENT, Answer.JSON, new byte[0]);
    }

    private static Answer unknown(String id) {
        return Answer.error(HttpResponseStatus.NOT_FOUND, "No outage " + id + " is in force");
    }

    private static Answer notAllowed(HttpMethod method, String path, String allowed) {
        return Answer.error(HttpResponseStatus.METHOD_NOT_ALLOWED, method + " " + path + " is not allowed; use " + allowed);
    }

    /** An outage as the endpoints write it. */
    static ObjectNode json(Outage outage) {
        Outage.Rule rule = outage.rule();
        ObjectNode node = Json.object().put("id", outage.id()).put("region", rule.region().name());
        rule.operationName().ifPresent(operation -> node.put("operation", operation));
        rule.accountId().ifPresent(account -> node.put("account", account.value()));
        return node.put("fault", rule.fault().name()).put("probability", rule.probability())
                .put("latencyMillis", rule.latencyMillis());
    }

    /** The rule a POST body asks for; an {@link IllegalArgumentException} naming the member if it cannot be one. */
    static Outage.Rule rule(byte[] body) {
        JsonNode node;
        try {
            node = body.length == 0 ? null : Json.parse(new ByteArrayInputStream(body));
        } catch (IOException e) {
            throw new IllegalArgumentException("The body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("The body must be a JSON object: an outage such as"
                    + " {\"region\": \"us-east-1\", \"fault\": \"INTERNAL_ERROR\"}");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (name.equals("id")) {
                throw new IllegalArgumentException("id: the server chooses an outage's ID; leave it out");
            }
            if (!MEMBERS.contains(name)) {
                throw new IllegalArgumentException(name + ": not a member of an outage; expected region, operation,"
                        + " account, fault, probability, latencyMillis");
            }
        }
        String regionName = text(node, "region");
        if (regionName == null) {
            throw new IllegalArgumentException("region: required, a Region name such as us-east-1");
        }
        if (!Region.isWellFormed(regionName)) {
            throw new IllegalArgumentException("region: " + regionName + " is not a Region name; expected one such as us-east-1");
        }
        String accountText = text(node, "account");
        if (accountText != null && !accountText.matches("\\d{12}")) {
            throw new IllegalArgumentException("account: " + accountText + " is not an AWS account ID; expected 12 digits");
        }
        String faultName = text(node, "fault");
        if (faultName == null) {
            throw new IllegalArgumentException("fault: required, one of " + Arrays.toString(Fault.values()));
        }
        Fault fault;
        try {
            fault = Fault.valueOf(faultName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("fault: " + faultName + " is not a fault; expected one of "
                    + Arrays.toString(Fault.values()));
        }
        JsonNode probability = node.get("probability");
        if (probability != null && !probability.isNull() && !probability.isNumber()) {
            throw new IllegalArgumentException("probability: must be a number more than 0 and at most 1");
        }
        JsonNode latency = node.get("latencyMillis");
        if (latency != null && !latency.isNull() && !(latency.isIntegralNumber() && latency.canConvertToLong())) {
            throw new IllegalArgumentException("latencyMillis: must be a whole number of milliseconds");
        }
        if (fault == Fault.LATENCY && (latency == null || latency.isNull())) {
            throw new IllegalArgumentException("latencyMillis: required for a LATENCY outage, 1 to "
                    + Outage.Rule.MAXIMUM_LATENCY_MILLIS + " milliseconds");
        }
        return new Outage.Rule(Region.of(regionName), text(node, "operation"),
                accountText == null ? null : AccountId.of(accountText), fault,
                probability == null || probability.isNull() ? 1 : probability.doubleValue(),
                latency == null || latency.isNull() ? 0 : latency.longValue());
    }

    /** A member's text, null when absent or null; an {@link IllegalArgumentException} when not a string. */
    private static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(name + ": must be a string");
        }
        return value.textValue();
    }
}
