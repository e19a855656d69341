package dev.meridian.wire;

import io.netty.handler.codec.http.HttpResponseStatus;

/** A console API request refused for its own sake (a parameter not valid, an unknown path): status and message. */
final class ConsoleRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient HttpResponseStatus status;

    ConsoleRequestException(HttpResponseStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static ConsoleRequestException badRequest(String message) {
        return new ConsoleRequestException(HttpResponseStatus.BAD_REQUEST, message);
    }

    HttpResponseStatus status() {
        return status;
    }
}
