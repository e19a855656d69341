package dev.meridian.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

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
 * the stored name, and the evaluator decides how to match it.
 *
 * <p>A context is either built whole ({@link #builder()}: every key laid out in a map) or looked up ({@link #of}:
 * each key's values computed when a policy asks for them, so that a request pays only for the keys its policies
 * name). Immutable, or, for a looked-up context, as immutable as its {@link Lookup}.
 */
public final class ConditionContext {
    /** A context with no condition key at all. */
    public static final ConditionContext EMPTY = new ConditionContext(Map.of(), null);

    /**
     * The values of the condition keys of one request, computed on demand: {@link #values(String)} is called with
     * a key name in lower case ({@link Locale#ROOT}) and answers its values, or null when the request has no such
     * key. It answers the same for the same name each time, and may be called from the thread that evaluates only.
     */
    @FunctionalInterface
    public interface Lookup {
        /** The values of {@code lowerCaseKey}, or null when the request does not have it. */
        List<String> values(String lowerCaseKey);
    }

    private final Map<String, List<String>> values;
    private final Lookup lookup;

    private ConditionContext(Map<String, List<String>> values, Lookup lookup) {
        this.values = values;
        this.lookup = lookup;
    }

    /** A context whose keys {@code lookup} computes when they are read; nothing is computed before. */
    public static ConditionContext of(Lookup lookup) {
        return new ConditionContext(null, Objects.requireNonNull(lookup, "lookup"));
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
        // Lower-casing a name already in lower case (as conditions store them) copies nothing.
        String lowerCaseKey = key.toLowerCase(Locale.ROOT);
        return lookup != null ? lookup.values(lowerCaseKey) : values.get(lowerCaseKey);
    }

    /** Whether the request has {@code key}, with or without values. */
    public boolean contains(String key) {
        return lookup != null ? values(key) != null : values.containsKey(key.toLowerCase(Locale.ROOT));
    }

    /**
     * Every key (in lower case) with its values, in the order they were added, of a context built whole;
     * {@link UnsupportedOperationException} for a looked-up one, whose keys are not known in advance.
     */
    public Map<String, List<String>> asMap() {
        if (lookup != null) {
            throw new UnsupportedOperationException("A looked-up condition context has no list of keys");
        }
        return Collections.unmodifiableMap(values);
    }

    @Override
    public String toString() {
        return lookup != null ? "ConditionContext[looked up]" : "ConditionContext" + values.keySet();
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
            return values.isEmpty() ? EMPTY : new ConditionContext(Map.copyOf(values), null);
        }
    }
}
