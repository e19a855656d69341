package dev.meridian.wire.outage;

/**
 * What an outage does to the requests it matches. The error answers are those an AWS client sees when KMS, or the
 * Region's front door, fails; none of them reaches the KMS dispatch, so none changes state or uses a key.
 */
public enum Fault {
    /** HTTP 500 {@code KMSInternalException}, "The request was rejected because an internal exception occurred. The request can be retried." */
    INTERNAL_ERROR,
    /** HTTP 503 {@code ServiceUnavailable}, "The request has failed due to a temporary failure of the server." (AWS's common errors). */
    UNAVAILABLE,
    /** HTTP 400 {@code ThrottlingException}, "You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls." */
    THROTTLING,
    /** The real answer, {@code latencyMillis} later (scheduled on the event loop; no thread waits). */
    LATENCY,
    /** The Region's own listener is closed, and its open connections with it: a new connection is refused. */
    REFUSE_CONNECTIONS;

    /** Whether the fault answers a request with an error (rather than delaying it, or refusing its connection). */
    public boolean isError() {
        return this == INTERNAL_ERROR || this == UNAVAILABLE || this == THROTTLING;
    }
}
