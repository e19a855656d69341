package dev.meridian.core;

import dev.meridian.model.Tag;
import java.util.List;

/** The new replica, its policy, and its tags (null when the request gave none). */
public record ReplicateKeyResult(KeyView replica, String policy, List<Tag> tags) {
}
