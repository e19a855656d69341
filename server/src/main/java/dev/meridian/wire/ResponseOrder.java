package dev.meridian.wire;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * Keeps HTTP/1.1's rule that a connection's responses leave in the order of its requests (RFC 9112 section
 * 9.3.2), whichever thread answers them: one request of a connection is in flight at a time, and requests
 * that a client pipelined behind it wait here until its final response has been written. A write on the
 * worker pool followed by a GenerateRandom on the event loop are therefore answered write first.
 *
 * <p>Every request passed on must be answered with exactly one final (non-1xx) response; a request whose
 * framing failed counts as a request ({@link HttpFraming#failed}). Other inbound objects (stray body parts
 * the aggregator let through) are dropped, and so is every request behind a response that says
 * {@code Connection: close}: the connection ends with it, so those are never acted on. Once
 * {@value #MAXIMUM_WAITING} requests or a mebibyte of bodies wait, the connection is not read until half of
 * that has been answered, so a client that pipelines without reading holds a bounded amount of memory
 * (at most about 4 MiB: under 2 MiB of waiting bodies, the request in flight and the one being
 * aggregated). One instance per connection; its state is touched on the connection's event
 * loop only (Netty runs outbound writes from other threads there).
 */
final class ResponseOrder extends ChannelDuplexHandler {
    static final int MAXIMUM_WAITING = 16;
    /** The most body bytes that may wait before the connection is not read; a full-size body alone reaches it. */
    static final int MAXIMUM_WAITING_BYTES = HttpServer.MAXIMUM_REQUEST_BYTES;
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    private boolean inFlight;
    private boolean readingPaused;
    private long waitingBytes;
    private boolean closing;

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        if (closing || !(message instanceof FullHttpRequest) && !HttpFraming.failed(message)) {
            ReferenceCountUtil.release(message);
            return;
        }
        if (inFlight || !waiting.isEmpty()) {
            waiting.add(message);
            waitingBytes += bytes(message);
            if ((waiting.size() >= MAXIMUM_WAITING || waitingBytes >= MAXIMUM_WAITING_BYTES) && !readingPaused) {
                readingPaused = true;
                context.channel().config().setAutoRead(false);
            }
            return;
        }
        inFlight = true;
        context.fireChannelRead(message);
    }

    @Override
    public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) {
        boolean finalResponse = message instanceof HttpResponse response
                && response.status().codeClass() != HttpStatusClass.INFORMATIONAL;
        if (finalResponse && HttpHeaderValues.CLOSE.contentEqualsIgnoreCase(((HttpResponse) message).headers().get(HttpHeaderNames.CONNECTION))) {
            closing = true; // nothing after this response is served: the connection closes once it is written
            releaseWaiting();
        }
        context.write(message, promise);
        if (finalResponse && inFlight) {
            inFlight = false;
            if (!waiting.isEmpty()) {
                // Later, not inside this write: the next request's handler may answer it at once.
                context.executor().execute(() -> next(context));
            }
        }
    }

    private void next(ChannelHandlerContext context) {
        if (inFlight || waiting.isEmpty()) {
            return;
        }
        if (!context.channel().isActive()) {
            releaseWaiting();
            return;
        }
        Object message = waiting.poll();
        waitingBytes -= bytes(message);
        inFlight = true;
        if (readingPaused && waiting.size() < MAXIMUM_WAITING / 2 && waitingBytes < MAXIMUM_WAITING_BYTES / 2) {
            readingPaused = false;
            context.channel().config().setAutoRead(true);
        }
        context.fireChannelRead(message);
    }

    private static long bytes(Object message) {
        return message instanceof FullHttpRequest request ? request.content().readableBytes() : 0;
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        releaseWaiting();
        super.channelInactive(context);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext context) {
        releaseWaiting();
    }

    private void releaseWaiting() {
        Object message;
        waitingBytes = 0;
        while ((message = waiting.poll()) != null) {
            ReferenceCountUtil.release(message);
        }
    }
}
