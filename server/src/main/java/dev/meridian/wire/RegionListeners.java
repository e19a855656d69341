package dev.meridian.wire;

import dev.meridian.model.Region;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners of the Regions that have a port of their own ({@code --region-port}), beside the server's main one.
 * A connection accepted on one is served exactly as on the main port (the SigV4 scope names the Region of each
 * request, whichever port it came through); what the port gives is a door that a
 * {@link dev.meridian.wire.outage.Fault#REFUSE_CONNECTIONS} outage can shut: {@link #refuse} closes the listener and
 * every connection it accepted, so a client's next connection is refused, and binds the same port again when the
 * outage is lifted. Meanwhile the port stays bound, without listening ({@link #holdPort}): a connection to it is
 * refused as to a port nothing holds, but the operating system gives it to no other socket (another server's port 0,
 * an outgoing connection's local port), so a client never reaches a stranger there and the Region gets its port back.
 * A port given as 0 is chosen at start and kept for the server's life. Thread-safe; never used on an event loop
 * (binding waits).
 */
final class RegionListeners implements AutoCloseable {
    /** The Region whose listener accepted a connection (absent on the main port). */
    static final AttributeKey<Region> REGION = AttributeKey.valueOf(RegionListeners.class, "region");
    private static final Logger LOG = LoggerFactory.getLogger(RegionListeners.class);

    private final String host;
    private final Map<Region, Integer> ports;
    private final Map<Region, Channel> listeners = new HashMap<>();
    private final Map<Region, Socket> heldPorts = new HashMap<>();
    private final Map<Region, ChannelGroup> connections = new HashMap<>();
    private ServerBootstrap bootstrap;
    private volatile Set<Region> refused = Set.of();
    private boolean closed;

    RegionListeners(String host, Map<Region, Integer> ports) {
        this.host = host;
        this.ports = new LinkedHashMap<>(ports);
        for (Region region : ports.keySet()) {
            connections.put(region, new DefaultChannelGroup("meridian-" + region, GlobalEventExecutor.INSTANCE));
        }
    }

    /** The Regions with a listener of their own. */
    Set<Region> regions() {
        return Set.copyOf(ports.keySet());
    }

    /**
     * Binds every Region's port with {@code template}'s groups and pipeline.
     *
     * @throws UncheckedIOException if a port cannot be bound (the message says which Region and port)
     */
    synchronized void bind(ServerBootstrap template) {
        this.bootstrap = template.clone().option(ChannelOption.SO_REUSEADDR, true);
        for (Region region : ports.keySet()) {
            ChannelFuture bound = bindOne(region);
            if (!bound.isSuccess()) {
                throw new UncheckedIOException(new IOException("Cannot listen for " + region + " on " + host + ":"
                        + ports.get(region) + ": " + bound.cause().getMessage(), bound.cause()));
            }
            LOG.info("Listening for {} on {}:{}", region, host, ports.get(region));
        }
    }

    private ChannelFuture bindOne(Region region) {
        ChannelFuture bound = bootstrap.clone().childAttr(REGION, region).bind(host, ports.get(region)).awaitUninterruptibly();
        if (bound.isSuccess()) {
            listeners.put(region, bound.channel());
            ports.put(region, ((InetSocketAddress) bound.channel().localAddress()).getPort());
        }
        return bound;
    }

    /** Notes a new connection of a Region's listener, so that refusing the Region closes it; called as it is set up. */
    void accepted(Channel channel) {
        Region region = channel.attr(REGION).get();
        if (region == null) {
            return;
        }
        connections.get(region).add(channel);
        if (refused.contains(region)) {
            channel.close();
        }
    }

    /**
     * Makes {@code regions} the refused ones: their listeners and connections close, and the listeners of the others
     * that were refused are bound again on their port (a port taken meanwhile is logged, and stays closed).
     */
    synchronized void refuse(Set<Region> regions) {
        refused = Set.copyOf(regions);
        if (closed || bootstrap == null) {
            return;
        }
        for (Region region : ports.keySet()) {
            Channel listener = listeners.get(region);
            if (refused.contains(region) && listener != null) {
                listener.close().awaitUninterruptibly();
                listeners.remove(region);
                connections.get(region).close().awaitUninterruptibly();
                holdPort(region);
                LOG.info("Refusing connections for {} (port {}) until the outage is lifted", region, ports.get(region));
            } else if (!refused.contains(region) && listener == null) {
                releasePort(region);
                ChannelFuture bound = bindOne(region);
                if (bound.isSuccess()) {
                    LOG.info("Accepting connections for {} on port {} again", region, ports.get(region));
                } else {
                    LOG.warn("Cannot listen for {} on {}:{} again: {}", region, host, ports.get(region),
                            bound.cause().getMessage());
                }
            }
        }
    }

    /**
     * Binds a refused Region's port to a socket that does not listen. {@code SO_REUSEADDR}, as the listener had, lets it
     * bind over the closed connections' {@code TIME_WAIT}; the operating system still gives a port some socket holds to
     * no one asking for any free port. A port that cannot be held is logged: it is merely free, as before holding.
     */
    private void holdPort(Region region) {
        Socket holder = new Socket();
        try {
            holder.setReuseAddress(true);
            holder.bind(new InetSocketAddress(host, ports.get(region)));
            heldPorts.put(region, holder);
        } catch (IOException e) {
            closeQuietly(holder);
            LOG.warn("Cannot hold {}'s port {} while it is refused ({}): another socket may be given it before the outage"
                    + " is lifted", region, ports.get(region), e.getMessage());
        }
    }

    private void releasePort(Region region) {
        Socket holder = heldPorts.remove(region);
        if (holder != null) {
            closeQuietly(holder);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("Closing a held port's socket failed", e);
        }
    }

    /** The address of a Region's listener (also while it is refused: its port stays the Region's). */
    synchronized Optional<InetSocketAddress> address(Region region) {
        Integer port = ports.get(region);
        return port == null ? Optional.empty() : Optional.of(new InetSocketAddress(host, port));
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (Channel listener : listeners.values()) {
            listener.close().syncUninterruptibly();
        }
        listeners.clear();
        heldPorts.values().forEach(RegionListeners::closeQuietly);
        heldPorts.clear();
    }
}
