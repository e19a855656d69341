package dev.meridian.it;

import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.testkit.MovableClock;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.MultiRegionKey;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/** What the multi-Region integration tests share: key set-up and error assertions. */
final class MultiRegionSupport {
    static final String ACCOUNT = KmsTestSupport.ACCOUNT;
    static final String INTERNAL_ERROR =
            "The request was rejected because an internal exception occurred. The request can be retried.";

    private MultiRegionSupport() {
    }

    /** The default key policy, exactly as AWS returns it for the test account. */
    static String defaultPolicy() {
        return "{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"key-default-1\",\n  \"Statement\" : [ {\n"
                + "    \"Sid\" : \"Enable IAM User Permissions\",\n    \"Effect\" : \"Allow\",\n"
                + "    \"Principal\" : {\n      \"AWS\" : \"arn:aws:iam::" + ACCOUNT + ":root\"\n    },\n"
                + "    \"Action\" : \"kms:*\",\n    \"Resource\" : \"*\"\n  } ]\n}";
    }

    static String arn(String region, String keyId) {
        return KmsTestSupport.arn(region, keyId);
    }

    static String aliasArn(String region, String aliasName) {
        return "arn:aws:kms:" + region + ":" + ACCOUNT + ":" + aliasName;
    }

    /**
     * Creates a primary in {@code primaryRegion} with replicas in {@code replicaRegions}, moves the clock past
     * the replication delay, runs the due work, and checks that every replica is {@code Enabled}.
     */
    static String primaryWithReplicas(KmsTestSupport kms, MovableClock clock, Duration delay, String primaryRegion,
            String... replicaRegions) {
        KmsClient primary = kms.client(primaryRegion);
        String keyId = createPrimary(primary);
        for (String region : replicaRegions) {
            primary.replicateKey(request -> request.keyId(keyId).replicaRegion(region));
        }
        clock.advance(delay.plusSeconds(1));
        kms.server().runDueWork();
        for (String region : replicaRegions) {
            assertThat(state(kms, region, keyId)).isEqualTo(KeyState.ENABLED);
        }
        return keyId;
    }

    /** Creates a multi-Region primary key in the client's Region; returns its key ID. */
    static String createPrimary(KmsClient client) {
        return client.createKey(request -> request.multiRegion(true)).keyMetadata().keyId();
    }

    static KeyMetadata describe(KmsTestSupport kms, String region, String keyId) {
        return kms.client(region).describeKey(request -> request.keyId(keyId)).keyMetadata();
    }

    static KeyState state(KmsTestSupport kms, String region, String keyId) {
        return describe(kms, region, keyId).keyState();
    }

    static MultiRegionKey regional(String region, String keyId) {
        return MultiRegionKey.builder().arn(arn(region, keyId)).region(region).build();
    }

    static List<MultiRegionKey> regionals(String keyId, String... regions) {
        return java.util.Arrays.stream(regions).map(region -> regional(region, keyId)).toList();
    }

    /** Asserts that the key no longer exists in {@code region}. */
    static void assertGone(KmsTestSupport kms, String region, String keyId) {
        assertKmsError(() -> kms.client(region).describeKey(request -> request.keyId(keyId)), NotFoundException.class,
                "Key '" + arn(region, keyId) + "' does not exist");
    }
}
