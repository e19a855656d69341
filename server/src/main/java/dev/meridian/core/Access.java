package dev.meridian.core;

import dev.meridian.model.Tag;
import dev.meridian.policy.ConditionContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One permission a request needs, as the core asks {@link AccessControl} for it: the action ({@code kms:Encrypt},
 * {@code kms:ReEncryptFrom}, ...) and the condition keys that come from the request's own parameters
 * ({@code kms:EncryptionAlgorithm}, {@code kms:EncryptionContext:NAME}, {@code kms:GrantOperations}, ...). The keys
 * of the caller and of the key the action is on are added by {@link ConditionKeys}. Immutable; each {@code with}
 * makes a new value in constant time, and the condition keys are laid out only when a policy is to read them
 * ({@link #requestConditions}), so that development mode, which reads none, pays nothing for them.
 */
final class Access {
    /**
     * A condition key with its values, or an encryption context to lay out as keys ({@code context} not null), in a
     * list that each {@code with} extends at its head.
     */
    private record Entry(String key, List<String> values, Map<String, String> context, Entry next) {
    }

    private static final String CONTEXT_KEY = "kms:EncryptionContext:";
    private static final String CONTEXT_KEYS = "kms:EncryptionContextKeys";
    /** Both names above in lower case: each starts with this. */
    private static final String LOWER_CASE_CONTEXT_KEY = "kms:encryptioncontext";
    private static final String LOWER_CASE_CONTEXT_KEYS = "kms:encryptioncontextkeys";

    private final String action;
    private final Entry entries;
    private final Map<String, String> encryptionContext;

    private Access(String action, Entry entries, Map<String, String> encryptionContext) {
        this.action = Objects.requireNonNull(action, "action");
        this.entries = entries;
        this.encryptionContext = encryptionContext;
    }

    /** The permission for {@code operation} ({@code Encrypt}, {@code ReEncryptFrom}), with no request condition yet. */
    static Access to(String operation) {
        return new Access("kms:" + operation, null, null);
    }

    /** The action in IAM's form, {@code kms:OPERATION}. */
    String action() {
        return action;
    }

    /** The operation's name: the action without its {@code kms:} prefix, as grants list operations. */
    String operation() {
        return action.substring("kms:".length());
    }

    /**
     * The request's encryption context where the operation has one (empty when the request gave none), for the
     * constraints of grants; null for an operation without an encryption context, for which constraints do not apply.
     */
    Map<String, String> encryptionContext() {
        return encryptionContext;
    }

    /** The condition keys of the request's parameters. */
    ConditionContext requestConditions() {
        ConditionContext.Builder builder = ConditionContext.builder();
        addTo(builder);
        return builder.build();
    }

    /** Adds the condition keys of the request's parameters to {@code builder}, in the order they were given. */
    void addTo(ConditionContext.Builder builder) {
        List<Entry> inOrder = new ArrayList<>();
        for (Entry entry = entries; entry != null; entry = entry.next()) {
            inOrder.add(entry);
        }
        Collections.reverse(inOrder);
        for (Entry entry : inOrder) {
            if (entry.context() == null) {
                builder.putAll(entry.key(), entry.values());
            } else if (!entry.context().isEmpty()) {
                TreeMap<String, String> sorted = new TreeMap<>(entry.context());
                sorted.forEach((name, value) -> builder.put(CONTEXT_KEY + name, value));
                builder.putAll(CONTEXT_KEYS, List.copyOf(sorted.keySet()));
            }
        }
    }

    /**
     * The values of the request's condition key {@code lowerCaseKey} (a name in lower case), or null when the request
     * has no such key: what {@link #requestConditions()} holds for it, found without laying the keys out (the last
     * entry given for a key wins, as there).
     */
    List<String> values(String lowerCaseKey) {
        for (Entry entry = entries; entry != null; entry = entry.next()) {
            List<String> values = entry.context() == null
                    ? ConditionKeys.names("", entry.key(), lowerCaseKey) ? entry.values() : null
                    : contextValues(entry.context(), lowerCaseKey);
            if (values != null) {
                return values;
            }
        }
        return null;
    }

    /**
     * {@code kms:EncryptionContextKeys} or a {@code kms:EncryptionContext:NAME} of an encryption context, as
     * {@link #addTo} lays them out: the names in order, the pairs in that order, so that of two names that differ only
     * in letter case the later one's value wins.
     */
    private static List<String> contextValues(Map<String, String> context, String lowerCaseKey) {
        if (context.isEmpty() || !lowerCaseKey.startsWith(LOWER_CASE_CONTEXT_KEY)) {
            return null;
        }
        if (lowerCaseKey.equals(LOWER_CASE_CONTEXT_KEYS)) {
            return ConditionKeys.sortedNames(context);
        }
        String found = null;
        String value = null;
        for (Map.Entry<String, String> pair : context.entrySet()) {
            if (pair.getValue() != null && (found == null || pair.getKey().compareTo(found) > 0)
                    && ConditionKeys.names(CONTEXT_KEY, pair.getKey(), lowerCaseKey)) {
                found = pair.getKey();
                value = pair.getValue();
            }
        }
        return value == null ? null : List.of(value);
    }

    /** The same with a single-valued condition key; a null value leaves the key out. */
    Access with(String key, String value) {
        return value == null ? this : new Access(action, new Entry(key, List.of(value), null, entries), encryptionContext);
    }

    /** The same with a boolean condition key, as IAM writes booleans. */
    Access with(String key, boolean value) {
        return with(key, Boolean.toString(value));
    }

    /** The same with a multivalued condition key, present even with no value; a null list leaves it out. */
    Access withAll(String key, List<String> values) {
        return values == null ? this
                : new Access(action, new Entry(key, List.copyOf(values), null, entries), encryptionContext);
    }

    /** The same with a request's tags: {@code aws:RequestTag/KEY} for each, and {@code aws:TagKeys} (all keys). */
    Access withRequestTags(List<Tag> tags) {
        if (tags == null) {
            return this;
        }
        Access access = this;
        for (Tag tag : tags) {
            access = access.with("aws:RequestTag/" + tag.key(), tag.value());
        }
        return access.withAll("aws:TagKeys", tags.stream().map(Tag::key).toList());
    }

    /**
     * The same with the request's encryption context (null: the request gave none): {@code kms:EncryptionContext:NAME}
     * for each pair and {@code kms:EncryptionContextKeys} (present only when there is a context), and the context for
     * the constraints of grants.
     */
    Access withEncryptionContext(Map<String, String> context) {
        // The request's own map, not copied: the core's callers never change a request's encryption context.
        Map<String, String> given = context == null ? Map.of() : Collections.unmodifiableMap(context);
        return new Access(action, new Entry(null, null, given, entries), given);
    }

    /** The same condition keys, without an encryption context for the constraints of grants. */
    Access withoutGrantConstraints() {
        return new Access(action, entries, null);
    }

    @Override
    public String toString() {
        return "Access[" + action + "]";
    }
}
