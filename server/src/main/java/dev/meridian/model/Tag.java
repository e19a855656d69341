package dev.meridian.model;

/** A resource tag. Keys and values are case-sensitive. */
public record Tag(String key, String value) {
    public Tag {
        if (key == null || value == null) {
            throw new IllegalArgumentException("A tag has a key and a value");
        }
    }
}
