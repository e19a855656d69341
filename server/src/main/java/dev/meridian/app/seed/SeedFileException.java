package dev.meridian.app.seed;

/**
 * A seed file that cannot be read: missing, not YAML, or not a seed (an unknown field, a value of the wrong form).
 * Its message is one line naming the place, e.g. {@code seed.yaml line 12, column 7 (keys[2].material[0].hex): not
 * hex}; it never quotes key material.
 */
public final class SeedFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SeedFileException(String message) {
        super(message);
    }

    SeedFileException(SeedNode node, String problem) {
        super(node.place() + ": " + problem);
    }
}
