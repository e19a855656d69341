package dev.meridian.it;

import static dev.meridian.it.KmsTestSupport.ACCOUNT;
import static dev.meridian.it.KmsTestSupport.arn;
import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static dev.meridian.it.KmsTestSupport.assertUndeclaredError;
import static dev.meridian.it.KmsTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.app.ServerConfiguration;
import dev.meridian.store.ForwardingStore;
import dev.meridian.store.Store;
import dev.meridian.store.StoreBatch;
import dev.meridian.store.StoreChange;
import dev.meridian.store.StoreContents;
import dev.meridian.testkit.EmbeddedMeridian;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.DryRunOperationException;
import software.amazon.awssdk.services.kms.model.GetKeyRotationStatusResponse;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.KeyManagerType;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KmsInternalException;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.LimitExceededException;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * AWS managed keys through the SDK: the predefined {@code alias/aws/*} aliases that ListAliases shows in every
 * Region, the key their first use creates (as AWS describes it), the changes refused with AWS's errors, the quota
 * they do not count against, restarts, and concurrent first uses. Each test works in a Region of its own.
 */
class AwsManagedKeysIT {
    /** The predefined aliases of every account and Region (us-east-1, as recorded; see aws-managed-keys.txt). */
    static final List<String> PREDEFINED_ALIASES = List.of("acm", "appflow", "backup", "cloud9", "codeartifact",
            "codecommit", "connect", "dax", "dms", "dynamodb", "ebs", "ecr", "eks", "elasticache", "elasticfilesystem",
            "es", "fsx", "glue", "imagebuilder", "kafka", "kendra", "kinesis", "kinesisvideo", "lambda", "lex",
            "lightsail", "mq", "rds", "redshift", "s3", "secretsmanager", "ses", "sns", "sqs", "ssm", "timestream",
            "translate", "workspaces", "xray").stream().map(service -> "alias/aws/" + service).toList();
    private static final String S3_DESCRIPTION = "Default key that protects my S3 objects when no other key is defined";
    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass();

    private static String s3Policy(String region) {
        return "{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"auto-s3-2\",\n  \"Statement\" : [ {\n"
                + "    \"Sid\" : \"Allow access through S3 for all principals in the account that are authorized to use S3\",\n"
                + "    \"Effect\" : \"Allow\",\n    \"Principal\" : {\n      \"AWS\" : \"*\"\n    },\n"
                + "    \"Action\" : [ \"kms:Encrypt\", \"kms:Decrypt\", \"kms:ReEncrypt*\", \"kms:GenerateDataKey*\","
                + " \"kms:DescribeKey\" ],\n    \"Resource\" : \"*\",\n    \"Condition\" : {\n      \"StringEquals\" : {\n"
                + "        \"kms:CallerAccount\" : \"" + ACCOUNT + "\",\n"
                + "        \"kms:ViaService\" : \"s3." + region + ".amazonaws.com\"\n      }\n    }\n  }, {\n"
                + "    \"Sid\" : \"Allow direct access to key metadata to the account\",\n    \"Effect\" : \"Allow\",\n"
                + "    \"Principal\" : {\n      \"AWS\" : \"arn:aws:iam::" + ACCOUNT + ":root\"\n    },\n"
                + "    \"Action\" : [ \"kms:Describe*\", \"kms:Get*\", \"kms:List*\" ],\n    \"Resource\" : \"*\"\n  } ]\n}";
    }

    private static String aliasArn(String region, String name) {
        return "arn:aws:kms:" + region + ":" + ACCOUNT + ":" + name;
    }

    private static List<AliasListEntry> aliases(KmsClient client) {
        return client.listAliasesPaginator(request -> { }).aliases().stream().toList();
    }

    private static AliasListEntry alias(KmsClient client, String name) {
        return aliases(client).stream().filter(alias -> alias.aliasName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void listAliasesShowsEveryPredefinedAliasWithoutATargetUntilItsKeyExists() {
        String region = "eu-north-1";
        KmsClient client = kms.client(region);
        List<AliasListEntry> listed = aliases(client);
        assertThat(listed).extracting(AliasListEntry::aliasName).containsExactlyElementsOf(PREDEFINED_ALIASES);
        for (AliasListEntry alias : listed) {
            assertThat(alias.aliasArn()).isEqualTo(aliasArn(region, alias.aliasName()));
            assertThat(alias.targetKeyId()).as(alias.aliasName()).isNull();
            assertThat(alias.creationDate()).isNull();
            assertThat(alias.lastUpdatedDate()).isNull();
        }
        // No key exists until one is used, and a key's own listing holds only its aliases.
        assertThat(client.listKeys(request -> { }).keys()).isEmpty();
        String keyId = client.createKey(request -> { }).keyMetadata().keyId();
        client.createAlias(request -> request.aliasName("alias/mine").targetKeyId(keyId));
        assertThat(client.listAliases(request -> request.keyId(keyId)).aliases()).extracting(AliasListEntry::aliasName)
                .containsExactly("alias/mine");
        assertThat(aliases(client)).extracting(AliasListEntry::aliasName).hasSize(PREDEFINED_ALIASES.size() + 1)
                .contains("alias/mine").isSorted();
    }

    @Test
    void theFirstEncryptCreatesTheKeyAsAwsDescribesIt() {
        String region = "us-east-1";
        KmsClient client = kms.client(region);
        var encrypted = client.encrypt(request -> request.keyId("alias/aws/s3").plaintext(bytes("secret")));
        String keyId = encrypted.keyId().substring(encrypted.keyId().lastIndexOf('/') + 1);
        assertThat(encrypted.keyId()).isEqualTo(arn(region, keyId));

        KeyMetadata metadata = client.describeKey(request -> request.keyId("alias/aws/s3")).keyMetadata();
        assertThat(metadata.keyId()).isEqualTo(keyId);
        assertThat(metadata.keyManager()).isEqualTo(KeyManagerType.AWS);
        assertThat(metadata.description()).isEqualTo(S3_DESCRIPTION);
        assertThat(metadata.enabled()).isTrue();
        assertThat(metadata.keyState()).isEqualTo(KeyState.ENABLED);
        assertThat(metadata.origin()).isEqualTo(OriginType.AWS_KMS);
        assertThat(metadata.keySpec()).isEqualTo(KeySpec.SYMMETRIC_DEFAULT);
        assertThat(metadata.multiRegion()).isFalse();
        assertThat(client.getKeyPolicy(request -> request.keyId(keyId)).policy()).isEqualTo(s3Policy(region));
        GetKeyRotationStatusResponse rotation = client.getKeyRotationStatus(request -> request.keyId(keyId));
        assertThat(rotation.keyRotationEnabled()).isTrue();
        assertThat(rotation.rotationPeriodInDays()).isEqualTo(365);
        assertThat(rotation.nextRotationDate()).isEqualTo(metadata.creationDate().plus(java.time.Duration.ofDays(365)));

        assertThat(client.decrypt(request -> request.ciphertextBlob(encrypted.ciphertextBlob())).plaintext())
                .isEqualTo(bytes("secret"));
        // Later uses find the same key, and the alias now has it as target.
        assertThat(client.encrypt(request -> request.keyId(aliasArn(region, "alias/aws/s3")).plaintext(bytes("again")))
                .keyId()).isEqualTo(arn(region, keyId));
        AliasListEntry alias = alias(client, "alias/aws/s3");
        assertThat(alias.targetKeyId()).isEqualTo(keyId);
        assertThat(alias.creationDate()).isEqualTo(metadata.creationDate());
        assertThat(alias.lastUpdatedDate()).isEqualTo(metadata.creationDate());
        assertThat(client.listAliases(request -> request.keyId(keyId)).aliases()).extracting(AliasListEntry::aliasName)
                .containsExactly("alias/aws/s3");
        assertThat(aliases(client)).filteredOn(entry -> entry.targetKeyId() != null).extracting(AliasListEntry::aliasName)
                .containsExactly("alias/aws/s3");
        assertThat(client.listKeys(request -> { }).keys()).extracting(KeyListEntry::keyId).containsExactly(keyId);
    }

    @Test
    void describeKeyAndGenerateDataKeyCreateTheirKeysToo() {
        String region = "eu-west-3";
        KmsClient client = kms.client(region);
        KeyMetadata ebs = client.describeKey(request -> request.keyId("alias/aws/ebs")).keyMetadata();
        assertThat(ebs.keyManager()).isEqualTo(KeyManagerType.AWS);
        assertThat(ebs.description()).isEqualTo("Default key that protects my EBS volumes when no other key is defined");
        var dataKey = client.generateDataKey(request -> request.keyId(aliasArn(region, "alias/aws/secretsmanager"))
                .numberOfBytes(32));
        KeyMetadata secrets = client.describeKey(request -> request.keyId(dataKey.keyId())).keyMetadata();
        assertThat(secrets.description())
                .isEqualTo("Default key that protects my Secrets Manager data when no other key is defined");
        assertThat(client.getKeyPolicy(request -> request.keyId(secrets.keyId())).policy())
                .contains("\"Id\" : \"auto-secretsmanager-2\"", "\"kms:CallerAccount\" : \"" + ACCOUNT + "\"",
                        "\"kms:ViaService\" : \"secretsmanager." + region + ".amazonaws.com\"");
        assertThat(client.decrypt(request -> request.ciphertextBlob(dataKey.ciphertextBlob())).plaintext())
                .isEqualTo(dataKey.plaintext());
        assertThat(client.listKeys(request -> { }).keys()).extracting(KeyListEntry::keyId)
                .containsExactlyInAnyOrder(ebs.keyId(), secrets.keyId());
        // An unknown name under alias/aws/ is an alias like any other: not found.
        assertKmsError(() -> client.describeKey(request -> request.keyId("alias/aws/unknown")), NotFoundException.class,
                "Alias " + aliasArn(region, "alias/aws/unknown") + " is not found.");
        // Another account's predefined alias is not created by this caller: refused as another account's key.
        assertUndeclaredError(() -> client.describeKey(request -> request.keyId("arn:aws:kms:" + region + ":444455556666:alias/aws/s3")),
                "AccessDeniedException", "User: arn:aws:iam::" + ACCOUNT + ":root is not authorized to perform:"
                        + " kms:DescribeKey on this resource because the resource does not exist in this Region, no"
                        + " resource-based policies allow access, or a resource-based policy explicitly denies access");
    }

    @Test
    void aDryRunCreatesNothing() {
        KmsClient client = kms.client("ap-southeast-2");
        assertKmsError(() -> client.encrypt(request -> request.keyId("alias/aws/lambda").plaintext(bytes("x")).dryRun(true)),
                DryRunOperationException.class, "The request would have succeeded, but the DryRun option is set.");
        assertThat(alias(client, "alias/aws/lambda").targetKeyId()).isNull();
        assertThat(client.listKeys(request -> { }).keys()).isEmpty();
    }

    @Test
    void anAwsManagedKeyCannotBeChanged() {
        String region = "eu-central-1";
        KmsClient client = kms.client(region);
        String keyId = client.describeKey(request -> request.keyId("alias/aws/ebs")).keyMetadata().keyId();
        KeyMetadata before = client.describeKey(request -> request.keyId(keyId)).keyMetadata();
        String customerKey = client.createKey(request -> { }).keyMetadata().keyId();
        client.createAlias(request -> request.aliasName("alias/customer").targetKeyId(customerKey));

        assertDenied(region, keyId, "EnableKey", () -> client.enableKey(request -> request.keyId(keyId)));
        assertDenied(region, keyId, "DisableKey", () -> client.disableKey(request -> request.keyId(keyId)));
        assertDenied(region, keyId, "UpdateKeyDescription",
                () -> client.updateKeyDescription(request -> request.keyId(keyId).description("mine")));
        assertDenied(region, keyId, "ScheduleKeyDeletion", () -> client.scheduleKeyDeletion(request -> request.keyId(keyId)));
        assertDenied(region, keyId, "CancelKeyDeletion", () -> client.cancelKeyDeletion(request -> request.keyId(keyId)));
        assertDenied(region, keyId, "PutKeyPolicy", () -> client.putKeyPolicy(request -> request.keyId(keyId)
                .policy(s3Policy(region))));
        assertDenied(region, keyId, "EnableKeyRotation", () -> client.enableKeyRotation(request -> request.keyId(keyId)
                .rotationPeriodInDays(90)));
        assertDenied(region, keyId, "DisableKeyRotation", () -> client.disableKeyRotation(request -> request.keyId(keyId)));
        assertDenied(region, keyId, "RotateKeyOnDemand", () -> client.rotateKeyOnDemand(request -> request.keyId(keyId)));
        assertDenied(region, keyId, "TagResource", () -> client.tagResource(request -> request.keyId(keyId)
                .tags(Tag.builder().tagKey("k").tagValue("v").build())));
        assertDenied(region, keyId, "UntagResource", () -> client.untagResource(request -> request.keyId(keyId).tagKeys("k")));
        assertDenied(region, keyId, "CreateGrant", () -> client.createGrant(request -> request.keyId(keyId)
                .granteePrincipal("arn:aws:iam::" + ACCOUNT + ":root").operations(List.of(
                        software.amazon.awssdk.services.kms.model.GrantOperation.DECRYPT))));
        assertDenied(region, keyId, "CreateAlias", () -> client.createAlias(request -> request.aliasName("alias/other")
                .targetKeyId(keyId)));
        assertDenied(region, keyId, "UpdateAlias", () -> client.updateAlias(request -> request.aliasName("alias/customer")
                .targetKeyId(keyId)));
        assertDenied(region, keyId, "ScheduleKeyDeletion", () -> client.scheduleKeyDeletion(request -> request
                .keyId(arn(region, keyId)).pendingWindowInDays(7)));
        // DryRun reports the refusal too.
        assertDenied(region, keyId, "CreateGrant", () -> client.createGrant(request -> request.keyId(keyId).dryRun(true)
                .granteePrincipal("arn:aws:iam::" + ACCOUNT + ":root").operations(List.of(
                        software.amazon.awssdk.services.kms.model.GrantOperation.DECRYPT))));

        // Its alias cannot be deleted or moved, and the alias/aws/ prefix stays reserved.
        assertUndeclaredError(() -> client.deleteAlias(request -> request.aliasName("alias/aws/ebs")), "NotAuthorizedException", null);
        assertUndeclaredError(() -> client.updateAlias(request -> request.aliasName("alias/aws/ebs").targetKeyId(customerKey)),
                "NotAuthorizedException", null);
        assertUndeclaredError(() -> client.createAlias(request -> request.aliasName("alias/aws/new").targetKeyId(customerKey)),
                "NotAuthorizedException", null);
        assertUndeclaredError(() -> client.createAlias(request -> request.aliasName("alias/aws/s3").targetKeyId(customerKey)),
                "NotAuthorizedException", null);

        // What its policy lets the account do still works: reads, and RevokeGrant for the EBS key.
        assertKmsError(() -> client.revokeGrant(request -> request.keyId(keyId).grantId("0".repeat(64))),
                NotFoundException.class, "Grant " + "0".repeat(64) + " does not exist for key '" + arn(region, keyId) + "'.");
        assertThat(client.listResourceTags(request -> request.keyId(keyId)).tags()).isEmpty();
        assertThat(client.listKeyPolicies(request -> request.keyId(keyId)).policyNames()).containsExactly("default");
        assertThat(client.listGrants(request -> request.keyId(keyId)).grants()).isEmpty();
        assertThat(client.describeKey(request -> request.keyId(keyId)).keyMetadata()).isEqualTo(before);
        assertThat(alias(client, "alias/aws/ebs").targetKeyId()).isEqualTo(keyId);
        assertThat(alias(client, "alias/customer").targetKeyId()).isEqualTo(customerKey);
    }

    private static void assertDenied(String region, String keyId, String operation, ThrowingCallable call) {
        assertUndeclaredError(call, "AccessDeniedException", "User: arn:aws:iam::" + ACCOUNT + ":root is not authorized to"
                + " perform: kms:" + operation + " on resource: " + arn(region, keyId)
                + " because no resource-based policy allows the kms:" + operation + " action");
    }

    @Test
    void awsManagedKeysDoNotCountAgainstTheKeyQuota() {
        try (KmsTestSupport limited = new KmsTestSupport(EmbeddedMeridian.start(ServerConfiguration.builder()
                .keyLimitPerRegion(1)))) {
            KmsClient client = limited.client("us-west-1");
            client.createKey(request -> { });
            client.describeKey(request -> request.keyId("alias/aws/s3"));
            client.encrypt(request -> request.keyId("alias/aws/rds").plaintext(bytes("x")));
            assertThat(client.listKeys(request -> { }).keys()).hasSize(3);
            assertKmsError(() -> client.createKey(request -> { }), LimitExceededException.class,
                    "Key quota for this account in this region is 1 but the current usage is 1.");
        }
    }

    @Test
    void theKeyAndItsAliasSurviveARestart() {
        try (KmsTestSupport own = new KmsTestSupport(EmbeddedMeridian.start())) {
            String region = "us-east-2";
            SdkBytes ciphertext = own.client(region).encrypt(request -> request.keyId("alias/aws/ssm")
                    .plaintext(bytes("kept"))).ciphertextBlob();
            KeyMetadata before = own.client(region).describeKey(request -> request.keyId("alias/aws/ssm")).keyMetadata();
            String policy = own.client(region).getKeyPolicy(request -> request.keyId(before.keyId())).policy();

            own.server().restart();
            own.resetClients();

            KmsClient client = own.client(region);
            assertThat(client.describeKey(request -> request.keyId("alias/aws/ssm")).keyMetadata()).isEqualTo(before);
            assertThat(before.keyManager()).isEqualTo(KeyManagerType.AWS);
            assertThat(client.getKeyPolicy(request -> request.keyId(before.keyId())).policy()).isEqualTo(policy);
            assertThat(client.getKeyRotationStatus(request -> request.keyId(before.keyId())).keyRotationEnabled()).isTrue();
            assertThat(client.decrypt(request -> request.ciphertextBlob(ciphertext)).plaintext()).isEqualTo(bytes("kept"));
            assertThat(alias(client, "alias/aws/ssm").targetKeyId()).isEqualTo(before.keyId());
            assertDenied(region, before.keyId(), "DisableKey", () -> client.disableKey(request -> request.keyId(before.keyId())));
        }
    }

    @Test
    void concurrentFirstUsesCreateOneKey() throws Exception {
        String region = "sa-east-1";
        int callers = 16;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<KmsClient> clients = new ArrayList<>();
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                KmsClient client = KmsTestSupport.client(kms.server().endpoint(), region);
                clients.add(client);
                boolean encrypt = i % 2 == 0;
                Callable<String> firstUse = () -> {
                    start.await();
                    return encrypt
                            ? client.encrypt(request -> request.keyId("alias/aws/dynamodb").plaintext(bytes("x"))).keyId()
                            : client.describeKey(request -> request.keyId("alias/aws/dynamodb")).keyMetadata().arn();
                };
                results.add(pool.submit(firstUse));
            }
            start.countDown();
            Set<String> keys = new java.util.HashSet<>();
            for (Future<String> result : results) {
                keys.add(result.get(60, TimeUnit.SECONDS));
            }
            assertThat(keys).hasSize(1);
            KmsClient client = kms.client(region);
            assertThat(client.listKeys(request -> { }).keys().stream().map(KeyListEntry::keyArn)
                    .collect(Collectors.toSet())).isEqualTo(keys);
            assertThat(arn(region, alias(client, "alias/aws/dynamodb").targetKeyId())).isEqualTo(keys.iterator().next());
        } finally {
            pool.shutdownNow();
            clients.forEach(KmsClient::close);
        }
    }

    @Test
    void theFirstUseOnAnEventLoopCommitsOnTheWorkerPoolOnceAndAFailedCommitCreatesNothing() {
        List<String> committingThreads = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicReference<MultiRegionFailingStore> store = new AtomicReference<>();
        try (KmsTestSupport own = new KmsTestSupport(EmbeddedMeridian.start(ServerConfiguration.builder(), delegate -> {
            store.set(new MultiRegionFailingStore(new RecordingStore(delegate, committingThreads)));
            return store.get();
        }))) {
            KmsClient client = own.client("us-east-1");
            store.get().failNextCommit(batch -> true);
            assertKmsError(() -> client.encrypt(request -> request.keyId("alias/aws/sqs").plaintext(bytes("x"))),
                    KmsInternalException.class, MultiRegionSupport.INTERNAL_ERROR, 500);
            assertThat(alias(client, "alias/aws/sqs").targetKeyId()).isNull();
            assertThat(client.listKeys(request -> { }).keys()).isEmpty();

            committingThreads.clear();
            String keyArn = client.encrypt(request -> request.keyId("alias/aws/sqs").plaintext(bytes("x"))).keyId();
            client.encrypt(request -> request.keyId("alias/aws/sqs").plaintext(bytes("y")));
            client.generateDataKey(request -> request.keyId("alias/aws/sqs").numberOfBytes(16));
            // Encrypt runs on an event loop, which never writes: the first use ran again on the worker pool and
            // committed there, once; the later uses read memory only.
            assertThat(committingThreads).hasSize(1).allMatch(name -> name.startsWith("meridian-worker-"));
            assertThat(client.describeKey(request -> request.keyId("alias/aws/sqs")).keyMetadata().arn()).isEqualTo(keyArn);
        }
    }

    /** Passes everything to the real store, noting the name of the thread of each commit that creates a key. */
    private static final class RecordingStore extends ForwardingStore {
        private final List<String> committingThreads;

        RecordingStore(Store delegate, List<String> committingThreads) {
            super(delegate);
            this.committingThreads = committingThreads;
        }

        @Override
        protected void beforeCommit(StoreBatch batch) {
            if (batch.changes().stream().anyMatch(change -> change instanceof StoreChange.PutKey)) {
                committingThreads.add(Thread.currentThread().getName());
            }
        }
    }
}
