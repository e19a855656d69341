package dev.meridian.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The strict decoder and the aggregator, below the server: which bytes make a failed request, and its error. */
class HttpFramingTest {
    private static final String HEAD = "POST / HTTP/1.1\r\nHost: x\r\n";

    /** The one request {@code bytes} make, through the codec and an aggregator of at most 64 bytes. */
    private static FullHttpRequest decode(String bytes) {
        EmbeddedChannel channel = new EmbeddedChannel(new HttpServerCodec(HttpFraming.decoderConfig()), new JsonErrorAggregator(64));
        channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1));
        FullHttpRequest request = channel.readInbound();
        assertThat(request).as("a request from %s", bytes).isNotNull();
        assertThat(channel.outboundMessages()).as("the aggregator writes nothing itself").isEmpty();
        channel.finishAndReleaseAll();
        return request;
    }

    private static void assertFails(String bytes, HttpResponseStatus status, String type, String message) {
        FullHttpRequest request = decode(bytes);
        try {
            assertThat(HttpFraming.failed(request)).as(bytes).isTrue();
            WireError error = HttpFraming.errorOf(request.decoderResult());
            assertThat(error).isEqualTo(new WireError(type, status, message));
        } finally {
            request.release();
        }
    }

    private static void assertBroken(String bytes) {
        assertFails(bytes, HttpResponseStatus.BAD_REQUEST, "SerializationException", "The request is not well-formed HTTP/1.1.");
    }

    @Test
    void aWellFramedRequestPasses() {
        FullHttpRequest request = decode(HEAD + "Content-Length: 2\r\n\r\n{}");
        assertThat(HttpFraming.failed(request)).isFalse();
        assertThat(request.content().toString(StandardCharsets.UTF_8)).isEqualTo("{}");
        request.release();
        FullHttpRequest chunked = decode(HEAD + "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
        assertThat(HttpFraming.failed(chunked)).isFalse();
        chunked.release();
    }

    @Test
    void brokenFramingFailsTheRequest() {
        assertBroken(HEAD + "Content-Length: abc\r\n\r\n{}");
        assertBroken(HEAD + "Content-Length: -1\r\n\r\n{}");
        assertBroken(HEAD + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{} ");
        assertBroken(HEAD + "Content-Length : 2\r\n\r\n{}");
        assertBroken(HEAD + "Transfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
        assertBroken(HEAD + "Transfer-Encoding: gzip\r\n\r\n{}");
        assertBroken(HEAD + "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\nzz\r\n");
        assertBroken(HEAD + "NoColon\r\nContent-Length: 2\r\n\r\n{}");
        assertBroken(HEAD.replace("\r\n", "\n") + "Content-Length: 2\n\n{}");
    }

    @Test
    void tooLongLinesAndHeadersFailWithTheirLimit() {
        assertFails("POST /" + "a".repeat(HttpFraming.MAXIMUM_LINE_BYTES) + " HTTP/1.1\r\n\r\n", HttpResponseStatus.BAD_REQUEST,
                "SerializationException", "The request line is longer than 4096 bytes.");
        assertFails(HEAD + "X: " + "a".repeat(HttpFraming.MAXIMUM_HEADER_BYTES) + "\r\n\r\n", HttpResponseStatus.BAD_REQUEST,
                "SerializationException", "The request headers are larger than 8192 bytes.");
    }

    @Test
    void aBodyOverTheLimitAndAnUnsupportedExpectationFailWithTheirOwnStatus() {
        String tooLarge = "The request body must not exceed " + HttpServer.MAXIMUM_REQUEST_BYTES + " bytes.";
        assertFails(HEAD + "Content-Length: 65\r\n\r\n", HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "RequestEntityTooLargeException",
                tooLarge);
        assertFails(HEAD + "Expect: 100-continue\r\nContent-Length: 65\r\n\r\n", HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "RequestEntityTooLargeException", tooLarge);
        assertFails(HEAD + "Transfer-Encoding: chunked\r\n\r\n41\r\n" + " ".repeat(65) + "\r\n0\r\n\r\n",
                HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "RequestEntityTooLargeException", tooLarge);
        assertFails(HEAD + "Expect: foo\r\nContent-Length: 2\r\n\r\n{}", HttpResponseStatus.EXPECTATION_FAILED,
                "ExpectationFailedException", "The only expectation supported is 100-continue.");
    }
}
