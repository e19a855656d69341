package dev.meridian.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ResponseOrder} on an embedded channel: one request in flight, the others wait, in order. */
class ResponseOrderTest {
    private final List<String> received = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel(new ResponseOrder(), new ChannelInboundHandlerAdapter() {
        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            received.add(((FullHttpRequest) message).uri());
            ((FullHttpRequest) message).release();
        }
    });

    private static FullHttpRequest request(String uri) {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, uri, Unpooled.buffer().writeByte('x'));
    }

    private void answer(HttpResponseStatus status) {
        channel.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status));
        channel.runPendingTasks();
        channel.releaseOutbound();
    }

    @Test
    void pipelinedRequestsWaitUntilTheOneInFlightIsAnswered() {
        channel.writeInbound(request("/a"), request("/b"), request("/c"));
        assertThat(received).containsExactly("/a");
        answer(HttpResponseStatus.OK);
        assertThat(received).containsExactly("/a", "/b");
        answer(HttpResponseStatus.BAD_REQUEST);
        assertThat(received).containsExactly("/a", "/b", "/c");
        answer(HttpResponseStatus.OK);
        channel.writeInbound(request("/d"));
        assertThat(received).containsExactly("/a", "/b", "/c", "/d");
    }

    @Test
    void anInterimResponseDoesNotEndTheExchange() {
        channel.writeInbound(request("/a"), request("/b"));
        answer(HttpResponseStatus.CONTINUE);
        assertThat(received).containsExactly("/a");
        answer(HttpResponseStatus.OK);
        assertThat(received).containsExactly("/a", "/b");
    }

    @Test
    void readingPausesPastTheBoundAndResumesOnceHalfHaveBeenAnswered() {
        channel.writeInbound(request("/first"));
        for (int index = 0; index < ResponseOrder.MAXIMUM_WAITING; index++) {
            assertThat(channel.config().isAutoRead()).isTrue();
            channel.writeInbound(request("/" + index));
        }
        assertThat(channel.config().isAutoRead()).isFalse();
        for (int answered = 0; answered <= ResponseOrder.MAXIMUM_WAITING / 2; answered++) {
            answer(HttpResponseStatus.OK);
        }
        assertThat(channel.config().isAutoRead()).isTrue();
        assertThat(received).hasSize(ResponseOrder.MAXIMUM_WAITING / 2 + 2).startsWith("/first", "/0", "/1");
    }

    @Test
    void readingPausesWhenAMebibyteOfBodiesWaits() {
        channel.writeInbound(request("/first"));
        FullHttpRequest large = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/large",
                Unpooled.buffer().writeZero(ResponseOrder.MAXIMUM_WAITING_BYTES));
        channel.writeInbound(request("/small"));
        assertThat(channel.config().isAutoRead()).isTrue();
        channel.writeInbound(large);
        assertThat(channel.config().isAutoRead()).isFalse();
        answer(HttpResponseStatus.OK);
        assertThat(channel.config().isAutoRead()).isFalse();
        answer(HttpResponseStatus.OK);
        assertThat(channel.config().isAutoRead()).isTrue();
        assertThat(received).containsExactly("/first", "/small", "/large");
    }

    @Test
    void aFailedMessageIsARequestAndStrayContentIsDropped() {
        HttpContent stray = new DefaultHttpContent(Unpooled.buffer().writeByte('x'));
        FullHttpRequest failed = request("/failed");
        failed.setDecoderResult(DecoderResult.failure(new IllegalArgumentException("broken")));
        channel.writeInbound(stray, failed);
        assertThat(stray.refCnt()).isZero();
        assertThat(received).containsExactly("/failed");
    }

    @Test
    void nothingBehindAResponseThatClosesTheConnectionIsServed() {
        FullHttpRequest waiting = request("/waiting");
        channel.writeInbound(request("/a"), waiting);
        DefaultFullHttpResponse closing = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST);
        closing.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        channel.writeOutbound(closing);
        channel.runPendingTasks();
        channel.releaseOutbound();
        FullHttpRequest later = request("/later");
        channel.writeInbound(later);
        assertThat(received).containsExactly("/a");
        assertThat(waiting.refCnt()).isZero();
        assertThat(later.refCnt()).isZero();
    }

    @Test
    void waitingRequestsAreReleasedWhenTheConnectionCloses() {
        FullHttpRequest waiting = request("/waiting");
        channel.writeInbound(request("/a"), waiting);
        assertThat(waiting.refCnt()).isOne();
        channel.close();
        assertThat(waiting.refCnt()).isZero();
        assertThat(received).containsExactly("/a");
    }
}
