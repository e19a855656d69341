package dev.meridian.wire;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes connections that hold the server without using it, so that a client cannot keep connections (and
 * their buffers) open by sending nothing, or by sending a request a byte at a time:
 * <ul>
 *   <li>a connection with no request under way (none being received, none waiting for its answer) is
 *       closed after {@code timeout} without a byte from the client;</li>
 *   <li>a request must be received whole within {@code timeout} of its first line, or the connection is
 *       closed.</li>
 * </ul>
 * A request that has been received is never cut short, however long its answer takes (an RSA key pair on
 * a loaded machine). Sits right after the HTTP decoder, one instance per connection; its state is touched
 * on the connection's event loop only.
 */
final class ConnectionDeadlines extends ChannelDuplexHandler {
    private final long timeoutNanos;
    /** Requests received whole and not yet answered with a final response. */
    private int unanswered;
    /** Whether a request's first line has come and its last part has not. */
    private boolean receiving;
    private long lastRead = System.nanoTime();
    private ScheduledFuture<?> idleCheck;
    private ScheduledFuture<?> requestDeadline;

    ConnectionDeadlines(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        if (context.channel().isActive()) {
            scheduleIdleCheck(context, timeoutNanos);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        lastRead = System.nanoTime();
        if (idleCheck == null) {
            scheduleIdleCheck(context, timeoutNanos);
        }
        context.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        lastRead = System.nanoTime();
        if (message instanceof HttpRequest) {
            receiving = true;
            cancel(requestDeadline);
            requestDeadline = context.executor().schedule(() -> {
                if (receiving) {
                    context.close(); // the request did not arrive whole in time
                }
            }, timeoutNanos, TimeUnit.NANOSECONDS);
        }
        if (message instanceof LastHttpContent) {
            receiving = false;
            unanswered++;
            cancel(requestDeadline);
        }
        context.fireChannelRead(message);
    }

    @Override
    public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) {
        if (message instanceof HttpResponse response && response.status().codeClass() != HttpStatusClass.INFORMATIONAL
                && unanswered > 0) {
            unanswered--;
            lastRead = System.nanoTime(); // the silence that counts starts once the client has its answer
        }
        context.write(message, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        cancel(idleCheck);
        cancel(requestDeadline);
        context.fireChannelInactive();
    }

    private void scheduleIdleCheck(ChannelHandlerContext context, long delayNanos) {
        idleCheck = context.executor().schedule(() -> checkIdle(context), delayNanos, TimeUnit.NANOSECONDS);
    }

    private void checkIdle(ChannelHandlerContext context) {
        if (!context.channel().isActive()) {
            return;
        }
        long silent = System.nanoTime() - lastRead;
        if (!receiving && unanswered == 0 && silent >= timeoutNanos) {
            context.close();
            return;
        }
        scheduleIdleCheck(context, Math.max(timeoutNanos - silent, timeoutNanos / 4));
    }

    private static void cancel(ScheduledFuture<?> future) {
        if (future != null) {
            future.cancel(false);
        }
    }
}
