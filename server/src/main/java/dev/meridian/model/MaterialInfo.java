package dev.meridian.model;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * What is known of one version of a key's material, apart from the material itself; the same in every
 * Region that holds the version.
 *
 * @param keyMaterialId the {@code KeyMaterialId} clients see: 64 lowercase hex characters, derived from the
 *     material so that related keys agree on it
 * @param createdAt when the version came to be (its {@code RotationDate} for a rotation)
 * @param rotationType how it came to be: null for the key's first material, else by rotation
 * @param description the {@code KeyMaterialDescription} of imported material; null when none was given
 * @param validTo when imported material expires; null when it does not
 */
public record MaterialInfo(String keyMaterialId, Instant createdAt, RotationType rotationType, String description,
        Instant validTo) {
    /** Stands for a material ID that a store written by an older Meridian does not hold yet. */
    public static final String UNKNOWN_ID = "0".repeat(64);
    private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");

    /** How a material version came to be, named as on the wire ({@code RotationType}). */
    public enum RotationType {
        AUTOMATIC,
        ON_DEMAND
    }

    public MaterialInfo {
        if (keyMaterialId == null || !ID.matcher(keyMaterialId).matches()) {
            throw new IllegalArgumentException("A key material ID is 64 lowercase hex characters");
        }
        if (createdAt == null) {
            throw new IllegalArgumentException("Material has a creation date");
        }
    }

    /** The first material of a key, made by Meridian. */
    public static MaterialInfo initial(String keyMaterialId, Instant createdAt) {
        return new MaterialInfo(keyMaterialId, createdAt, null, null, null);
    }

    public boolean isIdentified() {
        return !keyMaterialId.equals(UNKNOWN_ID);
    }

    public MaterialInfo withIdentity(String identifiedKeyMaterialId, Instant creationDate) {
        return new MaterialInfo(identifiedKeyMaterialId, creationDate, rotationType, description, validTo);
    }

    /** Material made by a rotation. */
    public static MaterialInfo rotated(String keyMaterialId, Instant createdAt, RotationType rotationType) {
        return new MaterialInfo(keyMaterialId, createdAt, rotationType, null, null);
    }
}
