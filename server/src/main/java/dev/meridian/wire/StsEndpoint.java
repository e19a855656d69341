package dev.meridian.wire;

import dev.meridian.identity.SecurityTokenService;
import dev.meridian.identity.SecurityTokenService.AssumeRoleRequest;
import dev.meridian.identity.SecurityTokenService.AssumedRole;
import dev.meridian.identity.StsException;
import dev.meridian.model.RequestContext;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AWS STS on the KMS port, as the SDKs' STS clients and {@code aws sts} call it: the Query protocol (parameters
 * form-encoded in a POST body, or in the query string), signed for the service {@code sts}, answered in STS's XML
 * ({@link StsXml}). It takes every well-framed request that has no {@code X-Amz-Target} (every KMS and CloudTrail
 * request has one) and either a form-encoded body or a credential scope naming {@code sts}; everything else goes on
 * to {@link KmsRequestHandler}. Actions: {@code GetCallerIdentity} and {@code AssumeRole}
 * ({@link SecurityTokenService}); another is {@code InvalidAction}. Authentication is the {@link Authenticator} for
 * {@code sts}, whose KMS-shaped refusals are answered with STS's codes ({@link StsXml#error(WireError)}). STS calls
 * are not KMS events and are not recorded in the KMS audit trail; they have their request-log line. Answered on
 * the event loop (an AssumeRole costs one trust-policy evaluation and one AES-GCM seal). Stateless and shared.
 */
@ChannelHandler.Sharable
final class StsEndpoint extends ChannelInboundHandlerAdapter {
    /** The scope's service, and the Query API's version. */
    static final String SERVICE = "sts";
    static final String VERSION = "2011-06-15";
    /** AssumeRole's parameters Meridian does not implement: refused rather than silently ignored. */
    private static final List<String> UNSUPPORTED = List.of("Policy", "PolicyArns", "Tags", "TransitiveTagKeys",
            "SerialNumber", "TokenCode", "SourceIdentity", "ProvidedContexts");
    private static final Logger LOG = LoggerFactory.getLogger(StsEndpoint.class);

    private final SecurityTokenService service;
    private final Authenticator authenticator;
    private final Clock clock;

    StsEndpoint(SecurityTokenService service, Authenticator authenticator, Clock clock) {
        this.service = service;
        this.authenticator = authenticator;
        this.clock = clock;
    }

    /** Whether {@code request} is an STS request: no {@code X-Amz-Target}, and a form body or an {@code sts} scope. */
    static boolean isStsRequest(FullHttpRequest request) {
        if (request.headers().contains("X-Amz-Target")) {
            return false;
        }
        String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (contentType != null && contentType.regionMatches(true, 0, StsForm.CONTENT_TYPE, 0, StsForm.CONTENT_TYPE.length())) {
            return true;
        }
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        return authorization != null && authorization.contains("/" + SERVICE + "/aws4_request");
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        if (!(message instanceof FullHttpRequest request) || HttpFraming.failed(request) || !isStsRequest(request)) {
            context.fireChannelRead(message);
            return;
        }
        long started = System.nanoTime();
        String requestId = UUID.randomUUID().toString();
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        String action = null;
        RequestContext caller = null;
        StsXml.Answer answer;
        try {
            Map<String, String> parameters = StsForm.parameters(request);
            action = parameters.get("Action");
            caller = authenticator.authenticate(request).context(CloudTrailRecorder.sourceIpOf(context), clock.instant(),
                    requestId, null, false);
            answer = answer(action, parameters, caller, requestId);
        } catch (WireException e) {
            answer = StsXml.error(StsXml.error(e.error()), requestId);
        } catch (StsException e) {
            answer = StsXml.error(e, requestId);
        } catch (RuntimeException e) {
            LOG.error("An STS request failed inside Meridian", e);
            answer = StsXml.error(new StsException("InternalFailure", 500,
                    "The request processing has failed because of an unknown error, exception or failure."), requestId);
        } finally {
            ReferenceCountUtil.release(message);
        }
        respond(context, answer, keepAlive, requestId, action, caller, System.nanoTime() - started);
    }

    private StsXml.Answer answer(String action, Map<String, String> parameters, RequestContext caller, String requestId) {
        if (action == null) {
            throw new StsException("MissingAction", 400, "Missing Action");
        }
        return switch (action) {
            case "GetCallerIdentity" -> StsXml.callerIdentity(service.callerIdentity(caller), requestId);
            case "AssumeRole" -> StsXml.assumedRole(service.assumeRole(caller, assumeRoleRequest(parameters)), requestId);
            default -> throw new StsException("InvalidAction", 400,
                    "Could not find operation " + action + " for version " + VERSION);
        };
    }

    private static AssumeRoleRequest assumeRoleRequest(Map<String, String> parameters) {
        for (String name : parameters.keySet()) {
            String member = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
            if (UNSUPPORTED.contains(member)) {
                throw StsException.validation("Meridian does not support " + member + " in AssumeRole.");
            }
        }
        String duration = parameters.get("DurationSeconds");
        Long durationSeconds = null;
        if (duration != null) {
            try {
                durationSeconds = Long.parseLong(duration);
            } catch (NumberFormatException e) {
                throw StsException.validation("1 validation error detected: Value '" + duration
                        + "' at 'durationSeconds' failed to satisfy constraint: Member must be a number");
            }
        }
        return new AssumeRoleRequest(parameters.get("RoleArn"), parameters.get("RoleSessionName"), durationSeconds,
                parameters.get("ExternalId"));
    }

    private static void respond(ChannelHandlerContext context, StsXml.Answer answer, boolean keepAlive, String requestId,
            String action, RequestContext caller, long latencyNanos) {
        RequestLog.Line line = new RequestLog.Line(caller == null ? RequestLog.NONE : caller.region().name(),
                caller == null ? RequestLog.NONE : caller.account().value(),
                action == null ? RequestLog.NONE : SERVICE + ":" + action,
                answer.status() == HttpResponseStatus.OK ? "200" : answer.code(), answer.status().code(), latencyNanos, requestId,
                RequestLog.NONE);
        RequestLog.log(line);
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        ByteBuf content = context.alloc().ioBuffer(bytes.length).writeBytes(bytes);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, answer.status(), content);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, StsXml.CONTENT_TYPE)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length)
                .set("x-amzn-RequestId", requestId);
        LingeringClose.write(context, response, keepAlive);
    }
}
