package dev.meridian.core;

/**
 * Told of each {@link ServiceEvent} once its change is committed. Called on the thread that made the change:
 * the due-work thread for timed work (replication, deletion windows, material expiry, automatic rotation)
 * and a request's worker thread for RotateKeyOnDemand, possibly on several threads at once, so
 * implementations must be thread-safe, quick and must not throw (the audit trail only queues a record).
 */
@FunctionalInterface
public interface ServiceEventListener {
    /** A listener that ignores every event. */
    ServiceEventListener NONE = event -> {
    };

    void serviceEventHappened(ServiceEvent event);
}
