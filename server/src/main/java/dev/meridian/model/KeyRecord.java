package dev.meridian.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One Region's record of a KMS key: the per-Region properties (description, policy, tags, state,
 * deletion schedule) and this Region's copy of the shared properties (spec, usage, origin, multi-Region
 * role, current material version). Immutable: every change makes a new record with {@link #toBuilder()}.
 *
 * <p>A multi-Region key knows its primary's Region; it is the primary when that is its own Region. A
 * single-Region key has no primary Region. {@code currentMaterialVersion} is 0 while a key has no
 * material (origin {@code EXTERNAL} before import).
 */
public final class KeyRecord {
    private final KeyReference reference;
    private final String description;
    private final String policy;
    private final KeyState state;
    private final Instant creationDate;
    private final Instant deletionDate;
    private final Integer pendingDeletionWindowInDays;
    private final KeyOrigin origin;
    private final KeySpec keySpec;
    private final KeyUsage keyUsage;
    private final Region primaryRegion;
    private final List<Tag> tags;
    private final int currentMaterialVersion;
    private final boolean rotationEnabled;
    private final Integer rotationPeriodInDays;
    private final Instant nextRotationDate;
    private final Instant onDemandRotationStartDate;
    private final KeyManager keyManager;

    private KeyRecord(Builder builder) {
        this.reference = Objects.requireNonNull(builder.reference, "reference");
        this.description = Objects.requireNonNull(builder.description, "description");
        this.policy = Objects.requireNonNull(builder.policy, "policy");
        this.state = Objects.requireNonNull(builder.state, "state");
        this.creationDate = Objects.requireNonNull(builder.creationDate, "creationDate");
        this.deletionDate = builder.deletionDate;
        this.pendingDeletionWindowInDays = builder.pendingDeletionWindowInDays;
        this.origin = Objects.requireNonNull(builder.origin, "origin");
        this.keySpec = Objects.requireNonNull(builder.keySpec, "keySpec");
        this.keyUsage = Objects.requireNonNull(builder.keyUsage, "keyUsage");
        this.primaryRegion = builder.primaryRegion;
        this.tags = List.copyOf(builder.tags);
        this.currentMaterialVersion = builder.currentMaterialVersion;
        this.rotationEnabled = builder.rotationEnabled;
        this.rotationPeriodInDays = builder.rotationPeriodInDays;
        this.nextRotationDate = builder.nextRotationDate;
        this.onDemandRotationStartDate = builder.onDemandRotationStartDate;
        this.keyManager = Objects.requireNonNull(builder.keyManager, "keyManager");
        if (rotationEnabled && (rotationPeriodInDays == null || nextRotationDate == null)) {
            throw new IllegalArgumentException("Automatic rotation has a period and a next date");
        }
        if (reference.keyId().isMultiRegion() != (primaryRegion != null)) {
            throw new IllegalArgumentException("A multi-Region key, and only one, has a primary Region");
        }
        if (currentMaterialVersion < 0) {
            throw new IllegalArgumentException("Material versions start at 1");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.reference = reference;
        builder.description = description;
        builder.policy = policy;
        builder.state = state;
        builder.creationDate = creationDate;
        builder.deletionDate = deletionDate;
        builder.pendingDeletionWindowInDays = pendingDeletionWindowInDays;
        builder.origin = origin;
        builder.keySpec = keySpec;
        builder.keyUsage = keyUsage;
        builder.primaryRegion = primaryRegion;
        builder.tags = tags;
        builder.currentMaterialVersion = currentMaterialVersion;
        builder.rotationEnabled = rotationEnabled;
        builder.rotationPeriodInDays = rotationPeriodInDays;
        builder.nextRotationDate = nextRotationDate;
        builder.onDemandRotationStartDate = onDemandRotationStartDate;
        builder.keyManager = keyManager;
        return builder;
    }

    public KeyReference reference() {
        return reference;
    }

    public String arn() {
        return reference.arn();
    }

    public String description() {
        return description;
    }

    public String policy() {
        return policy;
    }

    public KeyState state() {
        return state;
    }

    public boolean enabled() {
        return state == KeyState.Enabled;
    }

    public Instant creationDate() {
        return creationDate;
    }

    /** When the key will be deleted; null unless a deletion window is running. */
    public Instant deletionDate() {
        return deletionDate;
    }

    /** The waiting period asked for by ScheduleKeyDeletion; null unless deletion is scheduled. */
    public Integer pendingDeletionWindowInDays() {
        return pendingDeletionWindowInDays;
    }

    public KeyOrigin origin() {
        return origin;
    }

    public KeySpec keySpec() {
        return keySpec;
    }

    public KeyUsage keyUsage() {
        return keyUsage;
    }

    public boolean multiRegion() {
        return primaryRegion != null;
    }

    /** The Region of the primary key; null for a single-Region key. */
    public Region primaryRegion() {
        return primaryRegion;
    }

    public boolean isPrimary() {
        return primaryRegion != null && primaryRegion.equals(reference.region());
    }

    public boolean isReplica() {
        return primaryRegion != null && !primaryRegion.equals(reference.region());
    }

    public List<Tag> tags() {
        return tags;
    }

    public int currentMaterialVersion() {
        return currentMaterialVersion;
    }

    /** Whether automatic rotation is on; for a multi-Region key, the primary's setting, shared by every replica. */
    public boolean rotationEnabled() {
        return rotationEnabled;
    }

    /** The automatic rotation period; null when it was never set (the default, 365 days, applies). */
    public Integer rotationPeriodInDays() {
        return rotationPeriodInDays;
    }

    /** When automatic rotation next rotates the key; null while it is off. */
    public Instant nextRotationDate() {
        return nextRotationDate;
    }

    /** When the on-demand rotation under way started; null when none is. */
    public Instant onDemandRotationStartDate() {
        return onDemandRotationStartDate;
    }

    /** {@code CUSTOMER} for every key but the AWS managed keys, which AWS makes and nobody may change. */
    public KeyManager keyManager() {
        return keyManager;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof KeyRecord that)) {
            return false;
        }
        return reference.equals(that.reference) && description.equals(that.description) && policy.equals(that.policy)
                && state == that.state && creationDate.equals(that.creationDate)
                && Objects.equals(deletionDate, that.deletionDate)
                && Objects.equals(pendingDeletionWindowInDays, that.pendingDeletionWindowInDays)
                && origin == that.origin && keySpec == that.keySpec && keyUsage == that.keyUsage
                && Objects.equals(primaryRegion, that.primaryRegion) && tags.equals(that.tags)
                && currentMaterialVersion == that.currentMaterialVersion && rotationEnabled == that.rotationEnabled
                && Objects.equals(rotationPeriodInDays, that.rotationPeriodInDays)
                && Objects.equals(nextRotationDate, that.nextRotationDate)
                && Objects.equals(onDemandRotationStartDate, that.onDemandRotationStartDate)
                && keyManager == that.keyManager;
    }

    @Override
    public int hashCode() {
        return Objects.hash(reference, state, creationDate);
    }

    @Override
    public String toString() {
        return "KeyRecord{" + reference.arn() + ", " + state + "}";
    }

    /** Collects the fields of a {@link KeyRecord}; {@link #build()} checks them. */
    public static final class Builder {
        private KeyReference reference;
        private String description = "";
        private String policy;
        private KeyState state;
        private Instant creationDate;
        private Instant deletionDate;
        private Integer pendingDeletionWindowInDays;
        private KeyOrigin origin = KeyOrigin.AWS_KMS;
        private KeySpec keySpec = KeySpec.SYMMETRIC_DEFAULT;
        private KeyUsage keyUsage = KeyUsage.ENCRYPT_DECRYPT;
        private Region primaryRegion;
        private List<Tag> tags = List.of();
        private int currentMaterialVersion;
        private boolean rotationEnabled;
        private Integer rotationPeriodInDays;
        private Instant nextRotationDate;
        private Instant onDemandRotationStartDate;
        private KeyManager keyManager = KeyManager.CUSTOMER;

        private Builder() {
        }

        public Builder reference(KeyReference value) {
            this.reference = value;
            return this;
        }

        public Builder description(String value) {
            this.description = value;
            return this;
        }

        public Builder policy(String value) {
            this.policy = value;
            return this;
        }

        public Builder state(KeyState value) {
            this.state = value;
            return this;
        }

        public Builder creationDate(Instant value) {
            this.creationDate = value;
            return this;
        }

        public Builder deletionDate(Instant value) {
            this.deletionDate = value;
            return this;
        }

        public Builder pendingDeletionWindowInDays(Integer value) {
            this.pendingDeletionWindowInDays = value;
            return this;
        }

        public Builder origin(KeyOrigin value) {
            this.origin = value;
            return this;
        }

        public Builder keySpec(KeySpec value) {
            this.keySpec = value;
            return this;
        }

        public Builder keyUsage(KeyUsage value) {
            this.keyUsage = value;
            return this;
        }

        public Builder primaryRegion(Region value) {
            this.primaryRegion = value;
            return this;
        }

        public Builder tags(List<Tag> value) {
            this.tags = value;
            return this;
        }

        public Builder currentMaterialVersion(int value) {
            this.currentMaterialVersion = value;
            return this;
        }

        public Builder rotationEnabled(boolean value) {
            this.rotationEnabled = value;
            return this;
        }

        public Builder rotationPeriodInDays(Integer value) {
            this.rotationPeriodInDays = value;
            return this;
        }

        public Builder nextRotationDate(Instant value) {
            this.nextRotationDate = value;
            return this;
        }

        public Builder onDemandRotationStartDate(Instant value) {
            this.onDemandRotationStartDate = value;
            return this;
        }

        public Builder keyManager(KeyManager value) {
            this.keyManager = value;
            return this;
        }

        public KeyRecord build() {
            return new KeyRecord(this);
        }
    }
}
