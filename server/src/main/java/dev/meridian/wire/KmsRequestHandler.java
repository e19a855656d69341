package dev.meridian.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.core.ErrorCode;
import dev.meridian.core.KmsException;
import dev.meridian.core.NonBlocking;
import dev.meridian.model.RequestContext;
import dev.meridian.wire.model.InvalidRequestException;
import dev.meridian.wire.model.OperationModel;
import dev.meridian.wire.model.RequestValidator;
import dev.meridian.wire.model.ServiceModel;
import dev.meridian.wire.outage.Fault;
import dev.meridian.wire.outage.Outage;
import dev.meridian.wire.outage.OutageRegistry;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one HTTP request into one KMS operation: target, authentication, JSON body, model validation,
 * dispatch (on the event loop, or on the worker pool for writes), and the response or the AWS error.
 * Every request it is given gets exactly one response, which {@link ResponseOrder} needs; what fails
 * inside Meridian while a request is read is a {@code KMSInternalException}, never a silent close.
 * Stateless and shared by every connection.
 */
@ChannelHandler.Sharable
final class KmsRequestHandler extends SimpleChannelInboundHandler<HttpObject> {
    private static final Logger LOG = LoggerFactory.getLogger(KmsRequestHandler.class);
    private static final long QUEUE_FULL_WARNING_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private final ServiceModel model;
    private final Operations operations;
    private final Authenticator authenticator;
    private final ExecutorService workerPool;
    private final ExecutorService keyPairPool;
    /** One warning per interval while the audit queue is full, not one per refused request. */
    private final AtomicLong lastQueueFullWarning = new AtomicLong(System.nanoTime() - QUEUE_FULL_WARNING_INTERVAL_NANOS);
    private final AtomicLong refusedWhileQueueFull = new AtomicLong();
    private final String targetPrefix;
    private final CloudTrailRecorder recorder;
    private final CloudTrailLookupEvents cloudTrail;
    private final Authenticator cloudTrailAuthenticator;
    private final ServerMetrics metrics;
    private final OutageRegistry outages;

    KmsRequestHandler(ServiceModel model, Operations operations, Authenticator authenticator, ExecutorService workerPool,
            ExecutorService keyPairPool, CloudTrailRecorder recorder, CloudTrailLookupEvents cloudTrail, Authenticator cloudTrailAuthenticator,
            ServerMetrics metrics, OutageRegistry outages) {
        this.model = model;
        this.operations = operations;
        this.authenticator = authenticator;
        this.workerPool = workerPool;
        this.keyPairPool = keyPairPool;
        this.targetPrefix = model.targetPrefix() + ".";
        this.recorder = recorder;
        this.cloudTrail = cloudTrail;
        this.cloudTrailAuthenticator = cloudTrailAuthenticator;
        this.metrics = metrics;
        this.outages = outages;
    }

    /**
     * Answers one request ({@link ResponseOrder} passes one at a time). A request whose HTTP framing failed is
     * answered with its error and its connection closed, before anything of it is read.
     */
    @Override
    protected void channelRead0(ChannelHandlerContext context, HttpObject message) {
        String requestId = requestId();
        RequestLog.started(context);
        if (HttpFraming.failed(message)) {
            LOG.debug("Refusing a request whose framing failed", message.decoderResult().cause());
            respond(context, null, requestId, false, Outcome.failure(HttpFraming.errorOf(message.decoderResult())));
            return;
        }
        if (message instanceof FullHttpRequest request) {
            serve(context, request, requestId);
        }
    }

