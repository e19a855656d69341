package dev.meridian.wire;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import java.time.Clock;
import java.util.Date;

/**
 * Gives every response a {@code Date} header (an IMF-fixdate, {@code Wed, 02 Dec 2026 13:50:00 GMT}) with the
 * server's clock, as AWS's answers have one. The AWS SDKs read it to correct a client whose clock is off: an
 * {@code InvalidSignatureException} ("Signature expired", "Signature not yet current") whose {@code Date} is more
 * than a few minutes from the client's time makes the SDK shift its clock by the difference and sign again, so such a
 * client works against a strict-mode server as against AWS ({@code StrictClockSkewIT}). The text is made once per
 * second of the clock. Shared by every connection; thread-safe.
 */
@ChannelHandler.Sharable
final class ResponseDate extends ChannelOutboundHandlerAdapter {
    private final Clock clock;
    private volatile Formatted last = new Formatted(Long.MIN_VALUE, "");

    ResponseDate(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) {
        if (message instanceof HttpResponse response && !response.headers().contains(HttpHeaderNames.DATE)) {
            response.headers().set(HttpHeaderNames.DATE, now());
        }
        context.write(message, promise);
    }

    /** The clock's time as an HTTP date, to the second. */
    String now() {
        long second = Math.floorDiv(clock.millis(), 1000);
        Formatted formatted = last;
        if (formatted.second != second) {
            formatted = new Formatted(second, DateFormatter.format(new Date(second * 1000)));
            last = formatted;
        }
        return formatted.text;
    }

    private record Formatted(long second, String text) {
    }
}
