package dev.meridian.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What changed in a store between two positions, as changes to apply to a copy in memory, in order; or, when the
 * store no longer knows each change (its log was pruned past the copy's position, or everything was deleted), the
 * whole contents at {@link #position} to replace the copy with.
 *
 * @param position the store's position these changes bring a copy to
 * @param changes the changes, in order; empty when {@code reload} is present
 * @param reload the whole contents, when the copy must be replaced
 * @param rewound whether the store went back to an earlier state than the copy's (a database restored from a
 *        backup): {@code reload} then replaces the copy although its position is lower than the copy's
 */
public record StoreChanges(long position, List<StoreChange> changes, Optional<StoreContents> reload, boolean rewound) {
    public StoreChanges {
        changes = List.copyOf(changes);
        Objects.requireNonNull(reload, "reload");
        if (reload.isPresent() && !changes.isEmpty()) {
            throw new IllegalArgumentException("A reload has no separate changes");
        }
        if (rewound && reload.isEmpty()) {
            throw new IllegalArgumentException("A store that went back reloads the copy");
        }
    }

    /** Nothing changed after {@code position}. */
    public static StoreChanges none(long position) {
        return new StoreChanges(position, List.of(), Optional.empty(), false);
    }

    /** These changes bring a copy to {@code position}. */
    public static StoreChanges of(long position, List<StoreChange> changes) {
        return new StoreChanges(position, changes, Optional.empty(), false);
    }

    /** The copy must be replaced by {@code contents}. */
    public static StoreChanges reload(StoreContents contents) {
        return new StoreChanges(contents.position(), List.of(), Optional.of(contents), false);
    }

    /** The store went back to {@code contents}, earlier than the copy: the copy must be replaced by them all the same. */
    public static StoreChanges rewound(StoreContents contents) {
        return new StoreChanges(contents.position(), List.of(), Optional.of(contents), true);
    }

    /** Whether there is nothing to apply. */
    public boolean isEmpty() {
        return changes.isEmpty() && reload.isEmpty();
    }
}
