package dev.meridian.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.crypto.FileRootKey;
import dev.meridian.model.AccountId;
import dev.meridian.model.Alias;
import dev.meridian.model.KeyManager;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyReference;
import dev.meridian.model.Region;
import dev.meridian.model.RequestContext;
import dev.meridian.policy.PolicyDocument;
import dev.meridian.store.sqlite.SqliteStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules of AWS managed keys, below HTTP: the catalog, creation on first use, the guard, the quota. */
class AwsManagedKeysTest {
    private static final AccountId ACCOUNT = AccountId.of("111122223333");
    private static final Region REGION = Region.of("eu-west-1");
    private static final RequestContext CALLER = RequestContext.root(ACCOUNT, REGION);
    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    @TempDir
    Path folder;
    private SqliteStore store;
    private KeyRegistry registry;
    private AwsManagedKeys awsManagedKeys;
    private KeyLifecycle lifecycle;
    private Cryptography cryptography;
    private Aliases aliases;

    @BeforeEach
    void start() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        store = SqliteStore.open(folder.resolve("meridian.db"));
        registry = KeyRegistry.load(store, FileRootKey.loadOrCreate(folder.resolve("root.key")));
        awsManagedKeys = new AwsManagedKeys(registry, clock);
        lifecycle = new KeyLifecycle(registry, clock, 1, awsManagedKeys);
        cryptography = new Cryptography(registry, new KeyUsageTracker(registry, clock), awsManagedKeys,
                new dev.meridian.crypto.attestation.AttestationDocumentVerifier(
                        dev.meridian.crypto.attestation.AwsNitroEnclavesRoot.certificate()), clock);
        aliases = new Aliases(registry, clock, awsManagedKeys);
    }

    @AfterEach
    void stop() {
        store.close();
    }

    private KeyRecord describe(String keyId) {
        return lifecycle.describeKey(CALLER, keyId).record();
    }

    @Test
    void theCatalogHoldsEveryPredefinedAliasWithAValidPolicyAndADescription() {
        AwsManagedKeyCatalog catalog = AwsManagedKeyCatalog.defaultCatalog();
        assertThat(catalog.entries()).hasSize(39);
        assertThat(catalog.entries()).extracting(AwsManagedKeyCatalog.Entry::aliasName)
                .contains("alias/aws/acm", "alias/aws/dynamodb", "alias/aws/ebs", "alias/aws/elasticfilesystem",
                        "alias/aws/es", "alias/aws/glue", "alias/aws/kinesisvideo", "alias/aws/lambda", "alias/aws/rds",
                        "alias/aws/redshift", "alias/aws/s3", "alias/aws/secretsmanager", "alias/aws/ssm", "alias/aws/xray")
                .allMatch(name -> name.startsWith("alias/aws/")).isSorted();
        for (AwsManagedKeyCatalog.Entry entry : catalog.entries()) {
            assertThat(entry.description()).as(entry.aliasName()).startsWith("Default key that protects my ")
                    .endsWith(" when no other key is defined");
            String policy = entry.policy(ACCOUNT, Region.of("cn-north-1"));
            assertThat(policy).as(entry.aliasName()).doesNotContain("${").contains("111122223333")
                    .contains("\"Id\" : \"auto-");
            PolicyDocument.parse(policy);
            // The account may read the key directly, and may never change it.
            PolicyDocument document = PolicyDocument.parse(entry.policy(ACCOUNT, REGION));
            for (String action : List.of("kms:PutKeyPolicy", "kms:DisableKey", "kms:ScheduleKeyDeletion", "kms:TagResource")) {
                assertThat(document.allows(CALLER.principalArn(), ACCOUNT.value(), action)).as(entry.aliasName() + " " + action)
                        .isFalse();
            }
        }
        assertThat(catalog.entry("alias/aws/s3").policy(ACCOUNT, REGION))
                .contains("\"kms:ViaService\" : \"s3.eu-west-1.amazonaws.com\"", "\"kms:CallerAccount\" : \"111122223333\"",
                        "\"AWS\" : \"arn:aws:iam::111122223333:root\"");
        assertThat(catalog.entry("alias/aws/mine")).isNull();
    }

    @Test
    void theCatalogFormatIsReadAsDocumented() {
        AwsManagedKeyCatalog catalog = AwsManagedKeyCatalog.parse("""
                # a comment
                == alias/aws/one
                description: Default key that protects my one when no other key is defined
                source: somewhere
                {
                  "Id" : "${account}-${region}-${partition}"
                }

                == alias/aws/two
                description: two
                {}
                """);
        assertThat(catalog.entries()).extracting(AwsManagedKeyCatalog.Entry::aliasName)
                .containsExactly("alias/aws/one", "alias/aws/two");
        assertThat(catalog.entry("alias/aws/one").policy(ACCOUNT, Region.of("us-gov-west-1")))
                .isEqualTo("{\n  \"Id\" : \"111122223333-us-gov-west-1-aws-us-gov\"\n}");
        assertThatThrownBy(() -> AwsManagedKeyCatalog.parse("== alias/aws/none\n{}\n"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("alias/aws/none");
    }

    @Test
    void theFirstUseCreatesTheKeyOnceAndLaterUsesFindIt() {
        Cryptography.Encrypted encrypted = cryptography.encrypt(CALLER, "alias/aws/s3",
                "data".getBytes(StandardCharsets.UTF_8), Map.of(), null);
        KeyRecord key = describe("alias/aws/s3");
        assertThat(key.reference()).isEqualTo(encrypted.key());
        assertThat(key.keyManager()).isEqualTo(KeyManager.AWS);
        assertThat(key.description()).isEqualTo("Default key that protects my S3 objects when no other key is defined");
        assertThat(key.multiRegion()).isFalse();
        assertThat(key.enabled()).isTrue();
        assertThat(key.creationDate()).isEqualTo(NOW);
        assertThat(key.rotationEnabled()).isTrue();
        assertThat(key.rotationPeriodInDays()).isEqualTo(365);
        assertThat(key.nextRotationDate()).isEqualTo(NOW.plus(Duration.ofDays(365)));
        assertThat(key.policy()).isEqualTo(AwsManagedKeyCatalog.defaultCatalog().entry("alias/aws/s3").policy(ACCOUNT, REGION));
        Alias alias = registry.alias(ACCOUNT, REGION, "alias/aws/s3");
        assertThat(alias).isEqualTo(new Alias(ACCOUNT, REGION, "alias/aws/s3", key.reference().keyId(), NOW, NOW));

        // Materializing again (a second first use that lost the race) finds the key the first one made.
        KeyReference again = awsManagedKeys.materialize(CALLER, "alias/aws/s3");
        assertThat(again).isEqualTo(key.reference());
        assertThat(lifecycle.listKeys(CALLER, null, null).items()).containsExactly(key.reference());
    }

    @Test
    void onANonBlockingThreadTheFirstUseAsksForAWriteAndChangesNothing() throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread eventLoop = new Thread(() -> {
            NonBlocking.markCurrentThread();
            try {
                cryptography.encrypt(CALLER, "alias/aws/ebs", new byte[] {1}, Map.of(), null);
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        eventLoop.start();
        eventLoop.join();
        assertThat(thrown.get()).isInstanceOf(NonBlocking.WriteRequiredException.class);
        assertThat(registry.alias(ACCOUNT, REGION, "alias/aws/ebs")).isNull();
        assertThat(lifecycle.listKeys(CALLER, null, null).items()).isEmpty();

        // Once the key exists, a non-blocking thread uses it from memory.
        KeyRecord key = describe("alias/aws/ebs");
        Thread later = new Thread(() -> {
            NonBlocking.markCurrentThread();
            thrown.set(null);
            try {
                cryptography.encrypt(CALLER, "alias/aws/ebs", new byte[] {1}, Map.of(), null);
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        later.start();
        later.join();
        assertThat(thrown.get()).isNull();
        assertThat(key.keyManager()).isEqualTo(KeyManager.AWS);
    }

    @Test
    void theGuardRefusesWhatTheKeyPolicyDoesNotAllowToTheAccount() {
        String ebs = describe("alias/aws/ebs").reference().keyId().value();
        String s3 = describe("alias/aws/s3").reference().keyId().value();
        String arn = "arn:aws:kms:eu-west-1:111122223333:key/" + s3;
        assertThatThrownBy(() -> awsManagedKeys.checkDirectAccess(CALLER, "DisableKey", s3))
                .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_DENIED))
                .hasMessage("User: arn:aws:iam::111122223333:root is not authorized to perform: kms:DisableKey on resource: "
                        + arn + " because no resource-based policy allows the kms:DisableKey action");
        assertThatThrownBy(() -> awsManagedKeys.checkDirectAccess(CALLER, "PutKeyPolicy", arn))
                .isInstanceOf(KmsException.class);
        // The EBS key's policy lets the account revoke grants; the S3 key's does not.
        awsManagedKeys.checkDirectAccess(CALLER, "RevokeGrant", ebs);
        assertThatThrownBy(() -> awsManagedKeys.checkDirectAccess(CALLER, "RevokeGrant", s3))
                .isInstanceOf(KmsException.class);
        // Reads, cryptography, customer keys, aliases and missing keys pass (the operation answers for itself).
        awsManagedKeys.checkDirectAccess(CALLER, "GetKeyPolicy", s3);
        awsManagedKeys.checkDirectAccess(CALLER, "Encrypt", s3);
        awsManagedKeys.checkDirectAccess(CALLER, "DisableKey", "alias/aws/s3");
        awsManagedKeys.checkDirectAccess(CALLER, "DisableKey", "1234abcd-12ab-34cd-56ef-1234567890ab");
        awsManagedKeys.checkDirectAccess(CALLER, "DisableKey", null);
        assertThat(AwsManagedKeys.guards("ScheduleKeyDeletion")).isTrue();
        assertThat(AwsManagedKeys.guards("CreateAlias")).isTrue();
        assertThat(AwsManagedKeys.guards("DescribeKey")).isFalse();
        assertThat(AwsManagedKeys.guards("ListGrants")).isFalse();
        assertThat(AwsManagedKeys.guards("GenerateDataKey")).isFalse();
        assertThat(AwsManagedKeys.guards("RetireGrant")).isFalse();
    }

    @Test
    void awsManagedKeysDoNotCountAgainstTheKeyQuota() {
        describe("alias/aws/s3");
        describe("alias/aws/rds");
        assertThat(registry.keyCount(ACCOUNT, REGION)).isZero();
        String customer = lifecycle.createKey(CALLER, new CreateKeyRequest(null, null, null, null, null, false,
                List.of(), false, null)).record().reference().keyId().value();
        awsManagedKeys.checkDirectAccess(CALLER, "DisableKey", customer);
        assertThat(registry.keyCount(ACCOUNT, REGION)).isOne();
        assertThatThrownBy(() -> describe("alias/aws/unknown")).isInstanceOfSatisfying(KmsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void listAliasesMergesThePredefinedAliasesInNameOrder() {
        KeyRecord s3 = describe("alias/aws/s3");
        Page<Alias> first = aliases.listAliases(CALLER, null, 30, null);
        assertThat(first.items()).hasSize(30);
        Page<Alias> second = aliases.listAliases(CALLER, null, 30, first.nextMarker());
        assertThat(second.truncated()).isFalse();
        List<Alias> all = java.util.stream.Stream.concat(first.items().stream(), second.items().stream()).toList();
        assertThat(all).extracting(Alias::name).hasSize(39).doesNotHaveDuplicates().isSorted();
        assertThat(all).filteredOn(Alias::hasTarget).extracting(Alias::targetKeyId).containsExactly(s3.reference().keyId());
        assertThat(aliases.listAliases(CALLER, s3.reference().keyId().value(), null, null).items())
                .extracting(Alias::name).containsExactly("alias/aws/s3");
    }
}