    private void serve(ChannelHandlerContext context, FullHttpRequest request, String requestId) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        String target = request.headers().get("X-Amz-Target");
        if (target != null && target.startsWith(CloudTrailLookupEvents.TARGET_PREFIX)) {
            serveCloudTrail(context, request, requestId, keepAlive, target);
            return;
        }
        if (!recorder.admits()) {
            long refused = refusedWhileQueueFull.incrementAndGet();
            long now = System.nanoTime();
            long last = lastQueueFullWarning.get();
            if (now - last >= QUEUE_FULL_WARNING_INTERVAL_NANOS && lastQueueFullWarning.compareAndSet(last, now)) {
                LOG.warn("The audit queue is full: refusing requests (ThrottlingException) rather than serving them without"
                        + " a record; {} refused so far", refused);
            }
            respond(context, null, requestId, false, Outcome.failure(WireError.throttled()));
            return;
        }
        CloudTrailRecorder.RequestFacts facts = recorder.begin(context, request, requestId, target);
        // Authenticated once, here: the operation, the core and the audit record all read this one context,
        // also when the request is refused for its method or operation (AWS's errors for those come first).
        RuntimeException refusal = null;
        try {
            facts.context = authenticator.authenticate(request).context(facts.sourceIpAddress, facts.time, requestId,
                    facts.eventId, false);
        } catch (RuntimeException e) {
            refusal = e;
        }
        try {
            if (!request.method().equals(HttpMethod.POST)) {
                throw new WireException(new WireError("UnknownOperationException", HttpResponseStatus.NOT_FOUND, null));
            }
            OperationModel operationModel = operationModel(target);
            facts.operation = operationModel;
            if (refusal != null) {
                throw refusal;
            }
            RequestContext caller = facts.context;
            Outage outage = outages.firing(caller.region(), operationModel.name(), caller.account());
            if (outage == null) {
                dispatch(context, request, requestId, keepAlive, facts, operationModel, caller);
            } else if (outage.rule().fault() == Fault.LATENCY) {
                // The real answer, later: the event loop's timer runs the rest, no thread waits.
                metrics.injected(caller.region().name(), operationModel.name(), Fault.LATENCY);
                request.retain();
                context.executor().schedule(() -> {
                    try {
                        dispatch(context, request, requestId, keepAlive, facts, operationModel, caller);
                    } catch (RuntimeException e) {
                        failed(context, facts, requestId, keepAlive, target, e);
                    } finally {
                        request.release();
                    }
                }, outage.rule().latencyMillis(), TimeUnit.MILLISECONDS);
            } else {
                // Failed in front of KMS: never dispatched, so no state changes and no key is used; not audited.
                metrics.injected(caller.region().name(), operationModel.name(), outage.rule().fault());
                facts.unrecorded = true;
                respond(context, facts, requestId, keepAlive, Outcome.failure(InjectedFaults.error(outage.rule().fault())));
            }
        } catch (RuntimeException e) {
            failed(context, facts, requestId, keepAlive, target, e);
        }
    }

    /** Answers a request whose reading or dispatch threw {@code e} with the error it stands for. */
    private void failed(ChannelHandlerContext context, CloudTrailRecorder.RequestFacts facts, String requestId,
            boolean keepAlive, String target, RuntimeException e) {
        if (e instanceof WireException wire) {
            respond(context, facts, requestId, keepAlive, Outcome.failure(wire.error()));
        } else if (e instanceof InvalidRequestException invalid) {
            respond(context, facts, requestId, keepAlive, Outcome.failure(WireError.of(invalid)));
        } else if (e instanceof RejectedExecutionException) {
            respond(context, facts, requestId, false, Outcome.failure(WireError.internal()));
        } else {
            LOG.error("Reading a {} request failed inside Meridian", target, e);
            respond(context, facts, requestId, false, Outcome.failure(WireError.internal()));
        }
    }

    /** Reads and validates the body of an authenticated request and runs its operation. */
    private void dispatch(ChannelHandlerContext context, FullHttpRequest request, String requestId, boolean keepAlive,
            CloudTrailRecorder.RequestFacts facts, OperationModel operationModel, RequestContext caller) {
        JsonNode body = body(request);
        facts.body = body;
        RequestValidator.validate(operationModel, body);
        Operations.Binding binding = operations.find(operationModel.name());
        if (binding == null) {
            throw new WireException(WireError.badRequest("UnsupportedOperationException",
                    operationModel.name() + " is not supported by Meridian yet."));
        }
        WireRequest wireRequest = new WireRequest(body);
        facts.wireRequest = wireRequest;
        // An attestation document (Recipient) costs milliseconds of signature and chain checks: not on an event loop.
        boolean onEventLoop = binding.execution() == Execution.EVENT_LOOP && !body.has("Recipient");
        Outcome outcome = onEventLoop ? invoke(binding, caller, wireRequest, operationModel) : Outcome.ON_WORKER;
        if (outcome != Outcome.ON_WORKER) {
            respond(context, facts, requestId, keepAlive, outcome);
        } else {
            // A write, a Recipient, or an event-loop operation that found it must write first (an AWS managed
            // key's first use).
            ExecutorService pool = binding.execution() == Execution.KEY_PAIR ? keyPairPool : workerPool;
            pool.execute(() -> respond(context, facts, requestId, keepAlive,
                    onWorker(invoke(binding, caller, wireRequest, operationModel))));
        }
    }

    /** A CloudTrail request (LookupEvents) on the same endpoint: read on the worker pool, not itself recorded. */
    private void serveCloudTrail(ChannelHandlerContext context, FullHttpRequest request, String requestId, boolean keepAlive,
            String target) {
        try {
            RequestContext caller = cloudTrailAuthenticator.authenticate(request).context(
                    CloudTrailRecorder.sourceIpOf(context), recorder.now(), requestId, null, false);
            JsonNode body = body(request);
            String operation = target.substring(CloudTrailLookupEvents.TARGET_PREFIX.length());
            workerPool.execute(() -> {
                Outcome outcome;
                try {
                    outcome = new Outcome(cloudTrail.invoke(operation, caller, body), null);
                } catch (WireException e) {
                    outcome = Outcome.failure(e.error());
                } catch (RuntimeException e) {
                    LOG.error("LookupEvents failed inside Meridian", e);
                    outcome = Outcome.failure(WireError.internal());
                }
                respond(context, null, requestId, keepAlive, outcome);
            });
        } catch (WireException e) {
            respond(context, null, requestId, keepAlive, Outcome.failure(e.error()));
        } catch (RejectedExecutionException e) {
            respond(context, null, requestId, false, Outcome.failure(WireError.internal()));
        } catch (RuntimeException e) {
            LOG.error("Reading a CloudTrail request failed inside Meridian", e);
            respond(context, null, requestId, false, Outcome.failure(WireError.internal()));
        }
    }

    /** A request ID in UUID form; unique, not secret, so it comes from a cheap generator. */
    private static String requestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    /** A response body, or an error. */
    private record Outcome(ObjectNode body, WireError error) {
        /** Not an answer: the operation must run (again, from the start) on the worker pool. */
        static final Outcome ON_WORKER = new Outcome(null, null);

        static Outcome failure(WireError error) {
            return new Outcome(null, error);
        }
    }

    private static Outcome invoke(Operations.Binding binding, RequestContext caller, WireRequest request,
            OperationModel operation) {
        String name = operation.name();
        try {
            return new Outcome(binding.operation().invoke(caller, request), null);
        } catch (NonBlocking.WriteRequiredException e) {
            return Outcome.ON_WORKER;
        } catch (KmsException e) {
            if (e.code() == ErrorCode.DEPENDENCY_TIMEOUT) { // expected while another node holds the write lock: one line
                LOG.warn("{} timed out: {}", name, (e.getCause() == null ? e : e.getCause()).getMessage());
            } else if (e.getCause() != null) {
                LOG.error("{} failed inside Meridian", name, e.getCause());
            }
            return Outcome.failure(WireError.of(e, operation));
        } catch (RuntimeException e) {
            LOG.error("{} failed inside Meridian", name, e);
            return Outcome.failure(WireError.internal());
        }
    }

    /** The outcome of a run on the worker pool, where an operation may always write. */
    private static Outcome onWorker(Outcome outcome) {
        if (outcome == Outcome.ON_WORKER) {
            LOG.error("An operation asked to write on a worker thread");
            return Outcome.failure(WireError.internal());
        }
        return outcome;
    }

    private OperationModel operationModel(String target) {
        if (target == null || !target.startsWith(targetPrefix)) {
            throw new WireException(WireError.badRequest("UnknownOperationException", null));
        }
        return model.operation(target.substring(targetPrefix.length()))
                .orElseThrow(() -> new WireException(WireError.badRequest("UnknownOperationException", null)));
    }

    private static JsonNode body(FullHttpRequest request) {
        if (request.content().readableBytes() == 0) {
            throw new WireException(WireError.badRequest("SerializationException", "The request body is missing."));
        }
        try {
            JsonNode body = Json.parse(new ByteBufInputStream(request.content()));
            if (body == null || !body.isObject()) {
                throw new WireException(WireError.badRequest("SerializationException",
                        "The request body must be a JSON object."));
            }
            return body;
        } catch (IOException e) {
            throw new WireException(WireError.badRequest("SerializationException", "The request body is not valid JSON."));
        }
    }

    /** Records the request (when {@code facts} is given), then sends the response. */
    private void respond(ChannelHandlerContext context, CloudTrailRecorder.RequestFacts facts, String requestId,
            boolean keepAlive, Outcome outcome) {
        if (facts != null && !facts.unrecorded) {
            try {
                recorder.record(facts, outcome.body(), outcome.error());
            } catch (RuntimeException e) {
                LOG.error("Cannot make the audit record of request {}", requestId, e);
            }
        }
        metrics.answered(facts, outcome.error());
        byte[] bytes = outcome.error() == null ? Json.bytes(outcome.body()) : outcome.error().body();
        HttpResponseStatus status = outcome.error() == null ? HttpResponseStatus.OK : outcome.error().status();
        RequestLog.answered(context, facts, requestId, status, outcome.error());
        ByteBuf content = context.alloc().ioBuffer(bytes.length).writeBytes(bytes);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length)
                .set("x-amzn-RequestId", requestId);
        LingeringClose.write(context, response, keepAlive);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        LOG.debug("Connection failed", cause);
        context.close();
    }
}
