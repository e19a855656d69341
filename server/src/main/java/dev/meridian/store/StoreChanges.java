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
 */
public record StoreChanges(long position, List<StoreChange> changes, Optional<StoreContents> reload) {
    public StoreChanges {
        changes = List.copyOf(changes);
        Objects.requireNonNull(reload, "reload");
        if (reload.isPresent() && !changes.isEmpty()) {
            throw new IllegalArgumentException("A reload has no separate changes");
        }
    }

    /** Nothing changed after {@code position}. */
    public static StoreChanges none(long position) {
        return new StoreChanges(position, List.of(), Optional.empty());
    }

    /** These changes bring a copy to {@code position}. */
    public static StoreChanges of(long position, List<StoreChange> changes) {
        return new StoreChanges(position, changes, Optional.empty());
    }

    /** The copy must be replaced by {@code contents}. */
    public static StoreChanges reload(StoreContents contents) {
        return new StoreChanges(contents.position(), List.of(), Optional.of(contents));
    }

    /** Whether there is nothing to apply. */
    public boolean isEmpty() {
        return changes.isEmpty() && reload.isEmpty();
    }
}
