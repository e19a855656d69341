package dev.meridian.wire.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One shape of the service model, fully resolved: member and element shapes are {@code Shape} objects, the
 * pattern is compiled and the texts of constraint violations are prepared when the model loads, so that
 * validating a request allocates nothing for constraints that hold.
 *
 * <p>Immutable and thread-safe: every field is final and every collection is unmodifiable. Instances are made
 * only by the model loader.
 */
public final class Shape {

    private final String name;
    private final ShapeType type;
    private final List<ShapeMember> members;
    private final Map<String, ShapeMember> membersByName;
    private final Set<String> requiredMemberNames;
    private final List<String> enumValues;
    private final Set<String> enumValueSet;
    private final Optional<Pattern> pattern;
    private final boolean sensitive;
    private final boolean exception;
    private final Shape listMember;
    private final Shape mapKey;
    private final Shape mapValue;

    /** Read directly by the validator, which lives in this package, to avoid boxing on the hot path. */
    final ShapeMember[] memberArray;
    final boolean hasMinimum;
    final long minimumValue;
    final boolean hasMaximum;
    final long maximumValue;
    final Pattern compiledPattern;
    final String minimumConstraintText;
    final String maximumConstraintText;
    final String patternConstraintText;
    final String enumConstraintText;

    private Shape(Builder builder) {
        this.name = Objects.requireNonNull(builder.name, "name");
        this.type = Objects.requireNonNull(builder.type, "type");
        this.members = List.copyOf(builder.members);
        this.memberArray = this.members.toArray(new ShapeMember[0]);
        Map<String, ShapeMember> byName = new LinkedHashMap<>();
        Set<String> required = new LinkedHashSet<>();
        for (ShapeMember member : this.members) {
            byName.put(member.name(), member);
            if (member.required()) {
                required.add(member.name());
            }
        }
        this.membersByName = Collections.unmodifiableMap(byName);
        this.requiredMemberNames = Collections.unmodifiableSet(required);
        this.enumValues = List.copyOf(builder.enumValues);
        this.enumValueSet = Set.copyOf(builder.enumValues);
        this.compiledPattern = builder.pattern;
        this.pattern = Optional.ofNullable(builder.pattern);
        this.sensitive = builder.sensitive;
        this.exception = builder.exception;
        this.listMember = builder.listMember;
        this.mapKey = builder.mapKey;
        this.mapValue = builder.mapValue;
        this.hasMinimum = builder.minimum != null;
        this.minimumValue = hasMinimum ? builder.minimum : Long.MIN_VALUE;
        this.hasMaximum = builder.maximum != null;
        this.maximumValue = hasMaximum ? builder.maximum : Long.MAX_VALUE;

        String measure = (type == ShapeType.INTEGER || type == ShapeType.LONG) ? "value" : "length";
        this.minimumConstraintText = "Member must have " + measure + " greater than or equal to " + minimumValue;
        this.maximumConstraintText = "Member must have " + measure + " less than or equal to " + maximumValue;
        this.patternConstraintText = compiledPattern == null
                ? null
                : "Member must satisfy regular expression pattern: " + compiledPattern.pattern();
        this.enumConstraintText = "Member must satisfy enum value set: [" + String.join(", ", enumValues) + "]";
        checkConsistency();
    }

    private void checkConsistency() {
        boolean isList = type == ShapeType.LIST;
        boolean isMap = type == ShapeType.MAP;
        if (isList != (listMember != null)) {
            throw new IllegalArgumentException("Shape " + name + ": a list member shape belongs to list shapes only");
        }
        if (isMap != (mapKey != null) || isMap != (mapValue != null)) {
            throw new IllegalArgumentException("Shape " + name + ": key and value shapes belong to map shapes only");
        }
        if (!members.isEmpty() && type != ShapeType.STRUCTURE) {
            throw new IllegalArgumentException("Shape " + name + ": members belong to structure shapes only");
        }
    }

    /** Returns the shape name as in the model, for example {@code EncryptRequest}. */
    public String name() {
        return name;
    }

    /** Returns the kind of shape. */
    public ShapeType type() {
        return type;
    }

