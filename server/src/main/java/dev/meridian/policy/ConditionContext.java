package dev.meridian.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The request context of IAM's policy evaluation: each condition key present in a request
 * ({@code aws:SourceIp}, {@code kms:EncryptionContext:purpose}, {@code aws:TagKeys}...) with its values, as
 * strings, the way IAM compares them (an operator reads them as numbers, dates, booleans, ARNs or addresses).
 * A single-valued key has one value; a multivalued key ({@code kms:EncryptionContextKeys}, {@code aws:TagKeys},
 * {@code kms:GrantOperations}, {@code kms:ResourceAliases}) has any number, possibly none. A key that is absent
 * is not in the context at all ({@code Null} and {@code ...IfExists} tell the two apart).
 *
 * <p>Condition key names compare without regard to letter case, as in IAM; the part after the prefix of a
 * key with a name in it ({@code kms:EncryptionContext:NAME}, {@code aws:ResourceTag/NAME}) keeps its case in
 * the stored name, and the evaluator decides how to match it. Immutable.
 */
public final class ConditionContext {
    /** A context with no condition key at all. */
    public static final ConditionContext EMPTY = new ConditionContext(Map.of());

    private final Map<String, List<String>> values;

    private ConditionContext(Map<String, List<String>> values) {
        this.values = values;
    }

    public static Builder builder() {
        return new Builder(new LinkedHashMap<>());
    }

    /** A builder holding this context's keys, to which more can be added. */
    public Builder toBuilder() {
        return new Builder(new LinkedHashMap<>(values));
    }

    /** The values of {@code key} (any letter case), or null when the request has no such key. */
    public List<String> values(String key) {
        return values.get(key.toLowerCase(Locale.ROOT));
    }

    /** Whether the request has {@code key}, with or without values. */
    public boolean contains(String key) {
        return values.containsKey(key.toLowerCase(Locale.ROOT));
    }

    /** Every key (in lower case) with its values, in the order they were added. */
    public Map<String, List<String>> asMap() {
        return Collections.unmodifiableMap(values);
    }

    @Override
    public String toString() {
        return "ConditionContext" + values.keySet();
    }

    /** Collects condition keys; a key set twice keeps the last values. */
    public static final class Builder {
        private final Map<String, List<String>> values;

        private Builder(Map<String, List<String>> values) {
            this.values = values;
        }

        /** A single-valued key; a null value leaves the key out. */
        public Builder put(String key, String value) {
            if (value != null) {
                values.put(key.toLowerCase(Locale.ROOT), List.of(value));
            }
            return this;
        }

        /** A multivalued key, present even with no value; a null list leaves the key out. */
        public Builder putAll(String key, List<String> keyValues) {
            if (keyValues != null) {
                values.put(key.toLowerCase(Locale.ROOT), List.copyOf(keyValues));
            }
            return this;
        }

        public ConditionContext build() {
            return values.isEmpty() ? EMPTY : new ConditionContext(Map.copyOf(values));
        }
    }
}
