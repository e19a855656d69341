package dev.meridian.it;

import static dev.meridian.it.KmsTestSupport.ACCOUNT;
import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.kms.model.ReplicateKeyResponse;

/**
 * Key policies written to be slow: wildcards that make a backtracking matcher run for minutes. CreateKey,
 * PutKeyPolicy and ReplicateKey carrying them answer at once with the right answer, and a ReplicateKey
 * carrying one never holds up other writes. The bound is generous on purpose (the answers take
 * milliseconds, and the build machine may be loaded many times over); before the fix each of these calls spun
 * a worker for minutes, and a hostile ReplicateKey held the write lock all that time.
 */
class HostilePolicyIT {
    private static final String PRIMARY = "eu-west-1";
    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final String LOCKOUT = "The new key policy will not allow you to update the key policy in the future.";
    /** kms: then forty stars and a z: matching kms:PutKeyPolicy against it backtracks exponentially in a regex. */
    private static final String FORTY_STARS = policyWithAction("kms:" + "*".repeat(40) + "z");
    /** The same idea at the size limit of a policy (131,072 characters), stars separated so none collapse. */
    private static final String LONGEST = policyWithAction("kms:" + "*?".repeat(65_000) + "z");
    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass();

    private static String policyWithAction(String action) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
                + ACCOUNT + ":root\"},\"Action\":\"" + action + "\",\"Resource\":\"*\"}]}";
    }

    private static KmsClient client(String region) {
        return kms.client(region);
    }

    /** The SDK's first call in a JVM loads and links much of it: not what the bounds are about. */
    @BeforeAll
    static void warmUp() {
        for (String region : List.of(PRIMARY, "eu-north-1")) {
            String keyId = kms.createKey(region);
            client(region).putKeyPolicy(request -> request.keyId(keyId).policy(MultiRegionSupport.defaultPolicy()));
        }
    }

    @Test
    void createKeyWithAHostilePolicyIsAnsweredAtOnce() {
        assertThat(LONGEST.length()).isLessThanOrEqualTo(131_072);
        for (String hostile : List.of(FORTY_STARS, LONGEST)) {
            assertTimeoutPreemptively(BOUND, () -> assertKmsError(() -> client(PRIMARY).createKey(request -> request
                    .policy(hostile)), MalformedPolicyDocumentException.class, LOCKOUT));
            String keyId = assertTimeoutPreemptively(BOUND, () -> client(PRIMARY).createKey(request -> request
                    .policy(hostile).bypassPolicyLockoutSafetyCheck(true)).keyMetadata().keyId());
            assertThat(client(PRIMARY).getKeyPolicy(request -> request.keyId(keyId).policyName("default")).policy())
                    .isEqualTo(hostile);
        }
    }

    @Test
    void putKeyPolicyWithAHostilePolicyIsAnsweredAtOnce() {
        String keyId = kms.createKey(PRIMARY);
        for (String hostile : List.of(FORTY_STARS, LONGEST)) {
            assertTimeoutPreemptively(BOUND, () -> assertKmsError(() -> client(PRIMARY).putKeyPolicy(request -> request
                    .keyId(keyId).policyName("default").policy(hostile)), MalformedPolicyDocumentException.class, LOCKOUT));
            assertThat(client(PRIMARY).getKeyPolicy(request -> request.keyId(keyId)).policy()).contains("key-default-1");
        }
        assertTimeoutPreemptively(BOUND, () -> client(PRIMARY).putKeyPolicy(request -> request.keyId(keyId)
                .policy(FORTY_STARS).bypassPolicyLockoutSafetyCheck(true)));
        assertThat(client(PRIMARY).getKeyPolicy(request -> request.keyId(keyId)).policy()).isEqualTo(FORTY_STARS);
    }

    @Test
    void replicateKeyWithAHostilePolicyIsAnsweredAtOnce() {
        String keyId = MultiRegionSupport.createPrimary(client(PRIMARY));
        for (String hostile : List.of(FORTY_STARS, LONGEST)) {
            assertTimeoutPreemptively(BOUND, () -> assertKmsError(() -> client(PRIMARY).replicateKey(request -> request
                    .keyId(keyId).replicaRegion("eu-west-2").policy(hostile)), MalformedPolicyDocumentException.class,
                    LOCKOUT));
        }
        ReplicateKeyResponse replica = assertTimeoutPreemptively(BOUND, () -> client(PRIMARY).replicateKey(request -> request
                .keyId(keyId).replicaRegion("eu-west-2").policy(LONGEST).bypassPolicyLockoutSafetyCheck(true)));
        assertThat(replica.replicaPolicy()).isEqualTo(LONGEST);
        assertThat(replica.replicaKeyMetadata().keyState()).isEqualTo(KeyState.CREATING);
    }

    @Test
    void theOrderOfErrorsIsKeptNowThatThePolicyIsCheckedBeforeTheWrite() {
        String missing = "mrk-00000000000000000000000000000077";
        assertKmsError(() -> client(PRIMARY).replicateKey(request -> request.keyId(missing).replicaRegion("eu-west-3")
                .policy("not json")), software.amazon.awssdk.services.kms.model.NotFoundException.class,
                "Key '" + KmsTestSupport.arn(PRIMARY, missing) + "' does not exist");
        String single = "00000000-0000-4000-8000-000000000077";
        assertKmsError(() -> client(PRIMARY).putKeyPolicy(request -> request.keyId(single).policy(FORTY_STARS)),
                software.amazon.awssdk.services.kms.model.NotFoundException.class,
                "Key '" + KmsTestSupport.arn(PRIMARY, single) + "' does not exist");
        String keyId = kms.createKey(PRIMARY);
        assertKmsError(() -> client(PRIMARY).putKeyPolicy(request -> request.keyId(keyId).policyName("other")
                .policy(FORTY_STARS)), software.amazon.awssdk.services.kms.model.NotFoundException.class,
                "No such policy exists");
    }

    @Test
    void hostileReplicateKeysDoNotHoldUpOtherWrites() throws Exception {
        String keyId = MultiRegionSupport.createPrimary(client(PRIMARY));
        ExecutorService attackers = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> attacks = new ArrayList<>();
            for (int thread = 0; thread < 3; thread++) {
                attacks.add(attackers.submit(() -> {
                    KmsClient attacker = KmsTestSupport.client(kms.server().endpoint(), PRIMARY);
                    for (int attempt = 0; attempt < 10; attempt++) {
                        String hostile = attempt % 2 == 0 ? FORTY_STARS : LONGEST;
                        assertKmsError(() -> attacker.replicateKey(request -> request.keyId(keyId).replicaRegion("ap-south-1")
                                .policy(hostile)), MalformedPolicyDocumentException.class, LOCKOUT);
                    }
                    attacker.close();
                    return null;
                }));
            }
            // Meanwhile, writes of other callers are answered within the bound, one after another.
            for (int write = 0; write < 5; write++) {
                String created = assertTimeoutPreemptively(BOUND, () -> kms.createKey("eu-north-1"));
                assertTimeoutPreemptively(BOUND, () -> client("eu-north-1").disableKey(request -> request.keyId(created)));
                assertThat(client("eu-north-1").describeKey(request -> request.keyId(created)).keyMetadata().keyState())
                        .isEqualTo(KeyState.DISABLED);
            }
            for (Future<?> attack : attacks) {
                attack.get(60, TimeUnit.SECONDS);
            }
        } finally {
            attackers.shutdownNow();
        }
        // Refused requests changed nothing: no replica was made.
        assertThat(client(PRIMARY).describeKey(request -> request.keyId(keyId)).keyMetadata().multiRegionConfiguration()
                .replicaKeys()).isEmpty();
    }
}
