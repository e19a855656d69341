package dev.meridian.audit;

/**
 * A resource a recorded request touched, as CloudTrail's {@code resources} element shows it.
 *
 * @param arn the resource's ARN; for a name LookupEvents lists beside it ({@link AuditEvent#lookupResources()}:
 *     a key's bare ID), that name
 * @param accountId the account that owns it
 * @param type the CloudFormation-style type, {@code AWS::KMS::Key} for KMS keys
 */
public record AuditResource(String arn, String accountId, String type) {
    public static final String KMS_KEY = "AWS::KMS::Key";

    public AuditResource {
        if (arn == null || accountId == null || type == null) {
            throw new IllegalArgumentException("A resource has an ARN, an account and a type");
        }
    }

    /** A KMS key, by its key ARN ({@code arn:<partition>:kms:<region>:<account>:key/<id>}). */
    public static AuditResource kmsKey(String keyArn) {
        String[] parts = keyArn.split(":", 6);
        return new AuditResource(keyArn, parts[4], KMS_KEY);
    }

    /** The name LookupEvents shows as {@code ResourceName}: the ARN (or the bare key ID listed beside it). */
    public String name() {
        return arn;
    }
}
