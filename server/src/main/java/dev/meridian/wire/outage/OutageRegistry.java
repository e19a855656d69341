package dev.meridian.wire.outage;

import dev.meridian.model.AccountId;
import dev.meridian.model.Region;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * The outages in force, decided in the request path before the KMS dispatch. Thread-safe: the rules are an
 * immutable list behind one volatile field, replaced whole by each change (changes are serialized), so a request
 * with no outage set costs one volatile read and an emptiness check, and never a lock.
 *
 * <p>A request falls under the first outage, in the order they were set, that matches its Region, operation and
 * account and whose probability draw fires; each matching outage draws once. {@link Fault#REFUSE_CONNECTIONS}
 * never answers a request: it closes the Region's own listener (see {@link #onRefusedRegionsChanged}).
 *
 * <p>The draws come from a thread-local generator, or from a seeded one a test sets ({@link #seed}), which makes a
 * sequence of requests deterministic when they are sent one after the other.
 */
public final class OutageRegistry {
    private final Set<String> operations;
    private final Set<Region> regionsWithListener;
    private final Object changes = new Object();
    private volatile List<Outage> outages = List.of();
    private volatile DoubleSupplier draws = () -> ThreadLocalRandom.current().nextDouble();
    private long lastId;
    private Consumer<Set<Region>> refusedRegionsListener = regions -> { };

    /**
     * A registry that accepts outages of these operation names (the service model's) and refused connections for
     * these Regions (those with a listener of their own).
     */
    public OutageRegistry(Set<String> operations, Set<Region> regionsWithListener) {
        this.operations = Set.copyOf(operations);
        this.regionsWithListener = Set.copyOf(regionsWithListener);
    }

    /**
     * Sets an outage and returns it with its new ID.
     *
     * @throws IllegalArgumentException naming the field, if the operation is not one of the service model's, or a
     *         {@link Fault#REFUSE_CONNECTIONS} names a Region without a listener of its own
     */
    public Outage add(Outage.Rule rule) {
        if (rule.operation() != null && !operations.contains(rule.operation())) {
            throw new IllegalArgumentException("operation: " + rule.operation() + " is not an operation of AWS KMS"
                    + " (the service model's names, such as Decrypt or GenerateDataKey)");
        }
        if (rule.fault() == Fault.REFUSE_CONNECTIONS && !regionsWithListener.contains(rule.region())) {
            throw new IllegalArgumentException("region: " + rule.region() + " has no listener of its own, so its"
                    + " connections cannot be refused; start the server with --region-port " + rule.region() + "=PORT"
                    + (regionsWithListener.isEmpty() ? "" : " (Regions with their own listener: "
                    + regionsWithListener.stream().map(Region::name).sorted().toList() + ")"));
        }
        synchronized (changes) {
            Outage outage = new Outage("o-" + ++lastId, rule);
            List<Outage> next = new ArrayList<>(outages);
            next.add(outage);
            replace(next);
            return outage;
        }
    }

    /** Lifts the outage of this ID; false if none is in force. */
    public boolean lift(String id) {
        synchronized (changes) {
            List<Outage> next = new ArrayList<>(outages);
            boolean removed = next.removeIf(outage -> outage.id().equals(id));
            if (removed) {
                replace(next);
            }
            return removed;
        }
    }

    /** Lifts every outage. */
    public void liftAll() {
        synchronized (changes) {
            replace(List.of());
        }
    }

    /** The outages in force, in the order they were set. */
    public List<Outage> list() {
        return outages;
    }

    /** The outage of this ID, if in force. */
    public Optional<Outage> find(String id) {
        return outages.stream().filter(outage -> outage.id().equals(id)).findFirst();
    }

    /**
     * The outage a request of this Region, operation and account falls under now, or null: the first in force that
     * matches it, answers requests ({@link Fault#REFUSE_CONNECTIONS} does not) and whose draw fires. One volatile
     * read when no outage is set.
     */
    public Outage firing(Region region, String operation, AccountId account) {
        List<Outage> current = outages;
        if (current.isEmpty()) {
            return null;
        }
        for (Outage outage : current) {
            Outage.Rule rule = outage.rule();
            if (rule.fault() != Fault.REFUSE_CONNECTIONS && rule.matches(region, operation, account)
                    && (rule.probability() >= 1 || draws.getAsDouble() < rule.probability())) {
                return outage;
            }
        }
        return null;
    }

    /** The Regions whose listener an outage closes now. */
    public Set<Region> refusedRegions() {
        Set<Region> refused = new LinkedHashSet<>();
        for (Outage outage : outages) {
            if (outage.rule().fault() == Fault.REFUSE_CONNECTIONS) {
                refused.add(outage.rule().region());
            }
        }
        return Set.copyOf(refused);
    }

    /** The Regions for which connections can be refused: those with a listener of their own. */
    public Set<Region> regionsWithListener() {
        return regionsWithListener;
    }

    /** Draws from a {@link Random} of this seed from now on (tests: a deterministic sequence of draws). */
    public void seed(long seed) {
        Random random = new Random(seed);
        draws = random::nextDouble;
    }

    /**
     * Tells {@code listener} the set of refused Regions after every change (and once now). It runs on the thread
     * that made the change, while changes are held, so that it sees them in order; it must not run on an event loop.
     */
    public void onRefusedRegionsChanged(Consumer<Set<Region>> listener) {
        synchronized (changes) {
            refusedRegionsListener = listener;
            listener.accept(refusedRegions());
        }
    }

    private void replace(List<Outage> next) {
        Set<Region> refusedBefore = refusedRegions();
        outages = List.copyOf(next);
        Set<Region> refusedAfter = refusedRegions();
        if (!refusedAfter.equals(refusedBefore)) {
            refusedRegionsListener.accept(refusedAfter);
        }
    }
}
