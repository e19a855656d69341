package dev.meridian.bench.micro;

import dev.meridian.crypto.KeyMaterialService;
import dev.meridian.crypto.MessageType;
import dev.meridian.crypto.SigningKeyMaterial;
import dev.meridian.model.KeySpec;
import dev.meridian.model.KeyUsage;
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
 * The crypto core of Sign and Verify alone: a RAW message of {@code messageBytes} signed and verified through the
 * typed material a key's cache holds ({@code SigningKeyMaterial}), for each {@code key} given as
 * {@code KEY_SPEC/SIGNING_ALGORITHM}. Any signing spec can be named, e.g.
 * {@code -p key=ECC_SECG_P256K1/ECDSA_SHA_256}. Run with
 * {@code java -cp bench/target/meridian-bench.jar org.openjdk.jmh.Main SigningBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SigningBenchmark {
    @Param({"RSA_2048/RSASSA_PSS_SHA_256", "RSA_2048/RSASSA_PKCS1_V1_5_SHA_256", "ECC_NIST_P256/ECDSA_SHA_256",
            "ECC_NIST_EDWARDS25519/ED25519_SHA_512", "ML_DSA_65/ML_DSA_SHAKE_256"})
    public String key;

    @Param({"512"})
    public int messageBytes;

    private SigningKeyMaterial material;
    private String algorithm;
    private byte[] message;
    private byte[] signature;

    @Setup
    public void setUp() {
        String[] parts = key.split("/", 2);
        KeySpec spec = KeySpec.named(parts[0]);
        if (spec == null || parts.length != 2 || !spec.algorithms(KeyUsage.SIGN_VERIFY).contains(parts[1])) {
            throw new IllegalArgumentException("not a signing key spec and algorithm of this build: " + key);
        }
        algorithm = parts[1];
        material = KeyMaterialService.generate(spec, Partition.AWS).signing();
        message = new byte[messageBytes];
        ThreadLocalRandom.current().nextBytes(message);
        signature = material.sign(algorithm, message, MessageType.RAW);
        if (!material.verify(algorithm, message, MessageType.RAW, signature)) {
            throw new IllegalStateException("the signature made in setup does not verify: " + key);
        }
    }

    @Benchmark
    public byte[] sign() {
        return material.sign(algorithm, message, MessageType.RAW);
    }

    @Benchmark
    public boolean verify() {
        return material.verify(algorithm, message, MessageType.RAW, signature);
    }
}
