package dev.meridian.core;

import dev.meridian.policy.IdentityPolicies;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the core. Their defaults and ranges live in one place, the application's
 * {@code ServerConfiguration}, which checks them and makes these. {@code attestationRoot} is the root
 * certificate that the attestation documents of a {@code Recipient} must chain to, empty for AWS's Nitro Enclaves
 * root ({@link dev.meridian.crypto.attestation.AttestationDocumentVerifier#awsNitroEnclaves()}). {@code authorization} says
 * whether policies and grants are enforced ({@link AccessControl.Mode}), {@code identityPolicies} where the
 * callers' identity (IAM) policies come from in strict mode.
 */
public record ServiceSettings(Duration replicationDelay, int keyLimitPerRegion, int grantLimitPerKey,
        Optional<X509Certificate> attestationRoot, boolean developmentMode, AccessControl.Mode authorization,
        IdentityPolicies identityPolicies) {
    public ServiceSettings {
        Objects.requireNonNull(replicationDelay, "replicationDelay");
        Objects.requireNonNull(attestationRoot, "attestationRoot");
        Objects.requireNonNull(authorization, "authorization");
        Objects.requireNonNull(identityPolicies, "identityPolicies");
    }

    /**
     * Settings named one by one. The limits are required; the rest starts as development mode has it: AWS's
     * attestation root, a reset allowed, nothing enforced but the cross-account rule, no identity policies.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects the settings by name; {@link #build()} requires the limits. */
    public static final class Builder {
        private Duration replicationDelay;
        private Integer keyLimitPerRegion;
        private Integer grantLimitPerKey;
        private Optional<X509Certificate> attestationRoot = Optional.empty();
        private boolean developmentMode = true;
        private AccessControl.Mode authorization = AccessControl.Mode.DEVELOPMENT;
        private IdentityPolicies identityPolicies = IdentityPolicies.NONE;

        private Builder() {
        }

        /** How long a replica (or a change to one) takes to appear in its Region. */
        public Builder replicationDelay(Duration value) {
            this.replicationDelay = value;
            return this;
        }

        /** Keys per account and Region. */
        public Builder keyLimitPerRegion(int value) {
            this.keyLimitPerRegion = value;
            return this;
        }

        /** Grants per key. */
        public Builder grantLimitPerKey(int value) {
            this.grantLimitPerKey = value;
            return this;
        }

        /** The root a {@code Recipient}'s attestation document must chain to; empty for AWS's Nitro Enclaves root. */
        public Builder attestationRoot(Optional<X509Certificate> value) {
            this.attestationRoot = value;
            return this;
        }

        /** Whether the server is in development mode: a reset may wipe every key and record. */
        public Builder developmentMode(boolean value) {
            this.developmentMode = value;
            return this;
        }

        /** Whether key policies, grants and identity policies are enforced. */
        public Builder authorization(AccessControl.Mode value) {
            this.authorization = value;
            return this;
        }

        /** Where strict mode finds the callers' identity (IAM) policies. */
        public Builder identityPolicies(IdentityPolicies value) {
            this.identityPolicies = value;
            return this;
        }

        /** The settings; a limit not given is a {@link NullPointerException} naming it. */
        public ServiceSettings build() {
            return new ServiceSettings(replicationDelay, Objects.requireNonNull(keyLimitPerRegion, "keyLimitPerRegion"),
                    Objects.requireNonNull(grantLimitPerKey, "grantLimitPerKey"), attestationRoot,
                    developmentMode, authorization, identityPolicies);
        }
    }
}
