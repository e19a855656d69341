package dev.meridian.it;

/**
 * One exchange of the wire fuzzer: the bytes sent on a connection, what they are, and what they must get.
 *
 * @param head whether the request is a HEAD (its answer has no body)
 * @param halfClose whether the client ends its side after sending, so that an incomplete request ends
 */
record FuzzExchange(byte[] bytes, String description, Expectation expectation, boolean head, boolean halfClose) {
    /** What a fuzzed request must get, besides an answer within the bound that is no 5xx. */
    enum Expectation {
        /** Any such answer. */
        ANY,
        /** A SerializationException (HTTP 400): a member of a wrong type anywhere in the body. */
        SERIALIZATION_ERROR,
        /** A 4xx JSON error, after which the server closes the connection. */
        REFUSED_AND_CLOSED,
        /** A 4xx JSON error. */
        REFUSED
    }
}
