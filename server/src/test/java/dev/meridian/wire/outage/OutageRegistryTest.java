package dev.meridian.wire.outage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.model.AccountId;
import dev.meridian.model.Region;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The outage rules and their matching, below HTTP. */
class OutageRegistryTest {
    private static final Region EAST = Region.of("us-east-1");
    private static final Region WEST = Region.of("us-west-2");
    private static final AccountId ACCOUNT = AccountId.of("111122223333");
    private static final AccountId OTHER_ACCOUNT = AccountId.of("444455556666");
    private final OutageRegistry registry = new OutageRegistry(Set.of("Encrypt", "Decrypt", "CreateKey"), Set.of(WEST));

    @Test
    void noOutageFiresNothing() {
        assertThat(registry.list()).isEmpty();
        assertThat(registry.firing(EAST, "Encrypt", ACCOUNT)).isNull();
    }

    @Test
    void aRegionOutageCoversEveryOperationAndAccountOfItsRegionOnly() {
        Outage outage = registry.add(Outage.Rule.of(EAST, Fault.INTERNAL_ERROR));
        assertThat(outage.id()).isEqualTo("o-1");
        assertThat(registry.firing(EAST, "Encrypt", ACCOUNT)).isEqualTo(outage);
        assertThat(registry.firing(EAST, "CreateKey", OTHER_ACCOUNT)).isEqualTo(outage);
        assertThat(registry.firing(WEST, "Encrypt", ACCOUNT)).isNull();
    }

    @Test
    void anOperationAndAccountNarrowTheOutage() {
        Outage outage = registry.add(new Outage.Rule(EAST, "Decrypt", ACCOUNT, Fault.THROTTLING, 1, 0));
        assertThat(registry.firing(EAST, "Decrypt", ACCOUNT)).isEqualTo(outage);
        assertThat(registry.firing(EAST, "Encrypt", ACCOUNT)).isNull();
        assertThat(registry.firing(EAST, "Decrypt", OTHER_ACCOUNT)).isNull();
    }

    @Test
    void theFirstOutageSetThatMatchesWinsAndLiftingRemovesOnlyItsOwn() {
        Outage first = registry.add(new Outage.Rule(EAST, "Decrypt", null, Fault.UNAVAILABLE, 1, 0));
        Outage second = registry.add(Outage.Rule.delay(EAST, 50));
        assertThat(second.id()).isEqualTo("o-2");
        assertThat(registry.firing(EAST, "Decrypt", ACCOUNT)).isEqualTo(first);
        assertThat(registry.firing(EAST, "Encrypt", ACCOUNT)).isEqualTo(second);
        assertThat(registry.lift(first.id())).isTrue();
        assertThat(registry.lift(first.id())).isFalse();
        assertThat(registry.firing(EAST, "Decrypt", ACCOUNT)).isEqualTo(second);
        assertThat(registry.list()).containsExactly(second);
        assertThat(registry.find("o-2")).contains(second);
        registry.liftAll();
        assertThat(registry.list()).isEmpty();
        assertThat(registry.add(Outage.Rule.of(EAST, Fault.INTERNAL_ERROR)).id()).as("IDs are never reused").isEqualTo("o-3");
    }

    @Test
    void aProbabilityFiresForItsShareOfRequestsDeterministicallyWithASeed() {
        registry.add(new Outage.Rule(EAST, null, null, Fault.INTERNAL_ERROR, 0.5, 0));
        registry.seed(42);
        List<Boolean> first = IntStream.range(0, 200).mapToObj(i -> registry.firing(EAST, "Encrypt", ACCOUNT) != null).toList();
        registry.seed(42);
        List<Boolean> second = IntStream.range(0, 200).mapToObj(i -> registry.firing(EAST, "Encrypt", ACCOUNT) != null).toList();
        assertThat(second).isEqualTo(first);
        assertThat(first.stream().filter(fired -> fired).count()).isBetween(70L, 130L);
    }

    @Test
    void refusedConnectionsAnswerNoRequestAndTellTheListenerOfEachChange() {
        List<Set<Region>> told = new ArrayList<>();
        registry.onRefusedRegionsChanged(told::add);
        Outage refused = registry.add(Outage.Rule.of(WEST, Fault.REFUSE_CONNECTIONS));
        assertThat(registry.firing(WEST, "Encrypt", ACCOUNT)).isNull();
        assertThat(registry.refusedRegions()).containsExactly(WEST);
        registry.add(Outage.Rule.of(EAST, Fault.INTERNAL_ERROR));
        registry.lift(refused.id());
        assertThat(told).containsExactly(Set.of(), Set.of(WEST), Set.of());
    }

    @Test
    void anOutageThatCannotWorkIsRefusedNamingTheField() {
        assertThatThrownBy(() -> registry.add(new Outage.Rule(EAST, "Decrypted", null, Fault.INTERNAL_ERROR, 1, 0)))
                .hasMessageStartingWith("operation: Decrypted is not an operation of AWS KMS");
        assertThatThrownBy(() -> registry.add(Outage.Rule.of(EAST, Fault.REFUSE_CONNECTIONS)))
                .hasMessage("region: us-east-1 has no listener of its own, so its connections cannot be refused; start the"
                        + " server with --region-port us-east-1=PORT (Regions with their own listener: [us-west-2])");
        assertThatThrownBy(() -> new Outage.Rule(EAST, null, null, Fault.INTERNAL_ERROR, 0, 0))
                .hasMessage("probability: must be more than 0 and at most 1, not 0.0");
        assertThatThrownBy(() -> new Outage.Rule(EAST, null, null, Fault.INTERNAL_ERROR, Double.NaN, 0))
                .hasMessage("probability: must be more than 0 and at most 1, not NaN");
        assertThatThrownBy(() -> new Outage.Rule(EAST, null, null, Fault.LATENCY, 1, 0))
                .hasMessage("latencyMillis: a LATENCY outage needs a delay of 1 to 600000 milliseconds, not 0");
        assertThatThrownBy(() -> new Outage.Rule(EAST, null, null, Fault.UNAVAILABLE, 1, 5))
                .hasMessage("latencyMillis: only a LATENCY outage has a delay; UNAVAILABLE takes 0 or none, not 5");
        assertThatThrownBy(() -> new Outage.Rule(WEST, null, ACCOUNT, Fault.REFUSE_CONNECTIONS, 1, 0))
                .hasMessageStartingWith("account: REFUSE_CONNECTIONS closes the Region's listener");
        assertThatThrownBy(() -> new Outage.Rule(null, null, null, Fault.INTERNAL_ERROR, 1, 0))
                .hasMessage("region: required, a Region name such as us-east-1");
        assertThatThrownBy(() -> new Outage.Rule(EAST, null, null, null, 1, 0))
                .hasMessageStartingWith("fault: required");
        assertThat(registry.list()).isEmpty();
    }
}
