package dev.meridian.wire;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.DecoderResultProvider;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

/**
 * How Meridian reads HTTP/1.1 framing, and what it answers when a request's framing is broken.
 *
 * <p>The decoder is strict ({@link #decoderConfig()}): a request line over {@value #MAXIMUM_LINE_BYTES} bytes,
 * a header block over {@value #MAXIMUM_HEADER_BYTES} bytes, a {@code Content-Length} that is not one decimal
 * number (or two that differ), {@code Transfer-Encoding} together with {@code Content-Length} (RFC 9112
 * section 6.1), a bad chunk, a header line without a colon or with characters a header may not hold are
 * all failures of the message. Such a request is answered once with a JSON error ({@link #errorOf}) and
 * its connection closed: nothing after a broken frame can be trusted to start a request, so the request is
 * never acted on and nothing later on the connection is read. Stateless.
 */
final class HttpFraming {
    static final int MAXIMUM_LINE_BYTES = 4096;
    static final int MAXIMUM_HEADER_BYTES = 8192;

    private HttpFraming() {
    }

    /** The decoder's settings: the limits above, header validation, strict line ends, RFC 9112 transfer coding. */
    static HttpDecoderConfig decoderConfig() {
        return new HttpDecoderConfig()
                .setMaxInitialLineLength(MAXIMUM_LINE_BYTES)
                .setMaxHeaderSize(MAXIMUM_HEADER_BYTES)
                .setValidateHeaders(true)
                .setAllowDuplicateContentLengths(false)
                .setStrictLineParsing(true)
                .setUseRfc9112TransferEncoding(true);
    }

    /** True when {@code message} is a request (or part of one) whose framing failed: it must not be acted on. */
    static boolean failed(Object message) {
        return message instanceof DecoderResultProvider provider && !provider.decoderResult().isSuccess();
    }

    /**
     * The error for a message whose framing failed. AWS's load balancers answer malformed requests with HTTP
     * 400 (Elastic Load Balancing's "HTTP 400: BAD_REQUEST"); Meridian sends it in the JSON form of every
     * other error, as {@code SerializationException}. A body over the limit is 413, an expectation other
     * than {@code 100-continue} 417.
     */
    static WireError errorOf(DecoderResult result) {
        Throwable cause = result.cause();
        if (cause instanceof BodyTooLarge) {
            return new WireError("RequestEntityTooLargeException", HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "The request body must not exceed " + HttpServer.MAXIMUM_REQUEST_BYTES + " bytes.");
        }
        if (cause instanceof UnsupportedExpectation) {
            return new WireError("ExpectationFailedException", HttpResponseStatus.EXPECTATION_FAILED,
                    "The only expectation supported is 100-continue.");
        }
        if (cause instanceof TooLongHttpLineException) {
            return WireError.badRequest("SerializationException",
                    "The request line is longer than " + MAXIMUM_LINE_BYTES + " bytes.");
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return WireError.badRequest("SerializationException",
                    "The request headers are larger than " + MAXIMUM_HEADER_BYTES + " bytes.");
        }
        return WireError.badRequest("SerializationException", "The request is not well-formed HTTP/1.1.");
    }

    /** The cause marking a request whose body is over the limit. */
    static final class BodyTooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BodyTooLarge() {
            super("The request body is over the limit", null, false, false);
        }
    }

    /** The cause marking a request whose {@code Expect} header names anything but {@code 100-continue}. */
    static final class UnsupportedExpectation extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnsupportedExpectation() {
            super("Unsupported expectation", null, false, false);
        }
    }
}
