package dev.meridian.testkit;

import dev.meridian.core.ReplicationControl;
import dev.meridian.model.Region;
import java.util.function.Supplier;

/**
 * Replication into a Region of an {@link EmbeddedMeridian}, paused and resumed from a test: while a Region is
 * paused, a new replica there stays {@code Creating}, and rotated material, rotation settings and changes of
 * primary do not reach it (a rotation is not complete anywhere before it is); other Regions go on. The
 * same switch as {@code POST /_meridian/replication/{region}/pause} and {@code /resume}. Thread-safe.
 */
public final class Replication {
    private final Supplier<ReplicationControl> control;

    Replication(Supplier<ReplicationControl> control) {
        this.control = control;
    }

    /** Holds replication into {@code region} (a Region name such as {@code us-west-2}) until {@link #resume}. */
    public void pause(String region) {
        control.get().pause(region(region));
    }

    /**
     * Lets replication into {@code region} go on and returns once the held events that are due have been
     * applied, in their original order.
     */
    public void resume(String region) {
        try {
            control.get().resume(region(region));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while applying the held replication events", e);
        }
    }

    /** Whether replication into {@code region} is paused. */
    public boolean isPaused(String region) {
        return control.get().isPaused(region(region));
    }

    /** How many replication events into {@code region} wait in the outbox (held, or not yet due). */
    public int pending(String region) {
        return control.get().status(region(region)).pendingEvents();
    }

    private static Region region(String name) {
        if (!Region.isWellFormed(name)) {
            throw new IllegalArgumentException("Not a Region name: " + name);
        }
        return Region.of(name);
    }
}
