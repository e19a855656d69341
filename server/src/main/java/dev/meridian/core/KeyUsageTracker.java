package dev.meridian.core;

import dev.meridian.model.KeyLastUsage;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyReference;
import dev.meridian.model.RequestContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last successful cryptographic use of each Region's key, for GetKeyLastUsage.
 *
 * <p>On the request path, {@link #record} costs one map read and one volatile write per key: no lock, no
 * store access. {@link #flush} writes the uses recorded since the last flush to the store in one
 * transaction; the core calls it every {@link #FLUSH_PERIOD} from the due-work scheduler, and once more at
 * shutdown. What a crash can lose: the uses of the last flush period at most, and then GetKeyLastUsage
 * reports the use before them (or none). A dry run records nothing. Usage is per Region: a replica
 * tracks its own. Thread-safe.
 */
public final class KeyUsageTracker {
    static final Duration FLUSH_PERIOD = Duration.ofSeconds(5);
    private final KeyRegistry registry;
    private final Clock clock;
    private final KeyResolver resolver;
    private final Map<KeyReference, Cell> cells = new ConcurrentHashMap<>();

    /**
     * What GetKeyLastUsage answers: the key, its creation date, the date tracking began for it (its
     * creation: Meridian has tracked every key since it was made), and its last use, null when none.
     */
    public record Report(KeyReference key, Instant keyCreationDate, Instant trackingStartDate, KeyLastUsage lastUsage) {
    }

    /** One key's last use: {@code current} is written by requests, {@code persisted} only by the flush. */
    private static final class Cell {
        volatile KeyLastUsage current;
        KeyLastUsage persisted;

        Cell(KeyLastUsage usage, boolean persisted) {
            this.current = usage;
            this.persisted = persisted ? usage : null;
        }
    }

    KeyUsageTracker(KeyRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        this.resolver = new KeyResolver(registry);
        for (KeyLastUsage usage : registry.loadedLastUsages()) {
            cells.put(usage.key(), new Cell(usage, true));
        }
    }

    /** Notes that {@code operation} just succeeded with {@code key}; nothing in a dry run. */
    void record(KeyReference key, String operation, RequestContext caller) {
        if (DryRun.active()) {
            return;
        }
        KeyLastUsage usage = new KeyLastUsage(key, operation, clock.instant(), caller.requestId(), caller.auditEventId());
        Cell cell = cells.get(key);
        if (cell == null) {
            cell = cells.computeIfAbsent(key, ignored -> new Cell(usage, false));
        }
        cell.current = usage;
    }

    /** GetKeyLastUsage: a key named by ID or ARN (not an alias), in any state. */
    public Report getKeyLastUsage(RequestContext caller, String keyId) {
        KeyRecord key = resolver.resolve(caller, keyId, KeyResolver.AliasNames.REFUSED, Access.to("GetKeyLastUsage")).record();
        return new Report(key.reference(), key.creationDate(), key.creationDate(), lastUsage(key.reference()));
    }

    /** The last use of a key, or null when it has none since tracking began. */
    KeyLastUsage lastUsage(KeyReference key) {
        Cell cell = cells.get(key);
        return cell == null ? null : cell.current;
    }

    /** Forgets every use recorded (a reset: the keys are gone). */
    void clear() {
        cells.clear();
    }

    /** Writes the uses not yet stored; forgets the keys that no longer exist. Returns how many it wrote. */
    int flush() {
        List<Map.Entry<KeyReference, Cell>> changed = new ArrayList<>();
        for (Map.Entry<KeyReference, Cell> entry : cells.entrySet()) {
            if (registry.find(entry.getKey()) == null) {
                cells.remove(entry.getKey());
            } else if (entry.getValue().current != entry.getValue().persisted) {
                changed.add(entry);
            }
        }
        if (changed.isEmpty()) {
            return 0;
        }
        List<KeyLastUsage> written = new ArrayList<>();
        registry.write(mutation -> {
            for (Map.Entry<KeyReference, Cell> entry : changed) {
                KeyLastUsage usage = entry.getValue().current;
                mutation.putKeyLastUsage(usage);
                written.add(usage);
            }
            return null;
        });
        for (int i = 0; i < changed.size(); i++) {
            changed.get(i).getValue().persisted = written.get(i);
        }
        return written.size();
    }
}
