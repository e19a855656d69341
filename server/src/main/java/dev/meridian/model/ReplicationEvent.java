package dev.meridian.model;

import java.time.Instant;

/**
 * A change to the shared properties of a multi-Region key, waiting in the outbox to be applied to one
 * Region's key. Events of one key family are applied in sequence order, each at or after its due time;
 * applying an event twice has the effect of applying it once.
 *
 * @param sequence unique and increasing across the store
 * @param key the key record the event is applied to
 * @param type what the event does
 * @param dueAt the earliest time it may be applied
 * @param argument the Region the event names (the new primary for {@link Type#COMPLETE_PRIMARY_UPDATE});
 *     null when the type needs none
 */
public record ReplicationEvent(long sequence, KeyReference key, Type type, Instant dueAt, Region argument) {

    /** What an event does when it is applied. */
    public enum Type {
        /** Ends a replica's {@code Creating} state: {@code Enabled}, or {@code PendingImport} without material. */
        COMPLETE_REPLICA_CREATION,
        /** Ends a change of primary: every related key follows the new primary; {@code Updating} keys return to {@code Enabled}. */
        COMPLETE_PRIMARY_UPDATE,
        /**
         * Synchronizes a rotation to one replica: copies every material version the primary holds and the
         * replica lacks, with the primary's rotation settings. Applying the last such event of a family makes
         * the newest version current in every Region, in the same write. The argument names the primary's
         * Region when the rotation happened.
         */
        DISTRIBUTE_ROTATED_MATERIAL,
        /** Copies the primary's automatic rotation settings (on/off, period, next date) to one replica. */
        SYNCHRONIZE_ROTATION_SETTINGS,
        /**
         * Tells a primary waiting in {@code PendingReplicaDeletion} that its last replica is gone: it starts its
         * own deletion window. Queued only when replication into the primary's Region was paused as the replica
         * was deleted (otherwise the deletion starts the window in its own write); the argument is the deleted
         * replica's Region.
         */
        COMPLETE_REPLICA_DELETION
    }
}
