package dev.meridian.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.testing.StoppedClock;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ResponseDateTest {
    private final StoppedClock clock = new StoppedClock(Instant.parse("2026-12-02T09:05:07.999Z"));
    private final EmbeddedChannel channel = new EmbeddedChannel(new ResponseDate(clock));

    @Test
    void everyResponseCarriesTheServersClockAsAnHttpDate() {
        assertThat(dateOf(response(HttpResponseStatus.OK))).isEqualTo("Wed, 02 Dec 2026 09:05:07 GMT");
        assertThat(dateOf(response(HttpResponseStatus.BAD_REQUEST))).isEqualTo("Wed, 02 Dec 2026 09:05:07 GMT");
        clock.advance(Duration.ofMillis(1));
        assertThat(dateOf(response(HttpResponseStatus.OK))).isEqualTo("Wed, 02 Dec 2026 09:05:08 GMT");
        clock.advance(Duration.ofDays(40).plusHours(15));
        assertThat(dateOf(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE)))
                .isEqualTo("Tue, 12 Jan 2027 00:05:08 GMT");
    }

    @Test
    void aDateAlreadySetAndWhatIsNotAResponseAreLeftAlone() {
        FullHttpResponse dated = response(HttpResponseStatus.OK);
        dated.headers().set(HttpHeaderNames.DATE, "Thu, 01 Jan 2026 00:00:00 GMT");
        assertThat(dateOf(dated)).isEqualTo("Thu, 01 Jan 2026 00:00:00 GMT");

        channel.writeOutbound(LastHttpContent.EMPTY_LAST_CONTENT);
        Object written = channel.readOutbound();
        assertThat(written).isSameAs(LastHttpContent.EMPTY_LAST_CONTENT);
    }

    private String dateOf(HttpResponse response) {
        channel.writeOutbound(response);
        HttpResponse written = channel.readOutbound();
        assertThat(written).isSameAs(response);
        return written.headers().get(HttpHeaderNames.DATE);
    }

    private static FullHttpResponse response(HttpResponseStatus status) {
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
    }
}
