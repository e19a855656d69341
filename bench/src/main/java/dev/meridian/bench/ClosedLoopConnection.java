package dev.meridian.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One persistent HTTP/1.1 keep-alive connection driven in a closed loop: it writes a request,
 * waits for the whole response, records its latency and immediately writes the next one. When
 * the server closes the connection (or answers without keep-alive) it connects again and goes on.
 *
 * <p>After {@link #stop()} the connection sends nothing more; it closes once the outstanding
 * response has arrived and then counts down the shared {@code finished} latch.
 */
public final class ClosedLoopConnection {
    private static final int MAXIMUM_RESPONSE_BYTES = 16 * 1024 * 1024;
    private static final long RECONNECT_DELAY_MILLISECONDS = 100;

    private final Bootstrap bootstrap;
    private final String host;
    private final int port;
    private final SignedRequestTemplate template;
    private final RunStatistics statistics;
    private final CountDownLatch finished;
    private volatile boolean stopping;
    private boolean finishReported;

    /**
     * Creates the connection; nothing happens until {@link #start()}.
     *
     * @param bootstrap configured with the event-loop group and channel type; the handler is set here
     * @param finished counted down once when this connection has stopped for good
     */
    public ClosedLoopConnection(Bootstrap bootstrap, String host, int port, SignedRequestTemplate template,
                                RunStatistics statistics, CountDownLatch finished) {
        this.bootstrap = bootstrap.clone();
        this.host = host;
        this.port = port;
        this.template = template;
        this.statistics = statistics;
        this.finished = finished;
        this.bootstrap.handler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
                channel.pipeline()
                        .addLast(new HttpClientCodec())
                        .addLast(new HttpObjectAggregator(MAXIMUM_RESPONSE_BYTES))
                        .addLast(new ResponseHandler());
            }
        });
    }

    /** Connects; the first request is written as soon as the connection is up. */
    public void start() {
        connect();
    }

    /** Asks the loop to stop after the outstanding response. */
    public void stop() {
        stopping = true;
    }

    private void connect() {
        ChannelFuture future = bootstrap.connect(host, port);
        future.addListener(result -> {
            if (!result.isSuccess()) {
                statistics.recordConnectionFailure("cannot connect to " + host + ":" + port + ": " + result.cause());
                reconnectLater(future.channel());
            }
        });
    }

    private void reconnectLater(Channel channel) {
        if (stopping) {
            reportFinished();
            return;
        }
        channel.eventLoop().schedule(this::connect, RECONNECT_DELAY_MILLISECONDS, TimeUnit.MILLISECONDS);
    }

    private synchronized void reportFinished() {
        if (!finishReported) {
            finishReported = true;
            finished.countDown();
        }
    }

    /** Handles the responses of one channel; a new one is made for each (re)connection. */
    private final class ResponseHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
        private long requestWrittenNanos;
        private boolean awaitingResponse;
        private boolean closingOnPurpose;

        @Override
        public void channelActive(ChannelHandlerContext context) {
            sendNext(context);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext context, FullHttpResponse response) {
            long latencyNanos = System.nanoTime() - requestWrittenNanos;
            awaitingResponse = false;
            statistics.recordResponse(response.status().code(), latencyNanos,
                    () -> response.content().toString(StandardCharsets.UTF_8));
            if (stopping) {
                closingOnPurpose = true;
                context.close();
                reportFinished();
            } else if (!HttpUtil.isKeepAlive(response)) {
                closingOnPurpose = true;
                context.close().addListener(closed -> connect());
            } else {
                sendNext(context);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            if (closingOnPurpose) {
                return;
            }
            if (awaitingResponse) {
                statistics.recordConnectionFailure("server closed the connection before responding");
            }
            reconnectLater(context.channel());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            statistics.recordConnectionFailure(String.valueOf(cause));
            awaitingResponse = false;
            context.close();
        }

        private void sendNext(ChannelHandlerContext context) {
            if (stopping) {
                closingOnPurpose = true;
                context.close();
                reportFinished();
                return;
            }
            var request = template.newRequest(System.nanoTime());
            awaitingResponse = true;
            requestWrittenNanos = System.nanoTime();
            context.writeAndFlush(request);
        }
    }
}
