package dev.meridian.core;

import dev.meridian.crypto.KeyMaterial;
import dev.meridian.crypto.KeyMaterialService;
import dev.meridian.model.KeyOrigin;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyReference;
import dev.meridian.model.KeyState;
import dev.meridian.model.MaterialInfo;
import dev.meridian.model.Region;
import dev.meridian.model.ReplicationEvent;
import dev.meridian.model.WrappedMaterial;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Applies due replication events, in sequence order within each key family, each in one write together
 * with its removal from the outbox; an event that would change a key in a Region whose replication is
 * paused ({@link ReplicationControl}) waits in the outbox. Applying an event again (after a crash between commit and
 * acknowledgement, say) finds the work done and only removes it.
 */
final class Replicator {
    private final KeyRegistry registry;
    private final Clock clock;
    private final ServiceEventListener listener;
    private final ReplicationControl control;

    Replicator(KeyRegistry registry, Clock clock, ServiceEventListener listener, ReplicationControl control) {
        this.registry = registry;
        this.clock = clock;
        this.listener = listener;
        this.control = control;
    }

    /**
     * Applies every event that is due and not held by a paused Region; returns how many. Within a key family,
     * an event waits behind every earlier event that waits and touches one of its Regions (a change of primary
     * touches them all), so each Region's events keep their order while the family's other Regions go on.
     */
    int applyDueEvents() {
        Instant now = clock.instant();
        Map<String, Set<Region>> blockedRegions = new HashMap<>();
        int applied = 0;
        for (ReplicationEvent event : registry.pendingEvents()) {
            String family = event.key().account() + "/" + event.key().keyId();
            Set<Region> touched = touchedRegions(event);
            Set<Region> blocked = blockedRegions.computeIfAbsent(family, ignored -> new HashSet<>());
            if (event.dueAt().isAfter(now) || control.anyPaused(touched) || !Collections.disjoint(blocked, touched)) {
                blocked.addAll(touched);
                continue;
            }
            boolean[] stillPending = {true};
            KeyReference synchronizedPrimary = registry.write(mutation -> {
                if (!registry.hasPendingEvent(event.sequence())) {
                    stillPending[0] = false; // another process sharing the store applied it first
                    return null;
                }
                KeyReference primary = apply(event, mutation);
                mutation.deleteEvent(event);
                return primary;
            });
            if (!stillPending[0]) {
                continue;
            }
            if (synchronizedPrimary != null) {
                listener.serviceEventHappened(new ServiceEvent(ServiceEvent.Kind.SYNCHRONIZE_MULTI_REGION_KEY,
                        synchronizedPrimary, clock.instant()));
            }
            applied++;
        }
        return applied;
    }

    /**
     * The Regions whose keys applying {@code event} may change: its own key's Region; every Region of the
     * family for a change of primary, and for the last pending copy of a rotation (which makes the new material
     * current everywhere).
     */
    private Set<Region> touchedRegions(ReplicationEvent event) {
        boolean wholeFamily = event.type() == ReplicationEvent.Type.COMPLETE_PRIMARY_UPDATE
                || (event.type() == ReplicationEvent.Type.DISTRIBUTE_ROTATED_MATERIAL
                        && !RotationReplication.otherCopiesPending(registry, event));
        Set<Region> touched = new HashSet<>();
        touched.add(event.key().region());
        if (wholeFamily) {
            touched.addAll(registry.familyRegions(event.key().account(), event.key().keyId()));
        }
        return touched;
    }

    /** Applies the event; returns the primary whose shared properties were synchronized, or null for none. */
    private KeyReference apply(ReplicationEvent event, Mutation mutation) {
        KeyEntry key = registry.find(event.key());
        switch (event.type()) {
            case COMPLETE_REPLICA_CREATION -> completeReplicaCreation(event.key(), mutation);
            case COMPLETE_PRIMARY_UPDATE -> completePrimaryUpdate(event.key(), event.argument(), mutation);
            case DISTRIBUTE_ROTATED_MATERIAL -> RotationReplication.distribute(registry, event, mutation);
            case SYNCHRONIZE_ROTATION_SETTINGS -> RotationReplication.synchronizeSettings(registry, event.key(), mutation);
            case COMPLETE_REPLICA_DELETION -> completeReplicaDeletion(event.key(), mutation);
            default -> throw new IllegalStateException("Unknown event type " + event.type());
        }
        if (key == null || event.type() == ReplicationEvent.Type.COMPLETE_REPLICA_DELETION) {
            return null;
        }
        return event.key().inRegion(event.type() == ReplicationEvent.Type.COMPLETE_PRIMARY_UPDATE
                ? event.argument() : key.record().primaryRegion());
    }

