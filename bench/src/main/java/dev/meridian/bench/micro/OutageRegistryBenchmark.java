package dev.meridian.bench.micro;

import dev.meridian.model.AccountId;
import dev.meridian.model.Region;
import dev.meridian.wire.outage.Fault;
import dev.meridian.wire.outage.Outage;
import dev.meridian.wire.outage.OutageRegistry;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the outage check costs each KMS request ({@code OutageRegistry.firing}, called once per request after
 * authentication): with no outage set (every request's case unless one is rehearsing), and with {@code outages}
 * outages of another Region set (a request that matches none). Run with
 * {@code java -cp bench/target/meridian-bench.jar org.openjdk.jmh.Main OutageRegistryBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OutageRegistryBenchmark {
    private static final Region REQUEST_REGION = Region.of("us-east-1");
    private static final AccountId ACCOUNT = AccountId.of("111122223333");

    @Param({"0", "3"})
    public int outages;

    private OutageRegistry registry;

    @Setup
    public void setUp() {
        registry = new OutageRegistry(Set.of("Encrypt", "Decrypt"), Set.of());
        for (int outage = 0; outage < outages; outage++) {
            registry.add(new Outage.Rule(Region.of("eu-west-1"), "Decrypt", null, Fault.INTERNAL_ERROR, 0.5, 0));
        }
    }

    @Benchmark
    public Outage firing() {
        return registry.firing(REQUEST_REGION, "Encrypt", ACCOUNT);
    }
}
