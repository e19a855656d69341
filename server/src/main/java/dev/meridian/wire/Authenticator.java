package dev.meridian.wire;

import dev.meridian.model.Principal;
import dev.meridian.model.Region;
import dev.meridian.model.RequestContext;
import io.netty.handler.codec.http.FullHttpRequest;
import java.time.Instant;
import java.util.Objects;

/**
 * Establishes who sent a request and for which Region. Implementations throw {@link WireException} with
 * the AWS error for a request they refuse. Thread-safe.
 */
interface Authenticator {
    Identity authenticate(FullHttpRequest request);

    /** Who signed a request, and for which Region: what the signature establishes. Immutable. */
    record Identity(Principal principal, Region region) {
        public Identity {
            Objects.requireNonNull(principal, "principal");
            Objects.requireNonNull(region, "region");
        }

        /** The request's context: this identity with what the connection and the handler know of the request. */
        RequestContext context(String sourceIp, Instant time, String requestId, String auditEventId,
                boolean secureTransport) {
            return new RequestContext(principal, region, sourceIp, time, requestId, auditEventId, secureTransport);
        }
    }
}
