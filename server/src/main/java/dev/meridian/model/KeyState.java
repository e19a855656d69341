package dev.meridian.model;

/** The states of a KMS key, named as on the wire. */
public enum KeyState {
    Creating,
    Enabled,
    Disabled,
    PendingDeletion,
    PendingImport,
    PendingReplicaDeletion,
    Unavailable,
    Updating;

    public boolean isPendingDeletion() {
        return this == PendingDeletion || this == PendingReplicaDeletion;
    }
}
