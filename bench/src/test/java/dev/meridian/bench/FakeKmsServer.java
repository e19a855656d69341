package dev.meridian.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A tiny in-process KMS stand-in for tests: answers CreateKey, Encrypt, Decrypt and GenerateDataKey. */
final class FakeKmsServer implements AutoCloseable {
    final List<FullHttpRequest> firstRequests = new CopyOnWriteArrayList<>();
    final Set<Channel> connections = ConcurrentHashMap.newKeySet();
    final AtomicInteger requestCount = new AtomicInteger();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel serverChannel;
    private final int failEveryNth;

    FakeKmsServer(int failEveryNth) throws InterruptedException {
        this.failEveryNth = failEveryNth;
        serverChannel = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        connections.add(channel);
                        channel.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                                new Handler());
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + ((InetSocketAddress) serverChannel.localAddress()).getPort());
    }

    @Override
    public void close() {
        serverChannel.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext context, FullHttpRequest request) {
            int number = requestCount.incrementAndGet();
            if (firstRequests.size() < 4) {
                firstRequests.add(request.retainedDuplicate());
            }
            String target = request.headers().get("X-Amz-Target", "");
            HttpResponseStatus status = HttpResponseStatus.OK;
            String body = switch (target) {
                case "TrentService.CreateKey" -> "{\"KeyMetadata\":{\"KeyId\":\"fake-key\"}}";
                case "TrentService.Encrypt" -> "{\"CiphertextBlob\":\"Y2lwaGVy\",\"KeyId\":\"fake-key\"}";
                case "TrentService.Decrypt" -> "{\"Plaintext\":\"cGxhaW4=\",\"KeyId\":\"fake-key\"}";
                case "TrentService.GenerateDataKey" -> "{\"Plaintext\":\"cGxhaW4=\",\"CiphertextBlob\":\"Y2lwaGVy\"}";
                default -> null;
            };
            if (body == null || (failEveryNth > 0 && number % failEveryNth == 0)) {
                status = HttpResponseStatus.BAD_REQUEST;
                body = "{\"__type\":\"ValidationException\",\"message\":\"fake failure\"}";
            }
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, RequestSigner.CONTENT_TYPE);
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
            context.writeAndFlush(response);
        }
    }
}
