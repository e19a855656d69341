package dev.meridian.wire;

import dev.meridian.audit.AuditLog;
import dev.meridian.core.KeyManagementService;
import dev.meridian.core.NonBlocking;
import dev.meridian.model.Region;
import dev.meridian.wire.model.OperationModel;
import dev.meridian.wire.model.ServiceModel;
import dev.meridian.wire.outage.OutageRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.prometheus.metrics.config.PrometheusProperties;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The HTTP front of Meridian: Netty (epoll where available), one event loop per core, a small worker pool
 * for writes. Each connection's pipeline: the strict HTTP/1.1 codec ({@link HttpFraming}), the body
 * aggregator ({@link JsonErrorAggregator}), {@link ResponseOrder} (one request in flight per connection,
 * answers in request order), the health and metrics endpoints ({@link ServiceEndpoints}), the operator's
 * endpoints under {@code /_meridian/} and the console ({@link AdminEndpoints}), STS ({@link StsEndpoint}) and the shared
 * {@link KmsRequestHandler}. Binds on {@link #start}, stops
 * accepting and drains on {@link #close}.
 */
public final class HttpServer implements AutoCloseable {
    /** The largest request body accepted; a 128 KiB key policy, JSON-escaped, fits with room. */
    public static final int MAXIMUM_REQUEST_BYTES = 1024 * 1024;
    private final EventLoopGroup boss;
    private final EventLoopGroup eventLoops;
    private final ExecutorService workerPool;
    private final ExecutorService keyPairPool;
    private final Channel channel;
    private final OutageRegistry outages;
    private final RegionListeners regionListeners;

    private HttpServer(EventLoopGroup boss, EventLoopGroup eventLoops, ExecutorService workerPool,
            ExecutorService keyPairPool, Channel channel, OutageRegistry outages, RegionListeners regionListeners) {
        this.boss = boss;
        this.eventLoops = eventLoops;
        this.workerPool = workerPool;
        this.keyPairPool = keyPairPool;
        this.channel = channel;
        this.outages = outages;
        this.regionListeners = regionListeners;
    }

    /**
     * Does ahead of {@link #start} what takes longest in it and depends on nothing of a server: reads the bundled
     * service model ({@link ServiceModel#loadDefault()}), loads Netty's native transport and initializes its buffer
     * allocator, reads the annotations of Netty's handler adapters and the metrics library's properties. A server's
     * start calls it on a second thread while the stores open, which shortens the time to its first answer; calling
     * it again, or not at all, changes nothing but that time. Thread-safe.
     */
    public static void prepare() {
        ServiceModel.loadDefault();
        Epoll.isAvailable();
        ByteBufAllocator.DEFAULT.buffer(1).release();
        readHandlerAnnotations();
        PrometheusProperties.get();
    }

    /**
     * Netty reads the annotations of a handler's methods when a handler class first enters a pipeline (to learn which
     * events the handler skips) and whether the class is {@code @Sharable}, and the JVM makes a class for each kind of
     * annotation it meets, once: about 15 ms of the binding thread and 5 ms of the first request's otherwise. Reading
     * the adapters' annotations and a sharable handler's here makes those classes.
     */
    private static void readHandlerAnnotations() {
        for (Class<?> adapter : List.of(ChannelInboundHandlerAdapter.class, ChannelOutboundHandlerAdapter.class)) {
            for (Method method : adapter.getMethods()) {
                method.getAnnotations();
            }
        }
        ResponseDate.class.getAnnotations();
    }

    /**
     * Where and how the server listens: {@code host:port} (0 picks a free port); a Region of {@code regionPorts}
     * gets a listener of its own on its port (0 picks a free one), which a
     * {@link dev.meridian.wire.outage.Fault#REFUSE_CONNECTIONS} outage can close ({@link RegionListeners}); a
     * connection with no request under way is closed after {@code connectionTimeout} of silence, and a request
     * must arrive whole within it ({@link ConnectionDeadlines}).
     */
    public record Listening(String host, int port, Map<Region, Integer> regionPorts, Duration connectionTimeout) {
        public Listening {
            Objects.requireNonNull(host, "host");
            regionPorts = Map.copyOf(regionPorts);
            Objects.requireNonNull(connectionTimeout, "connectionTimeout");
        }
    }

    /**
     * Binds as {@code listening} says and serves {@code service} to the callers {@code authentication} knows
     * (strict mode: SigV4 verified against the identity file's keys and STS sessions, and the operator endpoints
     * answer only an account root's signed requests; development mode: any well-formed signature), recording every
     * KMS request (and the service's own events) in {@code auditLog}, timed by {@code clock}, and answering
     * CloudTrail's LookupEvents from it and STS (GetCallerIdentity, AssumeRole) on the same endpoint. An address
     * that cannot be bound is an {@link java.io.UncheckedIOException} that says which.
     */
    public static HttpServer start(Listening listening, KeyManagementService service, Authentication authentication,
            AuditLog auditLog, Clock clock) throws InterruptedException {
        String host = listening.host();
        int port = listening.port();
        Duration connectionTimeout = listening.connectionTimeout();
        Map<Region, Integer> regionPorts = listening.regionPorts();
        Operations operations = new Operations();
        KeyLifecycleHandlers.register(operations, service.lifecycle());
        CryptographyHandlers.register(operations, service.cryptography());
        DataKeyPairHandlers.register(operations, service.dataKeyPairs(), service.cryptography());
        MacHandlers.register(operations, service.macs());
        SigningHandlers.register(operations, service.signing());
        KeyAgreementHandlers.register(operations, service.keyAgreement(), service.cryptography());
        AliasHandlers.register(operations, service.aliases());
        TagHandlers.register(operations, service.tagging());
        PolicyHandlers.register(operations, service.policies());
        MultiRegionHandlers.register(operations, service.multiRegion());
        GrantHandlers.register(operations, service.grants());
        KeyUsageHandlers.register(operations, service.keyUsage());
        RotationHandlers.register(operations, service.rotation());
        ImportHandlers.register(operations, service.keyImport());
        ServiceModel model = ServiceModel.loadDefault();
        AwsManagedKeyGuard.apply(operations, model, service.awsManagedKeys()); // after every family's registration
        CrossAccountGuard.apply(operations, model, service); // after every family's registration
        RequestOptions.apply(operations, model, service.grants()); // after every family's registration
        AtomicInteger workerNumber = new AtomicInteger();
        ExecutorService workerPool = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "meridian-worker-" + workerNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        AtomicInteger keyPairNumber = new AtomicInteger();
        ExecutorService keyPairPool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), runnable -> {
            Thread thread = new Thread(runnable, "meridian-key-pair-" + keyPairNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        CallerAccounts accounts = authentication.accounts();
        Authenticator authenticator = authentication.authenticatorFor("kms", clock);
        Authenticator cloudTrailAuthenticator = authentication.authenticatorFor(CloudTrailLookupEvents.SERVICE, clock);
        StsEndpoint stsEndpoint = new StsEndpoint(authentication.securityTokenService(),
                authentication.authenticatorFor(StsEndpoint.SERVICE, clock), clock);
        ServerMetrics metrics = new ServerMetrics(service, auditLog);
        RegionListeners regionListeners = new RegionListeners(host, regionPorts);
        OutageRegistry outages = new OutageRegistry(
                model.operations().stream().map(OperationModel::name).collect(Collectors.toSet()), regionListeners.regions());
        KmsRequestHandler handler = new KmsRequestHandler(model, operations, authenticator, workerPool, keyPairPool,
                new CloudTrailRecorder(auditLog, clock, model, service, accounts), new CloudTrailLookupEvents(auditLog),
                cloudTrailAuthenticator, metrics, outages);
        ServiceEndpoints serviceEndpoints = new ServiceEndpoints(service::isOpen, auditLog::admits, metrics);
        List<AdminRoute> adminRoutes = new ArrayList<>();
        adminRoutes.add(new ConsoleAssets());
        adminRoutes.add(new OutageRoutes(outages));
        adminRoutes.add(new ReplicationRoutes(service.replication()));
        adminRoutes.add(new ConsoleRoutes(service, auditLog, accounts.configured()));
        adminRoutes.add(new ResetRoute(service));
        service.onReset(outages::liftAll); // a reset returns the server to its start: no outage in force
        AdminEndpoints adminEndpoints = new AdminEndpoints(adminRoutes, workerPool, authentication.strict() ? authenticator : null);
        ResponseDate responseDate = new ResponseDate(clock);
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        ThreadFactory defaultThreads = new DefaultThreadFactory(MultiThreadIoEventLoopGroup.class);
        ThreadFactory eventLoopThreads = runnable -> defaultThreads.newThread(() -> {
            NonBlocking.markCurrentThread(); // the core never writes (nor waits for the store) on an event loop
            runnable.run();
        });
        EventLoopGroup eventLoops = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
                eventLoopThreads, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, eventLoops)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        regionListeners.accepted(channel);
                        channel.pipeline()
                                .addLast(new HttpServerCodec(HttpFraming.decoderConfig()))
                                .addLast(responseDate)
                                .addLast(new ConnectionDeadlines(connectionTimeout))
                                .addLast(new JsonErrorAggregator(MAXIMUM_REQUEST_BYTES))
                                .addLast(new ResponseOrder())
                                .addLast(serviceEndpoints)
                                .addLast(adminEndpoints)
                                .addLast(stsEndpoint)
                                .addLast(handler);
                    }
                });
        try {
            var bound = bootstrap.bind(host, port).await();
            if (!bound.isSuccess()) {
                throw new java.io.UncheckedIOException(new java.io.IOException(
                        "Cannot listen on " + host + ":" + port + ": " + bound.cause().getMessage(), bound.cause()));
            }
            try {
                regionListeners.bind(bootstrap);
                outages.onRefusedRegionsChanged(regionListeners::refuse);
            } catch (RuntimeException e) {
                regionListeners.close();
                bound.channel().close().syncUninterruptibly();
                throw e;
            }
            return new HttpServer(boss, eventLoops, workerPool, keyPairPool, bound.channel(), outages, regionListeners);
        } catch (RuntimeException | InterruptedException e) {
            boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            eventLoops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            workerPool.shutdownNow();
            keyPairPool.shutdownNow();
            throw e;
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** The outages in force on this server; tests and the operator's endpoint set and lift them. */
    public OutageRegistry outages() {
        return outages;
    }

    /** The address of a Region's own listener, if it has one ({@code --region-port}); it keeps its port while refused. */
    public Optional<InetSocketAddress> address(Region region) {
        return regionListeners.address(region);
    }

    @Override
    public void close() {
        regionListeners.close();
        channel.close().syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workerPool.shutdown();
        keyPairPool.shutdown();
        try {
            workerPool.awaitTermination(10, TimeUnit.SECONDS);
            keyPairPool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        eventLoops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
