package dev.meridian.core;

import dev.meridian.model.AccountId;
import dev.meridian.model.Region;

/**
 * Who makes a request and where: the caller's account and principal, and the Region the request was
 * signed for. The wire derives it from the request's signature; the core trusts it.
 */
public record Caller(AccountId account, Region region, String principalArn) {
    public Caller {
        if (account == null || region == null || principalArn == null) {
            throw new IllegalArgumentException("A caller has an account, a Region and a principal");
        }
    }

    /** The account's root principal, as IAM names it. */
    public static Caller root(AccountId account, Region region) {
        return new Caller(account, region, "arn:" + region.partition().arnName() + ":iam::" + account + ":root");
    }

    public String arnPrefix() {
        return "arn:" + region.partition().arnName() + ":kms:" + region + ":" + account + ":";
    }
}
