package dev.meridian.core;

import dev.meridian.model.KeyOrigin;
import dev.meridian.model.KeyReference;
import dev.meridian.model.MaterialInfo.RotationType;
import java.time.Instant;
import java.util.Objects;

/**
 * Something the service did on its own, after it was committed: the audit trail records these as KMS's
 * own events.
 *
 * @param kind what happened
 * @param key the key it happened to (for synchronization: the multi-Region primary key)
 * @param time when it happened, by the service's clock
 * @param details what the audit trail tells of it beyond the key: for {@link Kind#ROTATE_KEY} a
 *     {@link MaterialRotation}, for {@link Kind#DELETE_EXPIRED_KEY_MATERIAL} an {@link ExpiredMaterial}; null
 *     for the other kinds
 */
public record ServiceEvent(Kind kind, KeyReference key, Instant time, Details details) {
    /** What a service event tells beyond its key. */
    public sealed interface Details permits MaterialRotation, ExpiredMaterial {
    }

    /** What a rotation did: its type, the key's origin, the key material it replaced and the one it made current. */
    public record MaterialRotation(RotationType rotationType, KeyOrigin keyOrigin, String previousKeyMaterialId,
            String currentKeyMaterialId) implements Details {
    }

    /** Which imported key material expired. */
    public record ExpiredMaterial(String keyMaterialId) implements Details {
    }

    /** The kinds of service events, named as CloudTrail names them. */
    public enum Kind {
        /** Shared properties (material, primary Region) were copied to a related multi-Region key. */
        SYNCHRONIZE_MULTI_REGION_KEY("SynchronizeMultiRegionKey"),
        /** Key material became current by a rotation, automatic or on demand. */
        ROTATE_KEY("RotateKey"),
        /** A key was deleted at the end of its deletion window. */
        DELETE_KEY("DeleteKey"),
        /** Imported key material was deleted when its {@code ValidTo} came. */
        DELETE_EXPIRED_KEY_MATERIAL("DeleteExpiredKeyMaterial");

        private final String eventName;

        Kind(String eventName) {
            this.eventName = eventName;
        }

        /** CloudTrail's {@code eventName} for this kind. */
        public String eventName() {
            return eventName;
        }
    }

    /** An event without details. */
    public ServiceEvent(Kind kind, KeyReference key, Instant time) {
        this(kind, key, time, null);
    }

    public ServiceEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(time, "time");
    }
}
