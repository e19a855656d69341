package dev.meridian.core;

import java.util.List;

/**
 * One page of a listing: the items, and the marker for the next page, null when this is the last one.
 */
public record Page<T>(List<T> items, String nextMarker) {
    public Page {
        items = List.copyOf(items);
    }

    public boolean truncated() {
        return nextMarker != null;
    }
}
