package dev.meridian.it;

import static dev.meridian.it.ConsoleSupport.JSON;
import static dev.meridian.it.ConsoleSupport.assertAliases;
import static dev.meridian.it.ConsoleSupport.assertGeneral;
import static dev.meridian.it.ConsoleSupport.assertRotation;
import static dev.meridian.it.ConsoleSupport.get;
import static dev.meridian.it.ConsoleSupport.ok;
import static dev.meridian.it.ConsoleSupport.seconds;
import static dev.meridian.it.ConsoleSupport.send;
import static dev.meridian.it.ConsoleSupport.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.it.ConsoleSupport.Answer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.MultiRegionKey;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * The console's JSON read API, over plain HTTP, against keys made with the AWS SDK: the overview of accounts and
 * Regions, one Region's keys, one key's tabs (each compared with the KMS operation that answers the same
 * question through the SDK), and the 400/404/405 refusals. The audit trail has its own class,
 * ConsoleAuditIT.
 */
class ConsoleApiIT {
    private static final String ACCOUNT = KmsTestSupport.ACCOUNT;

    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass();

    private static String symmetric;
    private static String primary;
    private static String signing;
    private static String hmac;

    /** A 200 answer's body from the class's server. */
    private static JsonNode read(String path) {
        return ok(kms.server().endpoint(), path);
    }

    private static Answer fetch(String path) {
        return get(kms.server().endpoint(), path);
    }

    private static JsonNode key(String region, String keyId) {
        return read("/_meridian/console/api/key?account=" + ACCOUNT + "&region=" + region + "&keyId=" + keyId);
    }

    @BeforeAll
    static void keys() {
        KmsClient east = kms.client("us-east-1");
        symmetric = east.createKey(request -> request.description("orders").tags(
                Tag.builder().tagKey("team").tagValue("payments").build(),
                Tag.builder().tagKey("stage").tagValue("test").build())).keyMetadata().keyId();
        east.createAlias(request -> request.aliasName("alias/orders").targetKeyId(symmetric));
        east.createAlias(request -> request.aliasName("alias/orders-old").targetKeyId(symmetric));
        east.enableKeyRotation(request -> request.keyId(symmetric).rotationPeriodInDays(90));
        east.rotateKeyOnDemand(request -> request.keyId(symmetric));
        await().atMost(Duration.ofSeconds(30)).until(() -> east.listKeyRotations(request -> request.keyId(symmetric))
                .rotations().size() == 1);

        primary = east.createKey(request -> request.multiRegion(true).description("global")).keyMetadata().keyId();
        east.createAlias(request -> request.aliasName("alias/global").targetKeyId(primary));
        east.replicateKey(request -> request.keyId(primary).replicaRegion("eu-west-1").description("global in Ireland"));
        east.replicateKey(request -> request.keyId(primary).replicaRegion("ap-southeast-2"));
        for (String region : List.of("eu-west-1", "ap-southeast-2")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> kms.client(region)
                    .describeKey(request -> request.keyId(primary)).keyMetadata().keyState() == KeyState.ENABLED);
        }

