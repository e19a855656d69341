package dev.meridian.core;

import dev.meridian.model.AccountId;
import dev.meridian.model.Region;

/**
 * Who makes a request and where: the caller's account and principal, and the Region the request was
 * signed for; for a request, also its request ID and audit record ID. The wire derives it from the
 * request's signature; the core trusts it.
 */
public record Caller(AccountId account, Region region, String principalArn, String requestId, String auditEventId) {
    public Caller {
        if (account == null || region == null || principalArn == null) {
            throw new IllegalArgumentException("A caller has an account, a Region and a principal");
        }
    }

    /** A caller whose request is not identified (the core's own work, tests). */
    public Caller(AccountId account, Region region, String principalArn) {
        this(account, region, principalArn, null, null);
    }

    /**
     * The same caller, for one identified request: the request ID the response carries and the ID of the
     * request's audit record, which GetKeyLastUsage reports for the last use of a key.
     */
    public Caller withRequest(String newRequestId, String newAuditEventId) {
        return new Caller(account, region, principalArn, newRequestId, newAuditEventId);
    }

    /** The account's root principal, as IAM names it. */
    public static Caller root(AccountId account, Region region) {
        return new Caller(account, region, "arn:" + region.partition().arnName() + ":iam::" + account + ":root");
    }

    public String arnPrefix() {
        return "arn:" + region.partition().arnName() + ":kms:" + region + ":" + account + ":";
    }
}
