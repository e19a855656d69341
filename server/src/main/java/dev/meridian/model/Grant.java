package dev.meridian.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A grant on one Region's key: who may use the key (the grantee), for which operations, under which
 * encryption-context constraints, and who may retire it. Grants are per key and per Region: a replica has
 * grants of its own. Immutable; {@link #builder()} makes one.
 *
 * <p>The grant ID is 64 lowercase hex digits, unique in the key's Region. A grantee is a principal ARN or a
 * service principal (or both are absent for a grant that names neither, which the core refuses); the same
 * holds for the optional retiring principal. Operations keep the order the client gave, without duplicates.
 */
public final class Grant {
    private final KeyReference key;
    private final String grantId;
    private final String name;
    private final Instant creationDate;
    private final String granteePrincipal;
    private final String granteeServicePrincipal;
    private final String retiringPrincipal;
    private final String retiringServicePrincipal;
    private final List<String> operations;
    private final Constraints constraints;

    /**
     * The encryption-context constraints of a grant ({@code EncryptionContextEquals} or
     * {@code EncryptionContextSubset}, each null when absent) and the {@code SourceArn} constraint (null when
     * absent). Equal maps make equal constraints, whatever the order their entries came in.
     */
    public record Constraints(Map<String, String> encryptionContextEquals, Map<String, String> encryptionContextSubset,
            String sourceArn) {
        public static final Constraints NONE = new Constraints(null, null, null);

        public Constraints {
            encryptionContextEquals = encryptionContextEquals == null ? null
                    : Map.copyOf(encryptionContextEquals);
            encryptionContextSubset = encryptionContextSubset == null ? null
                    : Map.copyOf(encryptionContextSubset);
        }

        public boolean isEmpty() {
            return encryptionContextEquals == null && encryptionContextSubset == null && sourceArn == null;
        }

        /** {@code EncryptionContextEquals} sorted by key (for writing), or null. */
        public Map<String, String> sortedEquals() {
            return encryptionContextEquals == null ? null : new TreeMap<>(encryptionContextEquals);
        }

        /** {@code EncryptionContextSubset} sorted by key (for writing), or null. */
        public Map<String, String> sortedSubset() {
            return encryptionContextSubset == null ? null : new TreeMap<>(encryptionContextSubset);
        }
    }

    private Grant(Builder builder) {
        this.key = Objects.requireNonNull(builder.key, "key");
        this.grantId = Objects.requireNonNull(builder.grantId, "grantId");
        this.name = builder.name;
        this.creationDate = Objects.requireNonNull(builder.creationDate, "creationDate");
        this.granteePrincipal = builder.granteePrincipal;
        this.granteeServicePrincipal = builder.granteeServicePrincipal;
        this.retiringPrincipal = builder.retiringPrincipal;
        this.retiringServicePrincipal = builder.retiringServicePrincipal;
        this.operations = List.copyOf(builder.operations);
        this.constraints = builder.constraints == null ? Constraints.NONE : builder.constraints;
        if (operations.isEmpty()) {
            throw new IllegalArgumentException("A grant allows at least one operation");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().key(key).grantId(grantId).name(name).creationDate(creationDate)
                .granteePrincipal(granteePrincipal).granteeServicePrincipal(granteeServicePrincipal)
                .retiringPrincipal(retiringPrincipal).retiringServicePrincipal(retiringServicePrincipal)
                .operations(operations).constraints(constraints);
    }

    public KeyReference key() {
        return key;
    }

    public String grantId() {
        return grantId;
    }

    /** The grant's name, or null. */
    public String name() {
        return name;
    }

    public Instant creationDate() {
        return creationDate;
    }

    public String granteePrincipal() {
        return granteePrincipal;
    }

    public String granteeServicePrincipal() {
        return granteeServicePrincipal;
    }

    public String retiringPrincipal() {
        return retiringPrincipal;
    }

    public String retiringServicePrincipal() {
        return retiringServicePrincipal;
    }

    public List<String> operations() {
        return operations;
    }

    public Constraints constraints() {
        return constraints;
    }

    /** The account that created the grant, as IAM names its root: {@code arn:aws:iam::<account>:root}. */
    public String issuingAccount() {
        return "arn:" + key.region().partition().arnName() + ":iam::" + key.account() + ":root";
    }

    /**
     * Whether a CreateGrant with these parameters repeats this grant (the same name, grantee, retiring
     * principal, operations and constraints): the test of {@code Name} idempotency.
     */
    public boolean sameParameters(Grant other) {
        return Objects.equals(name, other.name)
                && Objects.equals(granteePrincipal, other.granteePrincipal)
                && Objects.equals(granteeServicePrincipal, other.granteeServicePrincipal)
                && Objects.equals(retiringPrincipal, other.retiringPrincipal)
                && Objects.equals(retiringServicePrincipal, other.retiringServicePrincipal)
                && Set.copyOf(operations).equals(Set.copyOf(other.operations))
                && constraints.equals(other.constraints);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Grant grant && key.equals(grant.key) && grantId.equals(grant.grantId)
                && creationDate.equals(grant.creationDate) && sameParameters(grant)
                && operations.equals(grant.operations);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, grantId);
    }

    @Override
    public String toString() {
        return "Grant[" + grantId + " on " + key + ", operations " + operations + "]";
    }

    /** Builds a {@link Grant}; key, grant ID, creation date and at least one operation are required. */
    public static final class Builder {
        private KeyReference key;
        private String grantId;
        private String name;
        private Instant creationDate;
        private String granteePrincipal;
        private String granteeServicePrincipal;
        private String retiringPrincipal;
        private String retiringServicePrincipal;
        private List<String> operations = List.of();
        private Constraints constraints;

        private Builder() {
        }

        public Builder key(KeyReference value) {
            this.key = value;
            return this;
        }

        public Builder grantId(String value) {
            this.grantId = value;
            return this;
        }

        public Builder name(String value) {
            this.name = value;
            return this;
        }

        public Builder creationDate(Instant value) {
            this.creationDate = value;
            return this;
        }

        public Builder granteePrincipal(String value) {
            this.granteePrincipal = value;
            return this;
        }

        public Builder granteeServicePrincipal(String value) {
            this.granteeServicePrincipal = value;
            return this;
        }

        public Builder retiringPrincipal(String value) {
            this.retiringPrincipal = value;
            return this;
        }

        public Builder retiringServicePrincipal(String value) {
            this.retiringServicePrincipal = value;
            return this;
        }

        public Builder operations(List<String> value) {
            this.operations = List.copyOf(new java.util.LinkedHashSet<>(value));
            return this;
        }

        public Builder constraints(Constraints value) {
            this.constraints = value;
            return this;
        }

        public Grant build() {
            return new Grant(this);
        }
    }
}
