package dev.meridian.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The keys the core resolved for one request, as it reports them: for each key name the request gave (key ID,
 * key ARN, alias name or alias ARN) and the Region it was resolved in, the ARN of the existing key it named. The
 * audit trail reads it to name a request's resources instead of resolving the names again. Append-only and
 * thread-safe (an operation may run on an event loop, then again on a worker); a request has a handful of entries.
 */
public final class ResolvedKeys {
    /** For contexts that are not a client's request (the core's own work, tests): remembers nothing. */
    static final ResolvedKeys NONE = new ResolvedKeys(false);

    private final boolean remembering;
    /** Made on the first key resolved (most requests name one key; some none). Guarded by {@code this}. */
    private List<Entry> entries;

    private record Entry(Region region, String keyName, String keyArn) {
    }

    private ResolvedKeys(boolean remembering) {
        this.remembering = remembering;
    }

    /** An empty account, for one request. */
    public static ResolvedKeys forRequest() {
        return new ResolvedKeys(true);
    }

    /** Notes that {@code keyName}, given in {@code region}, named the existing key {@code keyArn}. */
    public void resolved(Region region, String keyName, String keyArn) {
        if (!remembering) {
            return;
        }
        synchronized (this) {
            if (entries == null) {
                entries = new ArrayList<>(2);
            }
            if (arnOf(region, keyName) == null) {
                entries.add(new Entry(region, keyName, keyArn));
            }
        }
    }

    /** The ARN of the key {@code keyName} named in {@code region} when the core resolved it; null if it did not. */
    public synchronized String arnOf(Region region, String keyName) {
        if (entries != null) {
            for (Entry entry : entries) {
                if (entry.region().equals(region) && entry.keyName().equals(keyName)) {
                    return entry.keyArn();
                }
            }
        }
        return null;
    }

    @Override
    public synchronized String toString() {
        return "ResolvedKeys" + (entries == null ? List.of() : entries);
    }
}
