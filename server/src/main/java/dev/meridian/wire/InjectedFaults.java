package dev.meridian.wire;

import dev.meridian.wire.outage.Fault;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * The answers of an outage's errors, as AWS sends them:
 * <ul>
 *   <li>{@link Fault#INTERNAL_ERROR}: HTTP 500 {@code KMSInternalException} with the service model's documented text
 *       (the same answer as Meridian's own internal failures, {@link WireError#internal()}).</li>
 *   <li>{@link Fault#UNAVAILABLE}: HTTP 503 {@code ServiceUnavailable}, "The request has failed due to a temporary
 *       failure of the server.", the error common to every AWS API (the API references' "Common Errors"). The SDKs
 *       retry a 503 whatever its code.</li>
 *   <li>{@link Fault#THROTTLING}: HTTP 400 {@code ThrottlingException} with the text the KMS developer guide quotes
 *       ("Throttling AWS KMS requests"): "You have exceeded the rate at which you may call KMS. Reduce the frequency
 *       of your calls."</li>
 * </ul>
 */
final class InjectedFaults {
    static final String UNAVAILABLE_MESSAGE = "The request has failed due to a temporary failure of the server.";
    static final String THROTTLED_MESSAGE =
            "You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.";
    private static final WireError UNAVAILABLE =
            new WireError("ServiceUnavailable", HttpResponseStatus.SERVICE_UNAVAILABLE, UNAVAILABLE_MESSAGE);
    private static final WireError THROTTLED =
            new WireError("ThrottlingException", HttpResponseStatus.BAD_REQUEST, THROTTLED_MESSAGE);

    private InjectedFaults() {
    }

    /** The answer of an error fault ({@link Fault#isError()}). */
    static WireError error(Fault fault) {
        return switch (fault) {
            case INTERNAL_ERROR -> WireError.internal();
            case UNAVAILABLE -> UNAVAILABLE;
            case THROTTLING -> THROTTLED;
            case LATENCY, REFUSE_CONNECTIONS -> throw new IllegalArgumentException(fault + " answers no error");
        };
    }
}
