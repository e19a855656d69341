package dev.meridian.core;

import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyReference;
import dev.meridian.model.Region;
import dev.meridian.model.ReplicationEvent;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * How a rotation of a multi-Region key reaches its replicas, applied by the {@link Replicator} inside the
 * write that removes the event from the outbox.
 *
 * <p>A rotation stores the new version at the primary without making it current and queues one
 * {@link ReplicationEvent.Type#DISTRIBUTE_ROTATED_MATERIAL} event per replica. Each event copies the
 * versions the replica lacks, with the primary's rotation settings. The write that applies the last of a
 * family's pending copies (none other is left in the outbox) also makes the newest version current in every
 * Region that holds it and ends the on-demand rotation: so no Region encrypts with material that another
 * Region cannot yet decrypt. Every step checks what is already done, so applying an event again is harmless.
 */
final class RotationReplication {
    private RotationReplication() {
    }

    /** Copies the primary's automatic rotation settings, and its on-demand rotation under way, into {@code target}. */
    static void copySettings(KeyRecord primary, KeyRecord.Builder target) {
        target.rotationEnabled(primary.rotationEnabled())
                .rotationPeriodInDays(primary.rotationPeriodInDays())
                .nextRotationDate(primary.nextRotationDate())
                .onDemandRotationStartDate(primary.onDemandRotationStartDate());
    }

    static void synchronizeSettings(KeyRegistry registry, KeyReference replicaReference, Mutation mutation) {
        KeyEntry replica = registry.find(replicaReference);
        if (replica == null || !replica.record().isReplica()) {
            return;
        }
        KeyEntry primary = registry.find(replicaReference.inRegion(replica.record().primaryRegion()));
        if (primary == null) {
            return;
        }
        KeyRecord.Builder updated = replica.record().toBuilder();
        copySettings(primary.record(), updated);
        mutation.putKey(updated.build());
    }

    static void distribute(KeyRegistry registry, ReplicationEvent event, Mutation mutation) {
        KeyReference targetReference = event.key();
        KeyEntry target = registry.find(targetReference);
        Set<Integer> copied = Set.of();
        if (target != null) {
            KeyEntry primary = registry.find(targetReference.inRegion(target.record().primaryRegion()));
            // The Region that rotated holds the new version, even when the primary has moved since.
            KeyEntry rotated = event.argument() == null ? null : registry.find(targetReference.inRegion(event.argument()));
            KeyEntry source = rotated != null ? rotated : primary;
            if (source != null && source != target) {
                copied = Replicator.copyMissingMaterial(registry, source, target, mutation);
            }
            if (primary != null && primary != target) {
                KeyRecord.Builder updated = target.record().toBuilder();
                copySettings(primary.record(), updated);
                mutation.putKey(updated.build());
            }
        }
        if (!otherCopiesPending(registry, event)) {
            completeRotation(registry, targetReference, copied, mutation);
        }
    }

    /** Whether a rotated material copy of the family other than {@code event} waits in the outbox. */
    static boolean otherCopiesPending(KeyRegistry registry, ReplicationEvent event) {
        for (ReplicationEvent pending : registry.pendingEvents()) {
            if (pending.sequence() != event.sequence()
                    && pending.type() == ReplicationEvent.Type.DISTRIBUTE_ROTATED_MATERIAL
                    && pending.key().account().equals(event.key().account())
                    && pending.key().keyId().equals(event.key().keyId())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Makes the newest version of the family current in every Region that holds it (a replica still
     * {@code Creating} gets it with its creation) and ends the on-demand rotation under way.
     */
    private static void completeRotation(KeyRegistry registry, KeyReference member, Set<Integer> copiedToMember,
            Mutation mutation) {
        List<Region> family = registry.familyRegions(member.account(), member.keyId());
        int newest = 0;
        for (Region region : family) {
            KeyEntry entry = registry.find(member.inRegion(region));
            if (entry != null && !entry.materials().isEmpty()) {
                newest = Math.max(newest, Collections.max(entry.materials().keySet()));
            }
        }
        for (Region region : family) {
            KeyReference reference = member.inRegion(region);
            KeyEntry entry = registry.find(reference);
            if (entry == null) {
                continue;
            }
            KeyRecord record = mutation.keyAsWritten(reference, entry.record());
            boolean holdsNewest = entry.materials().containsKey(newest)
                    || (reference.equals(member) && copiedToMember.contains(newest));
            KeyRecord.Builder updated = record.toBuilder().onDemandRotationStartDate(null);
            if (holdsNewest && record.currentMaterialVersion() != 0 && record.currentMaterialVersion() < newest) {
                updated.currentMaterialVersion(newest);
            }
            KeyRecord completed = updated.build();
            if (!completed.equals(record)) {
                mutation.putKey(completed);
            }
        }
    }
}
