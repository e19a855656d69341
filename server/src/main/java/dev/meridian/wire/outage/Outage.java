package dev.meridian.wire.outage;

import dev.meridian.model.AccountId;
import dev.meridian.model.Region;
import java.util.Objects;
import java.util.Optional;

/**
 * One outage in force: its ID ({@code o-1}, {@code o-2}, ...) and the {@link Rule} it applies. Immutable.
 */
public record Outage(String id, Rule rule) {
    public Outage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(rule, "rule");
    }

    /**
     * What fails, and how: requests of {@code region} (and only of {@code operation} and {@code account} when they are
     * given) get {@code fault}, each with {@code probability}; a {@link Fault#LATENCY} delays them by
     * {@code latencyMillis}. Immutable; the constructor refuses a rule that cannot work with an
     * {@link IllegalArgumentException} whose message starts with the field's name (as the operator's JSON names it).
     * Whether the operation exists and whether the Region has a listener of its own is the registry's to check.
     */
    public record Rule(Region region, String operation, AccountId account, Fault fault, double probability,
            long latencyMillis) {
        /** The longest delay a {@link Fault#LATENCY} may add: ten minutes. */
        public static final long MAXIMUM_LATENCY_MILLIS = 600_000;

        public Rule {
            if (region == null) {
                throw new IllegalArgumentException("region: required, a Region name such as us-east-1");
            }
            if (fault == null) {
                throw new IllegalArgumentException("fault: required, one of " + java.util.Arrays.toString(Fault.values()));
            }
            if (!(probability > 0 && probability <= 1)) {
                throw new IllegalArgumentException("probability: must be more than 0 and at most 1, not " + probability);
            }
            if (fault == Fault.LATENCY && (latencyMillis < 1 || latencyMillis > MAXIMUM_LATENCY_MILLIS)) {
                throw new IllegalArgumentException("latencyMillis: a LATENCY outage needs a delay of 1 to "
                        + MAXIMUM_LATENCY_MILLIS + " milliseconds, not " + latencyMillis);
            }
            if (fault != Fault.LATENCY && latencyMillis != 0) {
                throw new IllegalArgumentException("latencyMillis: only a LATENCY outage has a delay; " + fault
                        + " takes 0 or none, not " + latencyMillis);
            }
            if (fault == Fault.REFUSE_CONNECTIONS) {
                if (operation != null) {
                    throw new IllegalArgumentException("operation: REFUSE_CONNECTIONS closes the Region's listener, so it"
                            + " applies to every operation; leave operation out");
                }
                if (account != null) {
                    throw new IllegalArgumentException("account: REFUSE_CONNECTIONS closes the Region's listener, so it"
                            + " applies to every account; leave account out");
                }
                if (probability != 1) {
                    throw new IllegalArgumentException("probability: REFUSE_CONNECTIONS refuses every connection; its"
                            + " probability is 1, not " + probability);
                }
            }
        }

        /** Every request of {@code region} gets {@code fault} (for {@link Fault#LATENCY}, use {@link #delay}). */
        public static Rule of(Region region, Fault fault) {
            return new Rule(region, null, null, fault, 1, 0);
        }

        /** Every request of {@code region} is answered {@code latencyMillis} late. */
        public static Rule delay(Region region, long latencyMillis) {
            return new Rule(region, null, null, Fault.LATENCY, 1, latencyMillis);
        }

        public Optional<String> operationName() {
            return Optional.ofNullable(operation);
        }

        public Optional<AccountId> accountId() {
            return Optional.ofNullable(account);
        }

        /** Whether a request of this Region, operation and account falls under the rule (before its probability). */
        boolean matches(Region requestRegion, String requestOperation, AccountId requestAccount) {
            return region.equals(requestRegion) && (operation == null || operation.equals(requestOperation))
                    && (account == null || account.equals(requestAccount));
        }
    }
}
