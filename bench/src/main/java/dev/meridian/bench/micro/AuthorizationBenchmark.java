package dev.meridian.bench.micro;

import dev.meridian.core.AccessControl;
import dev.meridian.core.CreateKeyRequest;
import dev.meridian.core.KeyManagementService;
import dev.meridian.core.ServiceSettings;
import dev.meridian.crypto.FileRootKey;
import dev.meridian.model.AccountId;
import dev.meridian.model.Partition;
import dev.meridian.model.Principal;
import dev.meridian.model.Region;
import dev.meridian.model.RequestContext;
import dev.meridian.policy.IdentityPolicies;
import dev.meridian.policy.PolicyDocument;
import dev.meridian.store.sqlite.SqliteStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The core's Encrypt of 512 bytes with an encryption context, below HTTP, by an IAM user, in each {@code mode}:
 * DEVELOPMENT (nothing evaluated), STRICT (the key's default policy, which delegates to the account, and the user's
 * identity policy are evaluated; neither reads the request's condition keys) and STRICT_CONDITION (the same, with a
 * key policy whose statement for the user allows {@code kms:Encrypt} only with
 * {@code StringEquals kms:EncryptionContext:purpose}, as {@code scripts/bench-strict-mode.sh}'s strict-condition
 * mode). The differences are the costs of authorization per request. Run with
 * {@code java -cp bench/target/meridian-bench.jar org.openjdk.jmh.Main AuthorizationBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AuthorizationBenchmark {
    private static final AccountId ACCOUNT = AccountId.of("111122223333");
    private static final Region REGION = Region.of("us-east-1");
    private static final Principal USER = Principal.user(ACCOUNT, Partition.AWS, "/", "alice", "AIDAALICE", "AKIAALICE");

    @Param({"DEVELOPMENT", "STRICT", "STRICT_CONDITION"})
    public String mode;

    private Path folder;
    private SqliteStore store;
    private KeyManagementService service;
    private String keyId;
    private final byte[] plaintext = new byte[512];
    private final Map<String, String> context = Map.of("purpose", "benchmark");

    @Setup
    public void setUp() throws IOException {
        folder = Files.createTempDirectory("meridian-authorization-benchmark");
        store = SqliteStore.open(folder.resolve("keys.db"));
        PolicyDocument identityPolicy = PolicyDocument.parseIdentityPolicy("{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Action\":[\"kms:Encrypt\",\"kms:Decrypt\"],\"Resource\":\"*\"}]}");
        String keyPolicy = !mode.equals("STRICT_CONDITION") ? null : "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"kms:*\","
                + "\"Resource\":\"*\"},"
                + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + USER.arn() + "\"},\"Action\":\"kms:Encrypt\","
                + "\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"kms:EncryptionContext:purpose\":\"benchmark\"}}}]}";
        IdentityPolicies identities = principal -> principal.arn().equals(USER.arn()) ? List.of(identityPolicy) : List.of();
        service = new KeyManagementService(store, FileRootKey.loadOrCreate(folder.resolve("root.key")), Clock.systemUTC(),
                ServiceSettings.builder().replicationDelay(Duration.ofSeconds(2)).keyLimitPerRegion(100).grantLimitPerKey(100)
                        .authorization(mode.equals("DEVELOPMENT") ? AccessControl.Mode.DEVELOPMENT : AccessControl.Mode.STRICT)
                        .identityPolicies(identities).build());
        keyId = service.lifecycle().createKey(RequestContext.root(ACCOUNT, REGION), new CreateKeyRequest(keyPolicy, null, null,
                null, null, false, null, false, null)).record().reference().keyId().value();
    }

    @Benchmark
    public byte[] encrypt() {
        RequestContext caller = new RequestContext(USER, REGION, "127.0.0.1", Instant.now(), "request", "event", false);
        return service.cryptography().encrypt(caller, keyId, plaintext, context, null).ciphertext();
    }

    @TearDown
    public void tearDown() throws IOException {
        service.close();
        store.close();
        try (var files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
