package dev.meridian.wire;

import dev.meridian.model.PrincipalType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's endpoints: every well-framed request whose path starts with {@code /_meridian/} or is
 * {@code /console} (or below it) is taken here, answered by the first {@link AdminRoute} that accepts it on a
 * worker thread, and never reaches the KMS dispatch; a path no route takes is 404 with
 * {@code {"message": "..."}}. Everything else goes on to the next handler. It sits behind
 * {@link ResponseOrder}, so answers keep the connection's request order. In strict mode a request under
 * {@code /_meridian/} (every endpoint that reads or writes data, the console's JSON API included) must be signed
 * (SigV4, service {@code kms}) by an account root of the identity file, or it is 403 with
 * {@code {"message": "..."}} and reaches no route; the console's static files under {@code /console} hold no data
 * and are served unsigned in both modes, so that a browser can load the page that then signs its API requests
 * ({@link #needsSignature}). Stateless and shared.
 */
@ChannelHandler.Sharable
final class AdminEndpoints extends ChannelInboundHandlerAdapter {
    /** The prefix of the operator's JSON endpoints. */
    static final String PREFIX = "/_meridian/";
    /** The web console's path. */
    static final String CONSOLE = "/console";
    private static final Logger LOG = LoggerFactory.getLogger(AdminEndpoints.class);

    private final List<AdminRoute> routes;
    private final Executor workers;
    private final Authenticator operators;

    /** Open endpoints: development mode. */
    AdminEndpoints(List<AdminRoute> routes, Executor workers) {
        this(routes, workers, null);
    }

    /**
     * Endpoints for the callers {@code operators} authenticates as an account's root; null: open to every caller
     * (development mode).
     */
    AdminEndpoints(List<AdminRoute> routes, Executor workers, Authenticator operators) {
        this.routes = List.copyOf(routes);
        this.workers = workers;
        this.operators = operators;
    }

    /** Whether a request to this path is the operator's (and so never a KMS request). */
    static boolean isAdminPath(String path) {
        return needsSignature(path) || path.equals(CONSOLE) || path.startsWith(CONSOLE + "/");
    }

    /**
     * Whether a strict-mode server answers an operator request to this path only when an account root signed it:
     * everything under {@code /_meridian/} (data and writes). The console's files under {@code /console} do not:
     * they are the same static page for every caller and hold no data (the page reads nothing until its own
     * signed requests to {@code /_meridian/console/api/}).
     */
    static boolean needsSignature(String path) {
        return path.startsWith(PREFIX);
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        if (!(message instanceof FullHttpRequest request) || HttpFraming.failed(request)) {
            context.fireChannelRead(message);
            return;
        }
        QueryStringDecoder target = new QueryStringDecoder(request.uri());
        if (!isAdminPath(target.path())) {
            context.fireChannelRead(message);
            return;
        }
        AdminRoute.Request adminRequest;
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        String refusal = operators == null || !needsSignature(target.path()) ? null : refusal(request);
        if (refusal != null) {
            ReferenceCountUtil.release(message);
            respond(context, AdminRoute.Answer.error(HttpResponseStatus.FORBIDDEN, refusal), keepAlive);
            return;
        }
        try {
            adminRequest = new AdminRoute.Request(request.method(), target.path(), target.parameters(),
                    ByteBufUtil.getBytes(request.content()));
        } finally {
            ReferenceCountUtil.release(message);
        }
        try {
            workers.execute(() -> respond(context, answer(adminRequest), keepAlive));
        } catch (RejectedExecutionException e) {
            respond(context, AdminRoute.Answer.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "The server is stopping"),
                    false);
        }
    }

    /** Why a strict-mode server refuses {@code request} to the operator endpoints; null when an account's root signed it. */
    private String refusal(FullHttpRequest request) {
        Authenticator.Identity identity;
        try {
            identity = operators.authenticate(request);
        } catch (WireException e) {
            return "In strict mode the operator endpoints need a request signed (SigV4, service kms) by an account root"
                    + " of the identity file: " + e.error().type() + ": " + e.error().message();
        }
        if (identity.principal().type() != PrincipalType.ROOT) {
            return "In strict mode the operator endpoints are an account root's; " + identity.principal().arn()
                    + " is not one";
        }
        return null;
    }

    private AdminRoute.Answer answer(AdminRoute.Request request) {
        try {
            for (AdminRoute route : routes) {
                Optional<AdminRoute.Answer> answer = route.answer(request);
                if (answer.isPresent()) {
                    return answer.get();
                }
            }
            return AdminRoute.Answer.error(HttpResponseStatus.NOT_FOUND,
                    "No operator endpoint " + request.method() + " " + request.path());
        } catch (RuntimeException e) {
            LOG.error("The operator endpoint {} {} failed", request.method(), request.path(), e);
            return AdminRoute.Answer.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "The operator endpoint failed");
        }
    }

    /** Writes {@code answer}, keeping the connection open or closing it as the request asked. */
    static void respond(ChannelHandlerContext context, AdminRoute.Answer answer, boolean keepAlive) {
        byte[] body = answer.body();
        ByteBuf content = context.alloc().ioBuffer(body.length).writeBytes(body);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, answer.status(), content);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, answer.contentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        answer.headers().forEach(response.headers()::set);
        LingeringClose.write(context, response, keepAlive);
    }
}
