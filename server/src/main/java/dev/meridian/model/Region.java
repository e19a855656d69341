package dev.meridian.model;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * An AWS Region name such as {@code us-east-1}. Immutable; always well-formed (the service model's
 * {@code RegionType} pattern); the partition follows from the name.
 */
public record Region(String name) implements Comparable<Region> {
    private static final Pattern FORMAT = Pattern.compile("([a-z]+-){2,3}\\d+");
    private static final int MAXIMUM_KNOWN = 1024;
    private static final Map<String, Region> KNOWN = new ConcurrentHashMap<>();

    public Region {
        if (name == null || !FORMAT.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a Region name: " + name);
        }
    }

    /** The Region of {@code name}; instances of the Regions seen so far are reused (a bounded number). */
    public static Region of(String name) {
        Region known = KNOWN.get(name);
        if (known != null) {
            return known;
        }
        Region region = new Region(name);
        if (KNOWN.size() < MAXIMUM_KNOWN) {
            KNOWN.putIfAbsent(name, region);
        }
        return region;
    }

    public static boolean isWellFormed(String name) {
        return name != null && (KNOWN.containsKey(name) || FORMAT.matcher(name).matches());
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
