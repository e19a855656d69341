package dev.meridian.model;

import java.util.regex.Pattern;

/**
 * An AWS Region name such as {@code us-east-1}. Immutable; always well-formed (the service model's
 * {@code RegionType} pattern); the partition follows from the name.
 */
public record Region(String name) implements Comparable<Region> {
    private static final Pattern FORMAT = Pattern.compile("([a-z]+-){2,3}\\d+");

    public Region {
        if (name == null || !FORMAT.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a Region name: " + name);
        }
    }

    public static Region of(String name) {
        return new Region(name);
    }

    public static boolean isWellFormed(String name) {
        return name != null && FORMAT.matcher(name).matches();
    }

    public Partition partition() {
        return Partition.ofRegion(name);
    }

    @Override
    public int compareTo(Region other) {
        return name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return name;
    }
}
