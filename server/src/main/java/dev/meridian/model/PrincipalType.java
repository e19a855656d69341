package dev.meridian.model;

/**
 * The kinds of principal that can make a request, as IAM tells them apart ({@code aws:PrincipalType}) and
 * CloudTrail's {@code userIdentity.type} shows them.
 */
public enum PrincipalType {
    /** An account's root user: {@code arn:aws:iam::ACCOUNT:root}. */
    ROOT,
    /** An IAM user: {@code arn:aws:iam::ACCOUNT:user/PATH/NAME}. */
    IAM_USER,
    /** A session of an assumed role: {@code arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION}. */
    ASSUMED_ROLE,
    /** An AWS service acting on its own (KMS's own work). */
    AWS_SERVICE
}
