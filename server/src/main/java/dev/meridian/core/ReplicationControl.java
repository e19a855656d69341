package dev.meridian.core;

import dev.meridian.model.Region;
import dev.meridian.model.ReplicationEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pauses and resumes replication into a Region, to rehearse a replica that lags behind its primary.
 *
 * <p>While a Region is paused, the {@link Replicator} holds every replication event that would change a key
 * there: a new replica stays {@code Creating}, rotated material, rotation settings and a change of primary
 * do not reach it, a rotation whose completion would make new material current there waits, and a primary
 * there waiting for its replicas' deletion learns of the last one's only after the resume. Held events
 * stay in the outbox (in the store: they survive a restart) and keep their order; events into other Regions
 * go on. Resuming applies what is due, in the original order of each key family, each event once.
 *
 * <p>A pause is a run-time switch, like an outage: it lives in memory and ends with the server. After a
 * restart no Region is paused, and the held events are applied at start as any event that came due while
 * the server was down. Thread-safe.
 */
public final class ReplicationControl {
    private final KeyRegistry registry;
    private final Set<Region> paused = ConcurrentHashMap.newKeySet();
    private volatile Waker waker = () -> { };

    /** Runs the due work and waits for it. */
    @FunctionalInterface
    interface Waker {
        void runDueWorkAndWait() throws InterruptedException;
    }

    ReplicationControl(KeyRegistry registry) {
        this.registry = registry;
    }

    /** Sets how a resume gets the held events applied; the service sets it when it starts. */
    void onResume(Waker value) {
        this.waker = value;
    }

    /** One Region's replication: whether it is paused, and how many events into it wait in the outbox. */
    public record RegionStatus(Region region, boolean paused, int pendingEvents) {
    }

    /** Holds replication into {@code region} until {@link #resume}; pausing a paused Region changes nothing. */
    public RegionStatus pause(Region region) {
        paused.add(region);
        return status(region);
    }

    /**
     * Lets replication into {@code region} go on, applies the events that are due (in the original order of
     * each key family) and waits for them; returns the Region's status afterwards (events not yet due still
     * count as pending). Resuming a Region that is not paused only runs the due work.
     */
    public RegionStatus resume(Region region) throws InterruptedException {
        paused.remove(region);
        waker.runDueWorkAndWait();
        return status(region);
    }

    /** Ends every pause without running anything: after a reset there is nothing to hold. */
    void forgetPauses() {
        paused.clear();
    }

    /** Whether replication into {@code region} is paused. Never blocks. */
    public boolean isPaused(Region region) {
        return paused.contains(region);
    }

    /** The status of one Region, paused or not. Never blocks. */
    public RegionStatus status(Region region) {
        int pending = 0;
        for (ReplicationEvent event : registry.pendingEvents()) {
            if (event.key().region().equals(region)) {
                pending++;
            }
        }
        return new RegionStatus(region, paused.contains(region), pending);
    }

    /** Every Region that is paused or has events waiting, in name order. Never blocks. */
    public List<RegionStatus> regions() {
        Map<Region, Integer> pending = new TreeMap<>();
        paused.forEach(region -> pending.put(region, 0));
        for (ReplicationEvent event : registry.pendingEvents()) {
            pending.merge(event.key().region(), 1, Integer::sum);
        }
        List<RegionStatus> statuses = new ArrayList<>();
        pending.forEach((region, count) -> statuses.add(new RegionStatus(region, paused.contains(region), count)));
        return statuses;
    }

    /** Whether any of {@code regions} is paused. */
    boolean anyPaused(Iterable<Region> regions) {
        if (paused.isEmpty()) {
            return false;
        }
        for (Region region : regions) {
            if (paused.contains(region)) {
                return true;
            }
        }
        return false;
    }
}
