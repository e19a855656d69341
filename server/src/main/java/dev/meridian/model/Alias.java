package dev.meridian.model;

import java.time.Instant;

/**
 * An alias ({@code alias/name}) of one key, in one account and Region.
 *
 * <p>Every stored alias has a target and its dates. Only a predefined AWS alias ({@code alias/aws/<service>})
 * whose AWS managed key does not exist yet, as ListAliases shows it, has neither: {@link #predefined}.
 */
public record Alias(AccountId account, Region region, String name, KeyId targetKeyId, Instant creationDate,
        Instant lastUpdatedDate) {

    /** A predefined AWS alias whose key AWS has not made yet: no target, no dates. */
    public static Alias predefined(AccountId account, Region region, String name) {
        return new Alias(account, region, name, null, null, null);
    }

    /** Whether the alias names a key; false only for a {@link #predefined} one. */
    public boolean hasTarget() {
        return targetKeyId != null;
    }

    public String arn() {
        return "arn:" + region.partition().arnName() + ":kms:" + region + ":" + account + ":" + name;
    }

    public Alias retarget(KeyId newTarget, Instant now) {
        return new Alias(account, region, name, newTarget, creationDate, now);
    }
}
