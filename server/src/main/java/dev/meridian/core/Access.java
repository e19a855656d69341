package dev.meridian.core;

import dev.meridian.policy.ConditionContext;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One permission a request needs, as the core asks {@link AccessControl} for it: the action ({@code kms:Encrypt},
 * {@code kms:ReEncryptFrom}, ...) and the condition keys that come from the request's own parameters
 * ({@code kms:EncryptionAlgorithm}, {@code kms:EncryptionContext:NAME}, {@code kms:GrantOperations}, ...). The keys
 * of the caller and of the key the action is on are added by {@link ConditionKeys}. Immutable; each {@code with}
 * makes a new value.
 *
 * @param action the action in IAM's form, {@code kms:OPERATION}
 * @param requestConditions the condition keys of the request's parameters
 * @param encryptionContext the request's encryption context where the operation has one (empty when the request
 *     gave none), for the constraints of grants; null for an operation without an encryption context, for which
 *     constraints do not apply
 */
record Access(String action, ConditionContext requestConditions, Map<String, String> encryptionContext) {
    Access {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(requestConditions, "requestConditions");
        encryptionContext = encryptionContext == null ? null : Map.copyOf(encryptionContext);
    }

    /** The permission for {@code operation} ({@code Encrypt}, {@code ReEncryptFrom}), with no request condition yet. */
    static Access to(String operation) {
        return new Access("kms:" + operation, ConditionContext.EMPTY, null);
    }

    /** The operation's name: the action without its {@code kms:} prefix, as grants list operations. */
    String operation() {
        return action.substring("kms:".length());
    }

    /** The same with a single-valued condition key; a null value leaves the key out. */
    Access with(String key, String value) {
        return value == null ? this
                : new Access(action, requestConditions.toBuilder().put(key, value).build(), encryptionContext);
    }

    /** The same with a boolean condition key, as IAM writes booleans. */
    Access with(String key, boolean value) {
        return with(key, Boolean.toString(value));
    }

    /** The same with a multivalued condition key, present even with no value; a null list leaves it out. */
    Access withAll(String key, List<String> values) {
        return values == null ? this
                : new Access(action, requestConditions.toBuilder().putAll(key, values).build(), encryptionContext);
    }

    /** The same with a request's tags: {@code aws:RequestTag/KEY} for each, and {@code aws:TagKeys} (all keys). */
    Access withRequestTags(List<dev.meridian.model.Tag> tags) {
        if (tags == null) {
            return this;
        }
        ConditionContext.Builder builder = requestConditions.toBuilder();
        tags.forEach(tag -> builder.put("aws:RequestTag/" + tag.key(), tag.value()));
        builder.putAll("aws:TagKeys", tags.stream().map(dev.meridian.model.Tag::key).toList());
        return new Access(action, builder.build(), encryptionContext);
    }

    /**
     * The same with the request's encryption context (null: the request gave none): {@code kms:EncryptionContext:NAME}
     * for each pair and {@code kms:EncryptionContextKeys} (present only when there is a context), and the context for
     * the constraints of grants.
     */
    Access withEncryptionContext(Map<String, String> context) {
        Map<String, String> sorted = context == null ? Map.of() : new TreeMap<>(context);
        ConditionContext.Builder builder = requestConditions.toBuilder();
        sorted.forEach((name, value) -> builder.put("kms:EncryptionContext:" + name, value));
        if (!sorted.isEmpty()) {
            builder.putAll("kms:EncryptionContextKeys", List.copyOf(sorted.keySet()));
        }
        return new Access(action, builder.build(), sorted);
    }
}
