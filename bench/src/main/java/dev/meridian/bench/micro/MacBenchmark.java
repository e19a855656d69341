package dev.meridian.bench.micro;

import dev.meridian.crypto.HmacKeyMaterial;
import dev.meridian.crypto.KeyMaterialService;
import dev.meridian.model.KeySpec;
import dev.meridian.model.Partition;
import java.util.concurrent.ThreadLocalRandom;
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
 * The crypto core of GenerateMac and VerifyMac alone: the HMAC of a {@code messageBytes} message made and checked
 * through the typed material a key's cache holds ({@code HmacKeyMaterial}). Run with
 * {@code java -cp bench/target/meridian-bench.jar org.openjdk.jmh.Main MacBenchmark}
 * ({@code -p spec=HMAC_224,HMAC_384,HMAC_512} for the other specs).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MacBenchmark {
    @Param({"HMAC_256"})
    public KeySpec spec;

    @Param({"512"})
    public int messageBytes;

    private HmacKeyMaterial material;
    private byte[] message;
    private byte[] mac;

    @Setup
    public void setUp() {
        material = KeyMaterialService.generate(spec, Partition.AWS).hmac();
        message = new byte[messageBytes];
        ThreadLocalRandom.current().nextBytes(message);
        mac = material.mac(message);
    }

    @Benchmark
    public byte[] generateMac() {
        return material.mac(message);
    }

    @Benchmark
    public boolean verifyMac() {
        return material.verify(message, mac);
    }
}
