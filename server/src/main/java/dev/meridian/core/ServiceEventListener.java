package dev.meridian.core;

/**
 * Told of each {@link ServiceEvent} once its change is committed. Called on the core's timed-work thread:
 * implementations must be quick and must not throw (the audit trail only queues a record).
 */
@FunctionalInterface
public interface ServiceEventListener {
    /** A listener that ignores every event. */
    ServiceEventListener NONE = event -> {
    };

    void serviceEventHappened(ServiceEvent event);
}