    /** Returns the members of a structure in model order; empty for other shapes. */
    public List<ShapeMember> members() {
        return members;
    }

    /**
     * Returns the member of a structure with the given wire name.
     *
     * @param memberName the member name as in the model, for example {@code KeyId}
     * @return the member, or empty if the structure has no such member
     */
    public Optional<ShapeMember> member(String memberName) {
        return Optional.ofNullable(membersByName.get(memberName));
    }

    /** Returns the names of the required members of a structure, in model member order. */
    public Set<String> requiredMemberNames() {
        return requiredMemberNames;
    }

    /** Returns the model's {@code min}: a length for strings, blobs, lists and maps, a value for numbers. */
    public OptionalLong minimum() {
        return hasMinimum ? OptionalLong.of(minimumValue) : OptionalLong.empty();
    }

    /** Returns the model's {@code max}: a length for strings, blobs, lists and maps, a value for numbers. */
    public OptionalLong maximum() {
        return hasMaximum ? OptionalLong.of(maximumValue) : OptionalLong.empty();
    }

    /** Returns the compiled pattern of a string shape; its {@link Pattern#pattern()} is the text of the model. */
    public Optional<Pattern> pattern() {
        return pattern;
    }

    /** Returns the allowed values of an enum string shape in model order; empty when the shape is no enum. */
    public List<String> enumValues() {
        return enumValues;
    }

    /**
     * Tells whether a value belongs to the enum value set of this shape.
     *
     * @param value a candidate value
     * @return true if this shape is an enum that contains the value
     */
    public boolean isEnumValue(String value) {
        return enumValueSet.contains(value);
    }

    /** Tells whether the model marks this shape as sensitive, so its values must never be printed. */
    public boolean sensitive() {
        return sensitive;
    }

    /** Tells whether this structure is an error shape ({@code "exception": true}). */
    public boolean exception() {
        return exception;
    }

    /** Returns the element shape of a list shape; empty for other shapes. */
    public Optional<Shape> listMember() {
        return Optional.ofNullable(listMember);
    }

    /** Returns the key shape of a map shape; empty for other shapes. */
    public Optional<Shape> mapKey() {
        return Optional.ofNullable(mapKey);
    }

    /** Returns the value shape of a map shape; empty for other shapes. */
    public Optional<Shape> mapValue() {
        return Optional.ofNullable(mapValue);
    }

    Shape listMemberShape() {
        return listMember;
    }

    Shape mapKeyShape() {
        return mapKey;
    }

    Shape mapValueShape() {
        return mapValue;
    }

    boolean hasEnum() {
        return !enumValues.isEmpty();
    }

    @Override
    public String toString() {
        return "Shape[" + name + ", " + type.modelName() + "]";
    }

    /** Collects the parts of a shape while the model loads; not thread-safe, used by one loading thread. */
    static final class Builder {
        private final String name;
        private final ShapeType type;
        private final List<ShapeMember> members = new ArrayList<>();
        private final List<String> enumValues = new ArrayList<>();
        private Long minimum;
        private Long maximum;
        private Pattern pattern;
        private boolean sensitive;
        private boolean exception;
        private Shape listMember;
        private Shape mapKey;
        private Shape mapValue;

        Builder(String name, ShapeType type) {
            this.name = name;
            this.type = type;
        }

        Builder addMember(ShapeMember member) {
            members.add(member);
            return this;
        }

        Builder addEnumValue(String value) {
            enumValues.add(value);
            return this;
        }

        Builder minimum(long value) {
            this.minimum = value;
            return this;
        }

        Builder maximum(long value) {
            this.maximum = value;
            return this;
        }

        Builder pattern(Pattern value) {
            this.pattern = value;
            return this;
        }

        Builder sensitive(boolean value) {
            this.sensitive = value;
            return this;
        }

        Builder exception(boolean value) {
            this.exception = value;
            return this;
        }

        Builder listMember(Shape value) {
            this.listMember = value;
            return this;
        }

        Builder mapKeyAndValue(Shape key, Shape value) {
            this.mapKey = key;
            this.mapValue = value;
            return this;
        }

        Shape build() {
            return new Shape(this);
        }
    }
}
