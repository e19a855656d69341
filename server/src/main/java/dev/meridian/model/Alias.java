package dev.meridian.model;

import java.time.Instant;

/** An alias ({@code alias/name}) of one key, in one account and Region. */
public record Alias(AccountId account, Region region, String name, KeyId targetKeyId, Instant creationDate,
        Instant lastUpdatedDate) {

    public String arn() {
        return "arn:" + region.partition().arnName() + ":kms:" + region + ":" + account + ":" + name;
    }

    public Alias retarget(KeyId newTarget, Instant now) {
        return new Alias(account, region, name, newTarget, creationDate, now);
    }
}