    private void completeReplicaCreation(KeyReference replicaReference, Mutation mutation) {
        KeyEntry replica = registry.find(replicaReference);
        if (replica == null) {
            return;
        }
        KeyRecord record = replica.record();
        KeyRecord.Builder updated = record.toBuilder();
        KeyEntry source = registry.find(replicaReference.inRegion(record.primaryRegion()));
        if (source != null) {
            if (record.origin() == KeyOrigin.AWS_KMS) {
                copyMissingMaterial(registry, source, replica, mutation);
            } else {
                awaitAssociatedMaterial(source, replica, mutation);
            }
            updated.currentMaterialVersion(source.record().currentMaterialVersion());
            RotationReplication.copySettings(source.record(), updated);
        }
        if (record.state() == KeyState.Creating) {
            updated.state(record.origin() == KeyOrigin.EXTERNAL ? KeyState.PendingImport : KeyState.Enabled);
        }
        mutation.putKey(updated.build());
    }

    /**
     * Gives a new replica of an imported key an absent version for each version associated with its primary
     * for good, so that it lists what it must import before it is usable.
     */
    private static void awaitAssociatedMaterial(KeyEntry source, KeyEntry replica, Mutation mutation) {
        int current = source.record().currentMaterialVersion();
        for (WrappedMaterial material : source.materials().values()) {
            if (material.version() <= current && !replica.materials().containsKey(material.version())) {
                MaterialInfo info = material.info();
                mutation.putMaterial(WrappedMaterial.absent(replica.record().reference(), material.version(),
                        new MaterialInfo(info.keyMaterialId(), info.createdAt(), info.rotationType(), null, null)));
            }
        }
    }

    /**
     * Copies to {@code target} every material version {@code source} holds and it lacks, unwrapped with the
     * source's binding and wrapped again with the target's; returns the versions copied.
     */
    static Set<Integer> copyMissingMaterial(KeyRegistry registry, KeyEntry source, KeyEntry target,
            Mutation mutation) {
        Set<Integer> copied = new TreeSet<>();
        KeyReference targetReference = target.record().reference();
        for (Map.Entry<Integer, WrappedMaterial> version : source.materials().entrySet()) {
            if (target.materials().containsKey(version.getKey())) {
                continue;
            }
            KeyMaterial material = source.material(version.getKey(), registry.rootKey());
            mutation.putMaterial(new WrappedMaterial(targetReference, version.getKey(),
                    KeyMaterialService.wrap(registry.rootKey(), material, targetReference, version.getKey()),
                    version.getValue().info()));
            copied.add(version.getKey());
        }
        return copied;
    }

    /** A primary still waiting for its replicas' deletion, and left without any, starts its own window now. */
    private void completeReplicaDeletion(KeyReference primaryReference, Mutation mutation) {
        KeyEntry primary = registry.find(primaryReference);
        if (primary != null && primary.record().state() == KeyState.PendingReplicaDeletion
                && registry.familyRegions(primaryReference.account(), primaryReference.keyId()).size() == 1) {
            KeyLifecycle.startPrimaryWindow(mutation, primary.record(), clock.instant());
        }
    }

    private void completePrimaryUpdate(KeyReference newPrimary, Region newPrimaryRegion, Mutation mutation) {
        List<Region> family = registry.familyRegions(newPrimary.account(), newPrimary.keyId());
        for (Region region : family) {
            KeyEntry entry = registry.find(newPrimary.inRegion(region));
            if (entry == null) {
                continue;
            }
            KeyRecord record = entry.record();
            KeyRecord.Builder updated = record.toBuilder().primaryRegion(newPrimaryRegion);
            if (record.state() == KeyState.Updating) {
                updated.state(KeyState.Enabled);
            }
            mutation.putKey(updated.build());
        }
    }
}
