package dev.meridian.policy;

import dev.meridian.model.Principal;
import java.util.Objects;

/**
 * One question put to a policy: may {@code principal} perform {@code action} on {@code resource}, given the
 * request's {@code conditions}? Immutable.
 *
 * @param principal who asks (a key policy's or trust policy's {@code Principal} is matched against it)
 * @param action the action in IAM's form, {@code service:Operation} ({@code kms:Encrypt}, {@code sts:AssumeRole})
 * @param resource the ARN of the resource ({@code arn:aws:kms:REGION:ACCOUNT:key/ID}, an alias ARN, a role ARN),
 *     or {@code *} for an operation on no resource ({@code kms:CreateKey}, {@code kms:ListKeys})
 * @param conditions the values of the condition keys for this request ({@code kms:*}, {@code aws:*})
 */
public record AccessRequest(Principal principal, String action, String resource, ConditionContext conditions) {
    public AccessRequest {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(conditions, "conditions");
    }
}
