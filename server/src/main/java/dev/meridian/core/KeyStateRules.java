package dev.meridian.core;

import static dev.meridian.model.KeyState.Creating;
import static dev.meridian.model.KeyState.Disabled;
import static dev.meridian.model.KeyState.Enabled;
import static dev.meridian.model.KeyState.PendingDeletion;
import static dev.meridian.model.KeyState.PendingImport;
import static dev.meridian.model.KeyState.PendingReplicaDeletion;
import static dev.meridian.model.KeyState.Unavailable;
import static dev.meridian.model.KeyState.Updating;

import dev.meridian.model.KeyOrigin;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyState;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which key states, and which origins of key material, allow each operation on an existing key: one entry per
 * operation, the rows of AWS KMS's table "Key states of AWS KMS keys" (its copy, with its source, is the test
 * resource {@code key-states.md}, which {@code KeyStateTableTest} checks every cell of).
 *
 * <p>{@link #check} refuses in the order AWS does: an origin the operation does not take first
 * ({@code UnsupportedOperationException}, the table's footnotes 6, 7 and 9), then a state it does not allow:
 * {@code DisabledException} {@code "<key ARN> is disabled."} for a disabled key, otherwise
 * {@code KMSInvalidStateException} {@code "<key ARN> is pending deletion."} (also for a primary pending replica
 * deletion), {@code "is pending import."}, {@code "is unavailable."}, {@code "is creating."} or
 * {@code "is updating."}; CancelKeyDeletion refuses every other state with {@code "is not pending deletion."}.
 *
 * <p>Where the table is older than what AWS does now, the rule follows AWS's newer documentation:
 * GetKeyRotationStatus takes keys with imported material (they rotate on demand), and UpdatePrimaryRegion
 * refuses a key that is {@code Updating} ("Both the primary key and the replica key must be in the Enabled key
 * state when the operation starts"). RotateKeyOnDemand, ListKeyRotations and GetKeyLastUsage are newer than
 * the table. Meridian has no custom key stores, so no key is {@code Unavailable}; the rules still say what
 * that state allows. Operations that every state allows are listed so that the table is whole; they need no
 * call. Sign, Verify, GetPublicKey, GenerateMac and VerifyMac take what the other cryptographic operations take;
 * the table marks them N/A for {@code PendingImport} (in 2023 asymmetric and HMAC keys could not have imported
 * material), and a key with imported material waiting for it is refused as {@code "is pending import."}.
 */
enum KeyStateRules {
    CANCEL_KEY_DELETION("CancelKeyDeletion", only(PendingDeletion, PendingReplicaDeletion)),
    CREATE_ALIAS("CreateAlias", allBut(PendingDeletion, PendingReplicaDeletion)),
    CREATE_GRANT("CreateGrant", only(Enabled, Unavailable, Updating)),
    DECRYPT("Decrypt", Sets.CRYPTOGRAPHIC),
    DELETE_ALIAS("DeleteAlias", Sets.EVERY_STATE),
    DELETE_IMPORTED_KEY_MATERIAL("DeleteImportedKeyMaterial", Sets.EXTERNAL,
            only(Enabled, Disabled, PendingDeletion, PendingReplicaDeletion, PendingImport)),
    /** Newer than the 2023 table; its row in {@code key-states.md} is Sign's, as AWS's current table has it. */
    DERIVE_SHARED_SECRET("DeriveSharedSecret", Sets.CRYPTOGRAPHIC),
    DESCRIBE_KEY("DescribeKey", Sets.EVERY_STATE),
    DISABLE_KEY("DisableKey", only(Enabled, Disabled, Unavailable)),
    DISABLE_KEY_ROTATION("DisableKeyRotation", Sets.AWS_KMS, only(Enabled, Updating)),
    ENABLE_KEY("EnableKey", only(Enabled, Disabled, Unavailable)),
    ENABLE_KEY_ROTATION("EnableKeyRotation", Sets.AWS_KMS, only(Enabled, Updating)),
    ENCRYPT("Encrypt", Sets.CRYPTOGRAPHIC),
    GENERATE_DATA_KEY("GenerateDataKey", Sets.CRYPTOGRAPHIC),
    GENERATE_DATA_KEY_PAIR("GenerateDataKeyPair", Sets.CRYPTOGRAPHIC),
    GENERATE_DATA_KEY_PAIR_WITHOUT_PLAINTEXT("GenerateDataKeyPairWithoutPlaintext", Sets.CRYPTOGRAPHIC),
    GENERATE_DATA_KEY_WITHOUT_PLAINTEXT("GenerateDataKeyWithoutPlaintext", Sets.CRYPTOGRAPHIC),
    GENERATE_MAC("GenerateMac", Sets.CRYPTOGRAPHIC),
    GET_KEY_POLICY("GetKeyPolicy", Sets.EVERY_STATE),
    GET_KEY_ROTATION_STATUS("GetKeyRotationStatus", Sets.KMS_OR_EXTERNAL, Sets.EVERY_STATE),
    GET_PUBLIC_KEY("GetPublicKey", Sets.CRYPTOGRAPHIC),
    GET_PARAMETERS_FOR_IMPORT("GetParametersForImport", Sets.EXTERNAL,
            only(Enabled, Disabled, PendingImport)),
    IMPORT_KEY_MATERIAL("ImportKeyMaterial", Sets.EXTERNAL,
            only(Enabled, Disabled, PendingImport, Updating)),
    LIST_ALIASES("ListAliases", Sets.EVERY_STATE),
    LIST_GRANTS("ListGrants", Sets.EVERY_STATE),
    LIST_KEY_POLICIES("ListKeyPolicies", Sets.EVERY_STATE),
    LIST_RESOURCE_TAGS("ListResourceTags", Sets.EVERY_STATE),
    PUT_KEY_POLICY("PutKeyPolicy", Sets.EVERY_STATE),
    RE_ENCRYPT("ReEncrypt", Sets.CRYPTOGRAPHIC),
    REPLICATE_KEY("ReplicateKey", only(Enabled)),
    RETIRE_GRANT("RetireGrant", Sets.EVERY_STATE),
    REVOKE_GRANT("RevokeGrant", Sets.EVERY_STATE),
    SCHEDULE_KEY_DELETION("ScheduleKeyDeletion", allBut(PendingDeletion, PendingReplicaDeletion, Updating)),
    SIGN("Sign", Sets.CRYPTOGRAPHIC),
    TAG_RESOURCE("TagResource", allBut(PendingDeletion, PendingReplicaDeletion)),
    UNTAG_RESOURCE("UntagResource", allBut(PendingDeletion, PendingReplicaDeletion)),
    /** The key the alias is to point to; the key it points to now may be in any state. */
    UPDATE_ALIAS("UpdateAlias", allBut(PendingDeletion, PendingReplicaDeletion)),
    UPDATE_KEY_DESCRIPTION("UpdateKeyDescription", allBut(PendingDeletion, PendingReplicaDeletion)),
    /** The primary named by the request, then the replica that is to become primary. */
    UPDATE_PRIMARY_REGION("UpdatePrimaryRegion", only(Enabled)),
    VERIFY("Verify", Sets.CRYPTOGRAPHIC),
    VERIFY_MAC("VerifyMac", Sets.CRYPTOGRAPHIC),
    // Newer than the table.
    ROTATE_KEY_ON_DEMAND("RotateKeyOnDemand", Sets.KMS_OR_EXTERNAL, only(Enabled, Updating)),
    LIST_KEY_ROTATIONS("ListKeyRotations", allBut(Creating)),
    GET_KEY_LAST_USAGE("GetKeyLastUsage", Sets.EVERY_STATE);

    private final String operation;
    private final Set<KeyOrigin> origins;
    private final Set<KeyState> states;

    KeyStateRules(String operation, Set<KeyState> states) {
        this(operation, Sets.ANY_ORIGIN, states);
    }

    KeyStateRules(String operation, Set<KeyOrigin> origins, Set<KeyState> states) {
        this.operation = operation;
        this.origins = origins;
        this.states = states;
    }

    /** The operation's name, as in the table and on the wire. */
    String operation() {
        return operation;
    }

    /** Throws AWS's error when the key's origin or state does not allow the operation. */
    void check(KeyRecord key) {
        if (!origins.contains(key.origin())) {
            throw KmsException.unsupported(key.arn() + " origin is " + key.origin()
                    + " which is not valid for this operation.");
        }
        if (!states.contains(key.state())) {
            throw this == CANCEL_KEY_DELETION
                    ? new KmsException(ErrorCode.KMS_INVALID_STATE, key.arn() + " is not pending deletion.")
                    : KmsException.forState(key);
        }
    }

    private static Set<KeyState> only(KeyState first, KeyState... rest) {
        return Collections.unmodifiableSet(EnumSet.of(first, rest));
    }

    private static Set<KeyState> allBut(KeyState first, KeyState... rest) {
        return Collections.unmodifiableSet(EnumSet.complementOf(EnumSet.of(first, rest)));
    }

    /** The sets the rules share (a holder, as enum constants cannot use the enum's own static fields). */
    private static final class Sets {
        static final Set<KeyOrigin> ANY_ORIGIN = Collections.unmodifiableSet(EnumSet.allOf(KeyOrigin.class));
        static final Set<KeyOrigin> AWS_KMS = Collections.unmodifiableSet(EnumSet.of(KeyOrigin.AWS_KMS));
        static final Set<KeyOrigin> EXTERNAL = Collections.unmodifiableSet(EnumSet.of(KeyOrigin.EXTERNAL));
        static final Set<KeyOrigin> KMS_OR_EXTERNAL =
                Collections.unmodifiableSet(EnumSet.of(KeyOrigin.AWS_KMS, KeyOrigin.EXTERNAL));
        static final Set<KeyState> EVERY_STATE = Collections.unmodifiableSet(EnumSet.allOf(KeyState.class));
        /** Encrypt, Decrypt, ReEncrypt, GenerateDataKey*: a primary change ({@code Updating}) does not stop them. */
        static final Set<KeyState> CRYPTOGRAPHIC = Collections.unmodifiableSet(EnumSet.of(Enabled, Updating));

        private Sets() {
        }
    }
}
