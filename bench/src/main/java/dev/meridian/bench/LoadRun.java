package dev.meridian.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * One closed-loop load run: opens the connections on a small Netty event-loop group, lets them
 * run through the warmup unmeasured, measures for the duration, stops them and returns the figures.
 */
public final class LoadRun {
    /** How long to wait for outstanding responses after the measured interval. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    /** The Netty transport to use. */
    public enum Transport {
        /** Epoll when the native library loads, NIO otherwise. */
        AUTO,
        /** Java NIO selectors. */
        NIO,
        /** Linux epoll (native). */
        EPOLL
    }

    /**
     * What a run needs.
     *
     * @param endpoint the server, {@code http://host:port[/path]}
     * @param workload the request bodies, one per connection
     * @param signer signs each distinct request
     * @param connections how many persistent connections run the loop
     * @param threads how many event-loop threads serve them
     * @param transport which Netty transport to use
     * @param warmup unmeasured time before the measured interval
     * @param duration the measured interval
     * @param signatureReuse how long a signature is reused; zero signs every request
     */
    public record Settings(URI endpoint, Workload workload, RequestSigner signer, int connections, int threads,
                           Transport transport, Duration warmup, Duration duration, Duration signatureReuse) {
    }

    private final Settings settings;

    /** Creates a run; nothing happens until {@link #execute()}. */
    public LoadRun(Settings settings) {
        this.settings = settings;
    }

    /** Runs the load and returns the figures of the measured interval. */
    public RunResult execute() throws InterruptedException {
        boolean useEpoll = switch (settings.transport()) {
            case EPOLL -> true;
            case NIO -> false;
            case AUTO -> Epoll.isAvailable();
        };
        if (useEpoll) {
            Epoll.ensureAvailability();
        }
        IoHandlerFactory handlerFactory = useEpoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends SocketChannel> channelType = useEpoll ? EpollSocketChannel.class : NioSocketChannel.class;
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(settings.threads(),
                new DefaultThreadFactory("load-generator", true), handlerFactory);
        RunStatistics statistics = new RunStatistics();
        LongAdder signingCount = new LongAdder();
        CountDownLatch finished = new CountDownLatch(settings.connections());
        List<ClosedLoopConnection> connections = new ArrayList<>();
        try {
            Bootstrap bootstrap = new Bootstrap()
                    .group(group)
                    .channel(channelType)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.SO_KEEPALIVE, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
            String host = settings.endpoint().getHost();
            int port = port(settings.endpoint());
            for (int index = 0; index < settings.connections(); index++) {
                SignedRequestTemplate template = new SignedRequestTemplate(settings.workload().operation(),
                        settings.workload().bodyFor(index), settings.signer(),
                        settings.signatureReuse().toNanos(), signingCount);
                connections.add(new ClosedLoopConnection(bootstrap, host, port, template, statistics, finished));
            }
            connections.forEach(ClosedLoopConnection::start);

            sleep(settings.warmup());
            long signingsBeforeMeasuring = signingCount.sum();
            statistics.startMeasuring();
            sleep(settings.duration());
            Histogram latencyMicroseconds = statistics.stopMeasuring();
            long signingsWhileMeasuring = signingCount.sum() - signingsBeforeMeasuring;

            connections.forEach(ClosedLoopConnection::stop);
            boolean drained = finished.await(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return RunResult.of(settings, useEpoll ? "epoll" : "nio", statistics, latencyMicroseconds,
                    signingsWhileMeasuring, settings.workload().distinctBodyCount(), drained);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
    }

    private static int port(URI endpoint) {
        return endpoint.getPort() > 0 ? endpoint.getPort() : 80;
    }

    private static void sleep(Duration duration) throws InterruptedException {
        long nanos = duration.toNanos();
        if (nanos > 0) {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
    }
}
