package dev.meridian.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * One distinct KMS request (operation and JSON body) together with its SigV4 headers.
 *
 * <p>Signing costs the generator CPU that the server, on the same small machine, would rather
 * have; so the signed headers are kept and reused for up to {@code signatureReuseNanos}, after
 * which the request is signed again (with a fresh {@code X-Amz-Date}). A reuse interval of zero
 * signs every single request. AWS accepts a signature for 15 minutes, so a reused one stays valid.
 *
 * <p>An instance belongs to one connection and is used on that connection's event-loop thread only.
 */
public final class SignedRequestTemplate {
    private final KmsOperation operation;
    private final ByteBuf body;
    private final RequestSigner signer;
    private final long signatureReuseNanos;
    private final LongAdder signingCount;
    private HttpHeaders signedHeaders;
    private long signedAtNanos;

    /**
     * Creates the template; nothing is signed until the first {@link #newRequest(long)}.
     *
     * @param signingCount incremented at every signing, to report how many there were
     */
    public SignedRequestTemplate(KmsOperation operation, byte[] body, RequestSigner signer,
                                 long signatureReuseNanos, LongAdder signingCount) {
        this.operation = operation;
        this.body = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(body).asReadOnly());
        this.signer = signer;
        this.signatureReuseNanos = signatureReuseNanos;
        this.signingCount = signingCount;
    }

    /** Returns the operation this request performs. */
    public KmsOperation operation() {
        return operation;
    }

    /**
     * Builds the next HTTP request to send, signing again first when the kept signature is older
     * than the reuse interval.
     *
     * @param nowNanos the current {@link System#nanoTime()}
     */
    public FullHttpRequest newRequest(long nowNanos) {
        if (signedHeaders == null || nowNanos - signedAtNanos >= signatureReuseNanos) {
            signedHeaders = sign();
            signedAtNanos = nowNanos;
        }
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST,
                signer.path(), body.duplicate());
        request.headers().set(signedHeaders);
        return request;
    }

    private HttpHeaders sign() {
        byte[] bytes = new byte[body.readableBytes()];
        body.getBytes(body.readerIndex(), bytes);
        List<Map.Entry<String, String>> headers = signer.sign(operation, bytes);
        signingCount.increment();
        HttpHeaders httpHeaders = new DefaultHttpHeaders();
        for (Map.Entry<String, String> header : headers) {
            httpHeaders.add(header.getKey(), header.getValue());
        }
        httpHeaders.set(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        return httpHeaders;
    }
}
