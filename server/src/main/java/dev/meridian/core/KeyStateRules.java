package dev.meridian.core;

import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyState;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which key states allow which kinds of operation, as AWS KMS documents them ("Key states of AWS KMS
 * keys"). Each check throws the error AWS sends when the state does not allow the operation.
 */
enum KeyStateRules {
    /** Encrypt, Decrypt, ReEncrypt, GenerateDataKey*: a primary change ({@code Updating}) does not stop them. */
    CRYPTOGRAPHY(EnumSet.of(KeyState.Enabled, KeyState.Updating)),
    /** EnableKey and DisableKey. */
    ENABLE_DISABLE(EnumSet.of(KeyState.Enabled, KeyState.Disabled)),
    /** Description, tags, aliases: everything but a pending deletion. */
    MANAGEMENT(EnumSet.of(KeyState.Enabled, KeyState.Disabled, KeyState.PendingImport, KeyState.Creating,
            KeyState.Updating, KeyState.Unavailable)),
    /** ScheduleKeyDeletion: not while a primary change or a deletion is under way. */
    SCHEDULE_DELETION(EnumSet.of(KeyState.Enabled, KeyState.Disabled, KeyState.PendingImport, KeyState.Creating,
            KeyState.Unavailable)),
    /** ReplicateKey, on the primary. */
    REPLICATE(EnumSet.of(KeyState.Enabled)),
    /** UpdatePrimaryRegion, on the primary and on the replica that becomes primary. */
    UPDATE_PRIMARY(EnumSet.of(KeyState.Enabled)),
    /** GetParametersForImport and ImportKeyMaterial: a key that has, or waits for, imported material. */
    IMPORT(EnumSet.of(KeyState.Enabled, KeyState.Disabled, KeyState.PendingImport)),
    /** DeleteImportedKeyMaterial: also during a deletion window, which it leaves running. */
    DELETE_IMPORTED_MATERIAL(EnumSet.of(KeyState.Enabled, KeyState.Disabled, KeyState.PendingImport,
            KeyState.PendingDeletion, KeyState.PendingReplicaDeletion));

    private final Set<KeyState> allowed;

    KeyStateRules(Set<KeyState> allowed) {
        this.allowed = allowed;
    }

    void check(KeyRecord key) {
        if (!allowed.contains(key.state())) {
            throw KmsException.forState(key);
        }
    }
}
