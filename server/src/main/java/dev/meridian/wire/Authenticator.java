package dev.meridian.wire;

import dev.meridian.core.Caller;
import io.netty.handler.codec.http.FullHttpRequest;

/**
 * Establishes who sent a request and for which Region. Implementations throw {@link WireException} with
 * the AWS error for a request they refuse. Thread-safe.
 */
interface Authenticator {
    Caller authenticate(FullHttpRequest request);
}
