package dev.meridian.wire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.model.RequestContext;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AttributeKey;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request log: one INFO line per answered request, on the logger {@value #LOGGER_NAME}, as SLF4J
 * key-value pairs in a fixed order: {@code region}, {@code account}, {@code operation}, {@code outcome}
 * ({@code 200} or the error's {@code __type}), {@code status}, {@code latencyMs}, {@code requestId} (the
 * response's {@code x-amzn-RequestId}) and {@code keyId} (the key the request names, as the caller wrote it).
 * What is not known is {@code -}: a request refused before its operation was read has operation {@code -}.
 *
 * <p>A line never holds a secret: it is made from the caller, the operation, the outcome and the key named,
 * never from plaintext, ciphertext, key material, signatures, MACs, policies or tokens. When the logger is
 * off (level WARN and above) a request costs a level check and nothing else. Thread-safe.
 */
final class RequestLog {
    static final String LOGGER_NAME = "dev.meridian.requests";
    /** What the line holds in place of something not known. */
    static final String NONE = "-";
    /** ARNs and aliases are at most 2048 characters (the service model's {@code KeyIdType}). */
    private static final int MAXIMUM_KEY_ID = 2048;
    /** The members that name the key a request works on, in the order looked for. */
    private static final List<String> KEY_MEMBERS = List.of("KeyId", "SourceKeyId", "TargetKeyId");
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER_NAME);
    /** When the request in flight on a connection arrived ({@link ResponseOrder} lets one through at a time). */
    private static final AttributeKey<Long> STARTED = AttributeKey.valueOf(RequestLog.class, "started");

    private RequestLog() {
    }

    /** Notes that a request of this connection has arrived: its latency is counted from now. */
    static void started(ChannelHandlerContext context) {
        context.channel().attr(STARTED).set(System.nanoTime());
    }

    /**
     * Logs the line of a request answered with {@code status} and {@code error} (null: a success); {@code facts}
     * is what the handler learnt of the request, or null when it refused the request before reading it.
     */
    static void answered(ChannelHandlerContext context, CloudTrailRecorder.RequestFacts facts, String requestId,
            HttpResponseStatus status, WireError error) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        Long started = context.channel().attr(STARTED).get();
        long latencyNanos = started == null ? 0 : System.nanoTime() - started;
        RequestContext caller = facts == null ? null : facts.operationContext();
        String region = caller != null ? caller.region().toString()
                : facts != null && facts.scopeRegion != null ? facts.scopeRegion : NONE;
        String account = caller != null ? caller.account().toString() : NONE;
        String operation = facts != null && facts.operation != null ? facts.operation.name() : NONE;
        String keyId = facts == null ? NONE : keyId(facts.body);
        log(new Line(region, account, operation, error == null ? "200" : error.type(), status.code(),
                latencyNanos, requestId, keyId));
    }

    /** One request's line, every field filled ({@link #NONE} when not known). */
    record Line(String region, String account, String operation, String outcome, int status, long latencyNanos,
            String requestId, String keyId) {

        /** The latency in milliseconds, to the microsecond: {@code 0.153}. */
        double latencyMillis() {
            return Math.round(latencyNanos / 1_000.0) / 1_000.0;
        }
    }

    /** Writes {@code line} as INFO key-value pairs, in the documented order. */
    static void log(Line line) {
        LOG.atInfo()
                .setMessage("request")
                .addKeyValue("region", line.region())
                .addKeyValue("account", line.account())
                .addKeyValue("operation", line.operation())
                .addKeyValue("outcome", line.outcome())
                .addKeyValue("status", line.status())
                .addKeyValue("latencyMs", line.latencyMillis())
                .addKeyValue("requestId", line.requestId())
                .addKeyValue("keyId", line.keyId())
                .log();
    }

    /**
     * The key a request body names ({@code KeyId}, else {@code SourceKeyId}, else {@code TargetKeyId}), or
     * {@link #NONE}. A value that cannot be a key ID, ARN or alias (too long, or with a character outside
     * letters, digits and {@code :/_-.}) is {@link #NONE} too, so that a caller cannot write into the log.
     */
    static String keyId(JsonNode body) {
        if (body == null) {
            return NONE;
        }
        for (String member : KEY_MEMBERS) {
            JsonNode value = body.get(member);
            if (value != null) {
                return value.isTextual() && isKeyName(value.textValue()) ? value.textValue() : NONE;
            }
        }
        return NONE;
    }

    private static boolean isKeyName(String text) {
        if (text.isEmpty() || text.length() > MAXIMUM_KEY_ID) {
            return false;
        }
        for (int index = 0; index < text.length(); index++) {
            char character = text.charAt(index);
            boolean allowed = character >= 'a' && character <= 'z' || character >= 'A' && character <= 'Z'
                    || character >= '0' && character <= '9' || character == ':' || character == '/' || character == '_'
                    || character == '-' || character == '.';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }
}
