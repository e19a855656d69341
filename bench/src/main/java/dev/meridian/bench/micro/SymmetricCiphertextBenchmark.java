package dev.meridian.bench.micro;

import dev.meridian.crypto.CiphertextHeader;
import dev.meridian.crypto.KeyMaterialService;
import dev.meridian.crypto.SymmetricKeyMaterial;
import dev.meridian.model.AccountId;
import dev.meridian.model.KeyId;
import dev.meridian.model.KeySpec;
import dev.meridian.model.Partition;
import java.util.Map;
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
 * The crypto core of Encrypt and Decrypt alone: seal and open of Meridian's symmetric ciphertext (HKDF per
 * message, AES-256-GCM, or with {@code partition=AWS_CN} HKDF-SM3 and SM4-GCM; header and encryption
 * context as associated data), through the typed material a key's cache holds ({@code SymmetricKeyMaterial}). Run with
 * {@code java -cp bench/target/meridian-bench.jar org.openjdk.jmh.Main SymmetricCiphertextBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SymmetricCiphertextBenchmark {
    @Param({"32", "512", "4096"})
    public int plaintextBytes;

    @Param({"AWS", "AWS_CN"})
    public Partition partition;

    private final Map<String, String> context = Map.of("purpose", "benchmark", "tenant", "42");
    private SymmetricKeyMaterial material;
    private CiphertextHeader header;
    private byte[] plaintext;
    private byte[] ciphertext;

    @Setup
    public void setUp() {
        material = KeyMaterialService.generate(KeySpec.SYMMETRIC_DEFAULT, partition).symmetric();
        header = new CiphertextHeader(AccountId.of("111122223333"), KeyId.newMultiRegion(), 1);
        plaintext = new byte[plaintextBytes];
        ThreadLocalRandom.current().nextBytes(plaintext);
        ciphertext = material.seal(header, plaintext, context);
    }

    @Benchmark
    public byte[] seal() {
        return material.seal(header, plaintext, context);
    }

    @Benchmark
    public byte[] open() {
        return material.open(ciphertext, context);
    }
}
