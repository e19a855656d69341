package dev.meridian.wire;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Aggregates request bodies up to a limit. It writes nothing itself except {@code 100 Continue}: a body
 * over the limit and an unsupported {@code Expect} become a request whose decoder result failed
 * ({@link HttpFraming.BodyTooLarge}, {@link HttpFraming.UnsupportedExpectation}) and go down the pipeline
 * like every other request, so that their JSON errors leave in request order ({@link ResponseOrder}).
 * A message whose framing failed in the decoder is passed on failed, as {@link HttpObjectAggregator} does.
 */
final class JsonErrorAggregator extends HttpObjectAggregator {

    JsonErrorAggregator(int maximumBytes) {
        super(maximumBytes);
    }

    @Override
    protected Object newContinueResponse(HttpMessage start, int maximumBytes, ChannelPipeline pipeline) {
        if (!start.decoderResult().isSuccess()) {
            return null; // a broken request gets its error, never a 100 Continue
        }
        if (unsupportedExpectation(start)) {
            start.headers().remove(HttpHeaderNames.EXPECT);
            start.setDecoderResult(DecoderResult.failure(new HttpFraming.UnsupportedExpectation()));
            return null;
        }
        if (HttpUtil.is100ContinueExpected(start) && isContentLengthInvalid(start, maximumBytes)) {
            return null; // handleOversizedMessage answers, in order
        }
        return super.newContinueResponse(start, maximumBytes, pipeline);
    }

    /** An {@code Expect} other than {@code 100-continue}; HTTP/1.0 requests' expectations are ignored (RFC 9110). */
    private static boolean unsupportedExpectation(HttpMessage message) {
        String expectation = message.headers().get(HttpHeaderNames.EXPECT);
        return expectation != null && message.protocolVersion().compareTo(HttpVersion.HTTP_1_1) >= 0
                && !HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expectation);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext context, HttpMessage oversized) {
        HttpVersion version = oversized.protocolVersion();
        FullHttpRequest refused = oversized instanceof HttpRequest request
                ? new DefaultFullHttpRequest(version, request.method(), request.uri(), Unpooled.EMPTY_BUFFER)
                : new DefaultFullHttpRequest(version, HttpMethod.POST, "/", Unpooled.EMPTY_BUFFER);
        refused.setDecoderResult(DecoderResult.failure(new HttpFraming.BodyTooLarge()));
        context.fireChannelRead(refused);
    }
}
