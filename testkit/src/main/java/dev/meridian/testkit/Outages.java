package dev.meridian.testkit;

import dev.meridian.model.AccountId;
import dev.meridian.model.Region;
import dev.meridian.wire.outage.Fault;
import dev.meridian.wire.outage.Outage;
import dev.meridian.wire.outage.OutageRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Rehearsing an outage in a test: make a Region (or one operation in it, or one account's requests) fail, slow down
 * or refuse connections, until lifted. It sets the server's outages directly, in the test's JVM, with the rules of
 * {@code /_meridian/outages}:
 *
 * <pre>{@code
 * Outages.Handle outage = meridian.outages().region("us-east-1").failWith(Fault.INTERNAL_ERROR);
 * meridian.outages().region("us-east-1").operation("Decrypt").probability(0.5).failWith(Fault.THROTTLING);
 * meridian.outages().region("eu-west-1").delay(Duration.ofMillis(300));
 * meridian.outages().region("us-west-2").refuseConnections(); // the Region needs its own port (regionPorts)
 * outage.lift();
 * meridian.outages().liftAll();
 * }</pre>
 *
 * A failed request never reaches the service: no state changes, no key is used, and no audit record is made.
 * Outages live as long as the server: {@link EmbeddedMeridian#restart()} starts with none. Thread-safe.
 */
public final class Outages {
    private final Supplier<OutageRegistry> registry;

    Outages(Supplier<OutageRegistry> registry) {
        this.registry = registry;
    }

    /** The requests of this Region (every operation and account, probability 1 until narrowed). */
    public Scope region(String region) {
        return new Scope(Region.of(region), null, null, 1);
    }

    /** Lifts every outage (refused listeners accept connections again). */
    public void liftAll() {
        registry.get().liftAll();
    }

    /** The outages in force, in the order they were set. */
    public List<Outage> inForce() {
        return registry.get().list();
    }

    /**
     * Makes the probability draws come from a generator of this seed: requests sent one after the other then fail in
     * the same pattern on every run.
     */
    public Outages seed(long seed) {
        registry.get().seed(seed);
        return this;
    }

    /** Which requests an outage will hit. Immutable: each narrowing returns a new scope. */
    public final class Scope {
        private final Region region;
        private final String operation;
        private final AccountId account;
        private final double probability;

        private Scope(Region region, String operation, AccountId account, double probability) {
            this.region = region;
            this.operation = operation;
            this.account = account;
            this.probability = probability;
        }

        /** Only requests of this operation, by its API name (such as {@code Decrypt}). */
        public Scope operation(String name) {
            return new Scope(region, Objects.requireNonNull(name, "operation"), account, probability);
        }

        /** Only requests of this 12-digit account. */
        public Scope account(String accountId) {
            return new Scope(region, operation, AccountId.of(accountId), probability);
        }

        /** Each request is hit with this probability, more than 0 and at most 1 (1 unless set). */
        public Scope probability(double value) {
            return new Scope(region, operation, account, value);
        }

        /**
         * Answers the requests with an error fault: {@link Fault#INTERNAL_ERROR}, {@link Fault#UNAVAILABLE} or
         * {@link Fault#THROTTLING}.
         */
        public Handle failWith(Fault fault) {
            if (!fault.isError()) {
                throw new IllegalArgumentException(fault + " is not an error; use delay(...) or refuseConnections()");
            }
            return set(fault, 0);
        }

        /** Answers the requests {@code latency} late (whole milliseconds, at least 1). */
        public Handle delay(Duration latency) {
            return set(Fault.LATENCY, latency.toMillis());
        }

        /**
         * Closes the Region's own listener and its connections until lifted, so that connecting is refused; the
         * Region needs a port of its own ({@code ServerConfiguration.Builder.regionPorts}). Every operation and account,
         * probability 1.
         */
        public Handle refuseConnections() {
            return set(Fault.REFUSE_CONNECTIONS, 0);
        }

        private Handle set(Fault fault, long latencyMillis) {
            Outage outage = registry.get().add(new Outage.Rule(region, operation, account, fault, probability, latencyMillis));
            return new Handle(outage);
        }
    }

    /** One outage set through the test kit; {@link #lift()} (or {@link #close()}) ends it. */
    public final class Handle implements AutoCloseable {
        private final Outage outage;

        private Handle(Outage outage) {
            this.outage = outage;
        }

        public Outage outage() {
            return outage;
        }

        public String id() {
            return outage.id();
        }

        /** Lifts this outage; false if it was lifted already. */
        public boolean lift() {
            return registry.get().lift(outage.id());
        }

        @Override
        public void close() {
            lift();
        }
    }
}