        signing = east.createKey(request -> request.keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsageType.SIGN_VERIFY))
                .keyMetadata().keyId();
        hmac = east.createKey(request -> request.keySpec(KeySpec.HMAC_256).keyUsage(KeyUsageType.GENERATE_VERIFY_MAC))
                .keyMetadata().keyId();
    }

    @Test
    void theOverviewCountsTheKeysAndAliasesOfEachAccountAndRegionAsListKeysAndListAliasesDo() {
        JsonNode overview = read("/_meridian/console/api/overview");

        assertThat(overview.get("accounts")).hasSize(1);
        JsonNode account = overview.get("accounts").get(0);
        assertThat(account.get("accountId").asText()).isEqualTo(ACCOUNT);
        Map<String, List<Integer>> regions = new LinkedHashMap<>();
        account.get("regions").forEach(region -> regions.put(region.get("region").asText(),
                List.of(region.get("keys").asInt(), region.get("aliases").asInt())));
        assertThat(regions).containsKeys("ap-southeast-2", "eu-west-1", "us-east-1");
        assertThat(List.copyOf(regions.keySet())).as("in name order").isSorted();
        for (String region : regions.keySet()) {
            KmsClient client = kms.client(region);
            int keys = client.listKeysPaginator(request -> { }).keys().stream().toList().size();
            long aliases = client.listAliasesPaginator(request -> { }).aliases().stream()
                    .filter(alias -> alias.targetKeyId() != null).count();
            assertThat(regions.get(region)).as(region).containsExactly(keys, (int) aliases);
        }
        assertThat(regions.get("us-east-1")).containsExactly(4, 3);

        assertThat(texts(overview.get("partitionRegions")))
                .contains("us-east-1", "eu-west-1", "ap-southeast-2", "cn-north-1", "us-gov-west-1", "mx-central-1")
                .doesNotHaveDuplicates().isSorted();
    }

    @Test
    void aRegionOutsideTheKnownListIsDrawnOnceItHoldsAKey() {
        try (KmsTestSupport own = new KmsTestSupport(dev.meridian.testkit.EmbeddedMeridian.start())) {
            JsonNode empty = ok(own.server().endpoint(), "/_meridian/console/api/overview");
            assertThat(empty.get("accounts").toString())
                    .as("the server's account is listed without keys").isEqualTo("[{\"accountId\":\"" + ACCOUNT
                            + "\",\"regions\":[]}]");
            assertThat(texts(empty.get("partitionRegions"))).doesNotContain("xy-lunar-1");

            own.createKey("xy-lunar-1");

            JsonNode overview = ok(own.server().endpoint(), "/_meridian/console/api/overview");
            assertThat(overview.get("accounts").toString()).isEqualTo("[{\"accountId\":\"" + ACCOUNT
                    + "\",\"regions\":[{\"region\":\"xy-lunar-1\",\"keys\":1,\"aliases\":0}]}]");
            assertThat(texts(overview.get("partitionRegions"))).contains("xy-lunar-1").isSorted();
        }
    }

    /**
     * Several accounts: a 12-digit access key ID names the caller's account in development mode (#9), and the
     * console shows each account's Regions, keys and trail apart.
     */
    @Test
    void eachAccountHasItsOwnRegionsKeysAndTrail() {
        String other = "222233334444";
        try (KmsTestSupport own = new KmsTestSupport(dev.meridian.testkit.EmbeddedMeridian.start());
                KmsClient otherIreland = KmsTestSupport.pointedAt(KmsClient.builder(), own.server().endpoint(), "eu-west-1")
                        .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(other, "secret")))
                        .build()) {
            String mine = own.createKey("us-east-1");
            KeyMetadata theirs = otherIreland.createKey(request -> request.description("theirs")).keyMetadata();
            assertThat(theirs.awsAccountId()).isEqualTo(other);
            otherIreland.createAlias(request -> request.aliasName("alias/theirs").targetKeyId(theirs.keyId()));
            String endpoint = own.server().endpoint();

            assertThat(ok(endpoint, "/_meridian/console/api/overview").get("accounts").toString()).isEqualTo("["
                    + "{\"accountId\":\"" + ACCOUNT + "\",\"regions\":[{\"region\":\"us-east-1\",\"keys\":1,\"aliases\":0}]},"
                    + "{\"accountId\":\"" + other + "\",\"regions\":[{\"region\":\"eu-west-1\",\"keys\":1,\"aliases\":1}]}]");
            JsonNode keys = ok(endpoint, "/_meridian/console/api/keys?account=" + other + "&region=eu-west-1").get("keys");
            assertThat(keys).extracting(key -> key.get("arn").asText()).containsExactly(theirs.arn());
            assertThat(texts(keys.get(0).get("aliases"))).containsExactly("alias/theirs");
            assertThat(ok(endpoint, "/_meridian/console/api/keys?region=eu-west-1").get("keys")).isEmpty();
            assertGeneral(ok(endpoint, "/_meridian/console/api/key?account=" + other + "&region=eu-west-1&keyId="
                    + theirs.keyId()).get("general"), otherIreland.describeKey(request -> request.keyId(theirs.keyId()))
                    .keyMetadata());
            assertThat(get(endpoint, "/_meridian/console/api/key?region=eu-west-1&keyId=" + theirs.keyId()).status())
                    .isEqualTo(404);
            assertThat(ok(endpoint, "/_meridian/console/api/audit?account=" + other).get("events"))
                    .extracting(event -> event.get("eventName").asText() + " " + event.get("accountId").asText())
                    .containsExactly("DescribeKey " + other, "CreateAlias " + other, "CreateKey " + other);
            assertThat(ok(endpoint, "/_meridian/console/api/audit").get("events"))
                    .extracting(event -> event.get("keyArns").get(0).asText())
                    .containsExactly(KmsTestSupport.arn("us-east-1", mine));
        }
    }

    @Test
    void aRegionsKeysAreListedOldestFirstAsDescribeKeyAndListAliasesDescribeThem() {
        KmsClient east = kms.client("us-east-1");
        JsonNode keys = read("/_meridian/console/api/keys?account=" + ACCOUNT + "&region=us-east-1").get("keys");

        List<KeyMetadata> described = new ArrayList<>();
        east.listKeysPaginator(request -> { }).keys().forEach(entry ->
                described.add(east.describeKey(request -> request.keyId(entry.keyId())).keyMetadata()));
        described.sort(Comparator.comparing(KeyMetadata::creationDate).thenComparing(KeyMetadata::keyId));
        Map<String, List<String>> aliases = east.listAliasesPaginator(request -> { }).aliases().stream()
                .filter(alias -> alias.targetKeyId() != null)
                .collect(Collectors.groupingBy(AliasListEntry::targetKeyId,
                        Collectors.mapping(AliasListEntry::aliasName, Collectors.toList())));

        assertThat(texts(keyIds(keys))).containsExactlyElementsOf(described.stream().map(KeyMetadata::keyId).toList());
        for (int index = 0; index < described.size(); index++) {
            KeyMetadata metadata = described.get(index);
            JsonNode key = keys.get(index);
            assertThat(key.get("arn").asText()).isEqualTo(metadata.arn());
            assertThat(texts(key.get("aliases"))).isEqualTo(aliases.getOrDefault(metadata.keyId(), List.of()));
            assertThat(key.get("description").asText()).isEqualTo(metadata.description());
            assertThat(key.get("keyState").asText()).isEqualTo(metadata.keyStateAsString());
            assertThat(key.get("keySpec").asText()).isEqualTo(metadata.keySpecAsString());
            assertThat(key.get("keyUsage").asText()).isEqualTo(metadata.keyUsageAsString());
            assertThat(key.get("origin").asText()).isEqualTo(metadata.originAsString());
            assertThat(key.get("multiRegion").asBoolean()).isEqualTo(metadata.multiRegion());
            assertThat(key.get("multiRegionKeyType").isNull() ? null : key.get("multiRegionKeyType").asText())
                    .isEqualTo(metadata.multiRegion() ? metadata.multiRegionConfiguration().multiRegionKeyTypeAsString()
                            : null);
            assertThat(key.get("creationDate").decimalValue()).isEqualByComparingTo(seconds(metadata.creationDate()));
            assertThat(key.get("keyManager").asText()).isEqualTo(metadata.keyManagerAsString());
        }
        assertThat(keyIds(keys)).extracting(JsonNode::asText).containsExactly(symmetric, primary, signing, hmac);

        JsonNode replicas = read("/_meridian/console/api/keys?region=eu-west-1").get("keys");
        assertThat(replicas).hasSize(1);
        assertThat(replicas.get(0).get("multiRegionKeyType").asText()).isEqualTo("REPLICA");
        assertThat(replicas.get(0).get("description").asText()).isEqualTo("global in Ireland");
        assertThat(read("/_meridian/console/api/keys?region=eu-north-1").toString()).isEqualTo("{\"keys\":[]}");
    }

    private static JsonNode keyIds(JsonNode keys) {
        return JSON.valueToTree(StreamSupport.stream(keys.spliterator(), false).map(key -> key.get("keyId")).toList());
    }

    @Test
    void aSymmetricKeysTabsSayWhatTheKmsOperationsSay() {
        KmsClient east = kms.client("us-east-1");
        JsonNode key = key("us-east-1", symmetric);
        assertThat(key.fieldNames()).toIterable().containsExactly("general", "keyPolicy", "cryptographicConfiguration",
                "tags", "rotation", "regionality", "aliases");

        assertGeneral(key.get("general"), east.describeKey(request -> request.keyId(symmetric)).keyMetadata());
        assertThat(key.get("keyPolicy").asText())
                .isEqualTo(east.getKeyPolicy(request -> request.keyId(symmetric)).policy());
        assertThat(key.get("cryptographicConfiguration").toString()).isEqualTo("{\"keySpec\":\"SYMMETRIC_DEFAULT\","
                + "\"keyUsage\":\"ENCRYPT_DECRYPT\",\"encryptionAlgorithms\":[\"SYMMETRIC_DEFAULT\"],"
                + "\"signingAlgorithms\":[],\"macAlgorithms\":[],\"keyAgreementAlgorithms\":[]}");
        assertThat(key.get("tags").toString())
                .isEqualTo("[{\"key\":\"team\",\"value\":\"payments\"},{\"key\":\"stage\",\"value\":\"test\"}]");
        assertThat(key.get("tags")).extracting(tag -> tag.get("key").asText() + "=" + tag.get("value").asText())
                .containsExactlyElementsOf(east.listResourceTags(request -> request.keyId(symmetric)).tags().stream()
                        .map(tag -> tag.tagKey() + "=" + tag.tagValue()).toList());

        assertRotation(key.get("rotation"), east, symmetric);
        assertThat(key.get("rotation").get("supported").asBoolean()).isTrue();
        assertThat(key.get("rotation").get("enabled").asBoolean()).isTrue();
        assertThat(key.get("rotation").get("rotationPeriodInDays").asInt()).isEqualTo(90);
        assertThat(key.get("rotation").get("rotations")).hasSize(1);
        assertThat(key.get("rotation").get("rotations").get(0).get("rotationType").asText()).isEqualTo("ON_DEMAND");

        assertThat(key.get("regionality").toString()).isEqualTo("{\"multiRegion\":false,\"replicas\":[]}");
        assertAliases(key.get("aliases"), east, symmetric);
        assertThat(key.get("aliases")).extracting(alias -> alias.get("aliasName").asText())
                .containsExactly("alias/orders", "alias/orders-old");
    }

    @Test
    void aMultiRegionKeysRegionalityShowsThePrimaryAndEveryReplicaWithTheirStates() {
        for (String region : List.of("us-east-1", "eu-west-1", "ap-southeast-2")) {
            KmsClient client = kms.client(region);
            KeyMetadata metadata = client.describeKey(request -> request.keyId(primary)).keyMetadata();
            JsonNode key = key(region, primary);
            assertGeneral(key.get("general"), metadata);
            assertThat(key.get("keyPolicy").asText()).isEqualTo(client.getKeyPolicy(request -> request.keyId(primary))
                    .policy());
            assertRotation(key.get("rotation"), client, primary);
            assertAliases(key.get("aliases"), client, primary);

            JsonNode regionality = key.get("regionality");
            assertThat(regionality.get("multiRegion").asBoolean()).isTrue();
            MultiRegionKey primaryKey = metadata.multiRegionConfiguration().primaryKey();
            assertThat(regionality.get("primary").toString()).isEqualTo("{\"region\":\"" + primaryKey.region()
                    + "\",\"arn\":\"" + primaryKey.arn() + "\",\"keyState\":\"Enabled\"}");
            assertThat(regionality.get("replicas")).extracting(replica -> replica.get("region").asText() + " "
                    + replica.get("arn").asText() + " " + replica.get("keyState").asText())
                    .containsExactlyElementsOf(metadata.multiRegionConfiguration().replicaKeys().stream()
                            .map(replica -> replica.region() + " " + replica.arn() + " " + kms.client(replica.region())
                                    .describeKey(request -> request.keyId(primary)).keyMetadata().keyStateAsString())
                            .toList());
        }
        JsonNode fromPrimary = key("us-east-1", primary).get("regionality");
        assertThat(fromPrimary.get("replicas")).extracting(replica -> replica.get("region").asText())
                .containsExactly("ap-southeast-2", "eu-west-1");

        kms.client("eu-west-1").disableKey(request -> request.keyId(primary));
        try {
            assertThat(key("us-east-1", primary).get("regionality").get("replicas").get(1).get("keyState").asText())
                    .as("each replica's own state").isEqualTo("Disabled");
        } finally {
            kms.client("eu-west-1").enableKey(request -> request.keyId(primary));
        }
    }

    @Test
    void anAsymmetricKeyShowsItsAlgorithmsAndThePublicKeyOfGetPublicKeyAndNoRotation() {
        KmsClient east = kms.client("us-east-1");
        JsonNode key = key("us-east-1", signing);
        KeyMetadata metadata = east.describeKey(request -> request.keyId(signing)).keyMetadata();
        assertGeneral(key.get("general"), metadata);
        JsonNode configuration = key.get("cryptographicConfiguration");
        assertThat(configuration.fieldNames()).toIterable().containsExactly("keySpec", "keyUsage",
                "encryptionAlgorithms", "signingAlgorithms", "macAlgorithms", "keyAgreementAlgorithms", "publicKey");
        assertThat(configuration.get("keySpec").asText()).isEqualTo("ECC_NIST_P256");
        assertThat(configuration.get("keyUsage").asText()).isEqualTo("SIGN_VERIFY");
        assertThat(texts(configuration.get("signingAlgorithms"))).isEqualTo(metadata.signingAlgorithmsAsStrings());
        assertThat(configuration.get("encryptionAlgorithms")).isEmpty();
        assertThat(Base64.getDecoder().decode(configuration.get("publicKey").asText()))
                .isEqualTo(east.getPublicKey(request -> request.keyId(signing)).publicKey().asByteArray());
        assertThat(key.get("rotation").toString()).as("GetKeyRotationStatus says false; the key never rotates")
                .isEqualTo("{\"supported\":false,\"enabled\":false,\"rotations\":[]}");
        assertThat(east.getKeyRotationStatus(request -> request.keyId(signing)).keyRotationEnabled()).isFalse();

        east.disableKey(request -> request.keyId(signing));
        try {
            assertThat(key("us-east-1", signing).get("cryptographicConfiguration").has("publicKey"))
                    .as("GetPublicKey refuses a disabled key; the console shows none either").isFalse();
        } finally {
            east.enableKey(request -> request.keyId(signing));
        }
    }

    @Test
    void anHmacKeyListsItsMacAlgorithms() {
        KmsClient east = kms.client("us-east-1");
        JsonNode configuration = key("us-east-1", hmac).get("cryptographicConfiguration");
        assertThat(texts(configuration.get("macAlgorithms")))
                .isEqualTo(east.describeKey(request -> request.keyId(hmac)).keyMetadata().macAlgorithmsAsStrings());
        assertThat(configuration.has("publicKey")).isFalse();
        assertThat(key("us-east-1", hmac).get("general").has("currentKeyMaterialId"))
                .as("as DescribeKey: only symmetric encryption keys show it").isFalse();
    }

    @Test
    void aKeyWithImportedMaterialShowsItsExpiryAsDescribeKeyDoes() {
        KmsClient west = kms.client("us-west-1");
        String keyId = ImportSupport.createExternalKey(west);
        JsonNode pending = key("us-west-1", keyId);
        assertGeneral(pending.get("general"), west.describeKey(request -> request.keyId(keyId)).keyMetadata());
        assertThat(pending.get("general").get("keyState").asText()).isEqualTo("PendingImport");
        assertRotation(pending.get("rotation"), west, keyId);

        Instant validTo = Instant.now().plus(Duration.ofDays(30)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        ImportSupport.importMaterial(west, keyId, ImportSupport.newMaterial(), validTo);
        JsonNode imported = key("us-west-1", keyId);
        KeyMetadata metadata = west.describeKey(request -> request.keyId(keyId)).keyMetadata();
        assertGeneral(imported.get("general"), metadata);
        assertThat(imported.get("general").get("expirationModel").asText()).isEqualTo("KEY_MATERIAL_EXPIRES");
        assertThat(imported.get("general").get("validTo").decimalValue()).isEqualByComparingTo(seconds(validTo));
        assertThat(imported.get("rotation").get("supported").asBoolean()).as("on demand, with new imported material")
                .isTrue();
        assertRotation(imported.get("rotation"), west, keyId);
    }

    @Test
    void anAwsManagedKeyIsListedWithItsAliasAndPolicy() {
        KmsClient canada = kms.client("ca-central-1");
        KeyMetadata metadata = canada.describeKey(request -> request.keyId("alias/aws/ebs")).keyMetadata();

        JsonNode keys = read("/_meridian/console/api/keys?region=ca-central-1").get("keys");
        assertThat(keys).hasSize(1);
        assertThat(keys.get(0).get("keyManager").asText()).isEqualTo("AWS");
        assertThat(texts(keys.get(0).get("aliases"))).containsExactly("alias/aws/ebs");
        JsonNode key = key("ca-central-1", metadata.keyId());
        assertGeneral(key.get("general"), metadata);
        assertThat(key.get("keyPolicy").asText())
                .isEqualTo(canada.getKeyPolicy(request -> request.keyId(metadata.keyId())).policy());
        assertRotation(key.get("rotation"), canada, metadata.keyId());
        assertAliases(key.get("aliases"), canada, metadata.keyId());
    }

    @Test
    void aKeyPendingDeletionShowsItsDeletionDate() {
        KmsClient east = kms.client("us-west-2");
        String keyId = east.createKey(request -> request.description("doomed")).keyMetadata().keyId();
        east.scheduleKeyDeletion(request -> request.keyId(keyId).pendingWindowInDays(7));
        try {
            JsonNode key = key("us-west-2", keyId);
            assertGeneral(key.get("general"), east.describeKey(request -> request.keyId(keyId)).keyMetadata());
            assertThat(key.get("general").get("keyState").asText()).isEqualTo("PendingDeletion");
            assertThat(key.get("general").has("deletionDate")).isTrue();
            assertRotation(key.get("rotation"), east, keyId);
        } finally {
            east.cancelKeyDeletion(request -> request.keyId(keyId));
            east.scheduleKeyDeletion(request -> request.keyId(keyId).pendingWindowInDays(7));
        }
    }

    @Test
    void theConsolesReadsAreNeitherAuditedNorWrites() {
        try (var trail = AuditSupport.cloudTrail(kms.server().endpoint(), "us-east-1")) {
            List<String> before = eventIds(trail);
            read("/_meridian/console/api/overview");
            read("/_meridian/console/api/keys?region=us-east-1");
            key("us-east-1", symmetric);
            key("us-east-1", signing);
            read("/_meridian/console/api/audit?region=us-east-1");
            assertThat(fetch("/_meridian/console/api/key?region=us-east-1&keyId=alias/aws/s3").status()).isEqualTo(400);

            assertThat(eventIds(trail)).isEqualTo(before);
            assertThat(kms.client("us-east-1").listAliases(request -> { }).aliases().stream()
                    .filter(alias -> alias.aliasName().equals("alias/aws/s3")).findFirst().orElseThrow().targetKeyId())
                    .as("no AWS managed key was made").isNull();
        }
    }

    private static List<String> eventIds(software.amazon.awssdk.services.cloudtrail.CloudTrailClient trail) {
        return AuditSupport.lookup(trail, software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey.EVENT_SOURCE,
                "kms.amazonaws.com").stream().map(software.amazon.awssdk.services.cloudtrail.model.Event::eventId)
                .toList();
    }

    @Test
    void anUnknownKeyIs404AndBadParametersAre400WithAMessage() {
        String unknown = "1234abcd-12ab-34cd-56ef-1234567890ab";
        assertRefused("/_meridian/console/api/key?region=us-east-1&keyId=" + unknown, 404,
                "Key 'arn:aws:kms:us-east-1:" + ACCOUNT + ":key/" + unknown + "' does not exist");
        assertRefused("/_meridian/console/api/key?region=eu-west-1&keyId=" + symmetric, 404,
                "Key 'arn:aws:kms:eu-west-1:" + ACCOUNT + ":key/" + symmetric + "' does not exist");
        assertRefused("/_meridian/console/api/key?region=us-east-1&keyId=alias/aws/s3", 400,
                "keyId must be a key ID (a UUID, or mrk- and 32 hex digits), not 'alias/aws/s3'.");
        assertRefused("/_meridian/console/api/key?region=us-east-1", 400, "keyId is required.");
        assertRefused("/_meridian/console/api/key?keyId=" + symmetric, 400, "region is required.");
        assertRefused("/_meridian/console/api/keys", 400, "region is required.");
        assertRefused("/_meridian/console/api/keys?region=US_EAST", 400,
                "region must be a Region name such as us-east-1, not 'US_EAST'.");
        assertRefused("/_meridian/console/api/keys?region=us-east-1&account=1234", 400,
                "account must be an AWS account ID of 12 digits, not '1234'.");
        assertRefused("/_meridian/console/api/nothing", 404,
                "No console endpoint GET /_meridian/console/api/nothing; there are overview, keys, key and audit.");
        Answer post = send(HttpRequest.newBuilder(URI.create(kms.server().endpoint() + "/_meridian/console/api/overview"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(post).isEqualTo(new Answer(405, JSON.createObjectNode()
                .put("message", "The console API is read-only: use GET, not POST.")));
        assertThat(read("/_meridian/console/api/keys?region=us-east-1&account=999988887777").toString())
                .as("an account without keys has none").isEqualTo("{\"keys\":[]}");
    }

    private static void assertRefused(String path, int status, String message) {
        Answer answer = fetch(path);
        assertThat(answer).as(path).isEqualTo(new Answer(status, JSON.createObjectNode().put("message", message)));
    }
}
