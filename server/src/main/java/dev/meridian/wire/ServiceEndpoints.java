package dev.meridian.wire;

import dev.meridian.wire.AdminRoute.Answer;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * The operator's endpoints on the KMS port, answered before the KMS dispatch and never audited:
 * {@code GET /health/live} (200 while the process serves), {@code GET /health/ready} (200 when the store is
 * open and the audit queue admits requests, otherwise 503 with the failed check named) and
 * {@code GET /metrics} (Prometheus text format, {@link ServerMetrics}). Only a well-framed {@code GET} of
 * exactly these paths (a query string is ignored) is taken; every other request, and every request whose
 * framing failed, goes on to {@link KmsRequestHandler} as before. It sits behind {@link ResponseOrder}, so
 * its answers keep the connection's request order. Stateless and shared by every connection.
 */
@ChannelHandler.Sharable
final class ServiceEndpoints extends ChannelInboundHandlerAdapter {
    static final String LIVE = "/health/live";
    static final String READY = "/health/ready";
    static final String METRICS = "/metrics";
    private static final String JSON = "application/json";

    private final BooleanSupplier storeOpen;
    private final BooleanSupplier auditQueueAdmits;
    private final ServerMetrics metrics;

    ServiceEndpoints(BooleanSupplier storeOpen, BooleanSupplier auditQueueAdmits, ServerMetrics metrics) {
        this.storeOpen = storeOpen;
        this.auditQueueAdmits = auditQueueAdmits;
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        if (!(message instanceof FullHttpRequest request) || HttpFraming.failed(request)
                || !request.method().equals(HttpMethod.GET)) {
            context.fireChannelRead(message);
            return;
        }
        Answer answer = switch (path(request.uri())) {
            case LIVE -> new Answer(HttpResponseStatus.OK, JSON, ascii("{\"status\":\"live\"}"));
            case READY -> readiness(storeOpen.getAsBoolean(), auditQueueAdmits.getAsBoolean());
            case METRICS -> new Answer(HttpResponseStatus.OK, ServerMetrics.contentType(), metrics.scrape());
            default -> null;
        };
        if (answer == null) {
            context.fireChannelRead(message);
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        ReferenceCountUtil.release(message);
        AdminEndpoints.respond(context, answer, keepAlive);
    }

    /**
     * The readiness answer: 200 when both checks pass; otherwise 503, the body naming each check's state
     * ({@code "store":"open"|"closed"}, {@code "auditQueue":"admitting"|"full"}).
     */
    static Answer readiness(boolean storeOpen, boolean auditQueueAdmits) {
        boolean ready = storeOpen && auditQueueAdmits;
        String body = "{\"status\":\"" + (ready ? "ready" : "unavailable") + "\",\"checks\":{\"store\":\""
                + (storeOpen ? "open" : "closed") + "\",\"auditQueue\":\"" + (auditQueueAdmits ? "admitting" : "full")
                + "\"}}";
        return new Answer(ready ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, JSON, ascii(body));
    }

    /** The path of a request target, without its query string. */
    static String path(String uri) {
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
