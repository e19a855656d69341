package dev.meridian.store;

/**
 * A store in front of another, forwarding everything: how a test puts a store that fails, holds or records commits
 * in front of the real one ({@link #beforeCommit}, {@link #afterCommit}).
 */
public abstract class ForwardingStore implements Store {
    private final Store delegate;

    protected ForwardingStore(Store delegate) {
        this.delegate = java.util.Objects.requireNonNull(delegate, "delegate");
    }

    /** The store this one forwards to. */
    protected final Store delegate() {
        return delegate;
    }

    /**
     * Called with each batch before the real store commits it, holding the write lock. Throwing
     * {@link StoreException} here fails the commit, with nothing applied.
     */
    protected void beforeCommit(StoreBatch batch) {
    }

    /** Called with each batch after the real store committed it, still holding the write lock. */
    protected void afterCommit(StoreBatch batch) {
    }

    @Override
    public StoreContents load() {
        return delegate.load();
    }

    @Override
    public StoreWrite beginWrite(WriteDeadline deadline) {
        StoreWrite write = delegate.beginWrite(deadline);
        return new StoreWrite() {
            @Override
            public StoreChanges changesSince(long position) {
                return write.changesSince(position);
            }

            @Override
            public long nextEventSequence() {
                return write.nextEventSequence();
            }

            @Override
            public long commit(StoreBatch batch) {
                beforeCommit(batch);
                long position = write.commit(batch);
                afterCommit(batch);
                return position;
            }

            @Override
            public void close() {
                write.close();
            }
        };
    }

    @Override
    public StoreChanges changesSince(long position) {
        return delegate.changesSince(position);
    }

    @Override
    public boolean isShared() {
        return delegate.isShared();
    }

    @Override
    public java.util.Optional<java.time.Duration> writeWaitLimit() {
        return delegate.writeWaitLimit();
    }

    @Override
    public void onForeignCommit(Runnable listener) {
        delegate.onForeignCommit(listener);
    }

    @Override
    public byte[] rootKeyCheck(byte[] proposed) {
        return delegate.rootKeyCheck(proposed);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
