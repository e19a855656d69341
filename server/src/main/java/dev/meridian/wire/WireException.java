package dev.meridian.wire;

/** A request refused at the wire, before it reaches the core. */
final class WireException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final WireError error;

    WireException(WireError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    WireError error() {
        return error;
    }
}
