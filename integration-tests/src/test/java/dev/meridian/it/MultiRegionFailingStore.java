package dev.meridian.it;

import dev.meridian.store.ForwardingStore;
import dev.meridian.store.Store;
import dev.meridian.store.StoreBatch;
import dev.meridian.store.StoreContents;
import dev.meridian.store.StoreException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * A fake {@link Store} for the multi-Region tests: it passes everything to the real store, except that,
 * once armed, it refuses the next commit whose batch matches, as a real store refuses a commit (a
 * {@link StoreException}, nothing applied). Thread-safe.
 */
final class MultiRegionFailingStore extends ForwardingStore {
    private final AtomicReference<Predicate<StoreBatch>> armed = new AtomicReference<>();

    MultiRegionFailingStore(Store delegate) {
        super(delegate);
    }

    /** Makes the next commit whose batch matches {@code batches} fail, once. */
    void failNextCommit(Predicate<StoreBatch> batches) {
        armed.set(batches);
    }

    /** Whether the armed failure is still waiting for its commit. */
    boolean isArmed() {
        return armed.get() != null;
    }

    @Override
    protected void beforeCommit(StoreBatch batch) {
        Predicate<StoreBatch> failure = armed.get();
        if (failure != null && failure.test(batch) && armed.compareAndSet(failure, null)) {
            throw new StoreException("Injected commit failure", null);
        }
    }
}
