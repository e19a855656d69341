package dev.meridian.wire;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection after its last response the way RFC 9112 section 9.6 asks ("lingering close"): once the
 * response is written, the server closes its sending side only, then reads and discards what the client still
 * sends until the client closes too, or for at most {@link #LINGER_MILLIS}. Closing at once while the client is
 * still sending (a body over the limit) makes the kernel answer its bytes with a reset, which can destroy the
 * response before the client reads it. A listener on the response's write; stateless.
 */
final class LingeringClose implements ChannelFutureListener {
    static final LingeringClose INSTANCE = new LingeringClose();
    static final long LINGER_MILLIS = 2_000;

    private LingeringClose() {
    }

    /**
     * Writes {@code response} with the connection header the request asked for: kept open, or closed
     * lingering after the write. Every answer of the server goes out through here.
     */
    static void write(ChannelHandlerContext context, FullHttpResponse response,
            boolean keepAlive) {
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            context.writeAndFlush(response);
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            context.writeAndFlush(response).addListener(INSTANCE);
        }
    }

    @Override
    public void operationComplete(ChannelFuture written) {
        Channel channel = written.channel();
        if (!written.isSuccess() || !(channel instanceof DuplexChannel duplex) || !channel.isActive()) {
            channel.close();
            return;
        }
        channel.pipeline().addFirst(new Discard());
        channel.config().setAutoRead(true);
        duplex.shutdownOutput().addListener(shut -> channel.eventLoop()
                .schedule(() -> channel.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS));
    }

    /** Drops every byte that arrives after the last response; nothing after it is read as a request. */
    private static final class Discard extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            ReferenceCountUtil.release(message);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            context.close();
        }
    }
}
