package dev.meridian.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.crypto.SecretBytes;
import dev.meridian.model.KeyId;
import dev.meridian.model.KeyOrigin;
import dev.meridian.model.KeySpec;
import dev.meridian.model.KeyState;
import dev.meridian.model.KeyUsage;
import dev.meridian.model.MaterialInfo;
import dev.meridian.model.Region;
import dev.meridian.model.Tag;
import dev.meridian.store.StoreContents;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The seeding plan below the file formats: what it creates, that it is idempotent, and what it refuses. */
class SeedingTest {
    private static final String SYMMETRIC_ID = "71afd6ba-b888-4ad8-8629-1a8e05272076";
    private static final String MRK_ID = "mrk-8c6c9a9411f5d72d95a8556c18457eec";
    private static final String FIRST = "94171e5bcd25b77576d44dd4fb15c01d201cce08c915b9986aa13d76c4a3d6e1";
    private static final String SECOND = "721aa1dea2f21c960fef45d4f9ca6fba1146dde54d522cedd185a1c0a38f3d02";
    private final CoreFixture fixture = new CoreFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    private Seeding seeding() {
        return new Seeding(fixture.registry, fixture.clock);
    }

    private static SeedPlan.Material material(String place, String hex) {
        return new SeedPlan.Material(place, SecretBytes.copyOf(HexFormat.of().parseHex(hex)), null, null);
    }

    private static SeedPlan.Key symmetric(String place, String keyId, List<SeedPlan.Material> materials) {
        return key(place, keyId, KeySpec.SYMMETRIC_DEFAULT, KeyUsage.ENCRYPT_DECRYPT, KeyOrigin.AWS_KMS, materials, null,
                List.of(), List.of());
    }

    private static SeedPlan.Key key(String place, String keyId, KeySpec spec, KeyUsage usage, KeyOrigin origin,
            List<SeedPlan.Material> materials, SeedPlan.Rotation rotation, List<SeedPlan.Alias> aliases,
            List<SeedPlan.Replica> replicas) {
        return new SeedPlan.Key(place, CoreFixture.ACCOUNT, Region.of("us-east-1"), new KeyId(keyId), spec, usage, origin,
                "seeded", null, List.of(new Tag("Project", "seeds")), true, null, materials, null, rotation, aliases,
                replicas);
    }

    private static SeedPlan.Replica replica(String place, String region, String... aliases) {
        return new SeedPlan.Replica(place, Region.of(region), "", null, List.of(), true,
                java.util.Arrays.stream(aliases).map(name -> new SeedPlan.Alias(place, name)).toList());
    }

    @Test
    void aSymmetricKeyGetsItsMaterialVersionsTheLastCurrentAndItsAliasAndRotation() {
        SeedPlan plan = new SeedPlan(List.of(key("keys[0]", SYMMETRIC_ID, KeySpec.SYMMETRIC_DEFAULT,
                KeyUsage.ENCRYPT_DECRYPT, KeyOrigin.AWS_KMS, List.of(material("m0", FIRST),
                        new SeedPlan.Material("m1", SecretBytes.copyOf(HexFormat.of().parseHex(SECOND)),
                                Instant.parse("2026-01-01T00:00:00Z"), null)),
                new SeedPlan.Rotation("rotation", 180, null), List.of(new SeedPlan.Alias("a", "alias/orders")), List.of())));

        Seeding.Outcome outcome = seeding().apply(plan);

        assertThat(outcome).isEqualTo(new Seeding.Outcome(1, 0, 1));
        KeyEntry entry = fixture.entry("us-east-1", SYMMETRIC_ID);
        assertThat(entry.record().state()).isEqualTo(KeyState.Enabled);
        assertThat(entry.record().currentMaterialVersion()).isEqualTo(2);
        assertThat(entry.record().tags()).containsExactly(new Tag("Project", "seeds"));
        assertThat(entry.record().rotationEnabled()).isTrue();
        assertThat(entry.record().creationDate()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(entry.record().nextRotationDate()).isEqualTo(Instant.parse("2026-06-30T00:00:00Z"));
        assertThat(entry.materials().get(2).info().createdAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(entry.materials().get(2).info().rotationType()).isEqualTo(MaterialInfo.RotationType.AUTOMATIC);
        assertThat(fixture.registry.alias(CoreFixture.ACCOUNT, Region.of("us-east-1"), "alias/orders").targetKeyId())
                .isEqualTo(new KeyId(SYMMETRIC_ID));
    }

    @Test
    void applyingTheSamePlanAgainChangesNothing() {
        SeedPlan plan = new SeedPlan(List.of(
                key("keys[0]", MRK_ID, KeySpec.SYMMETRIC_DEFAULT, KeyUsage.ENCRYPT_DECRYPT, KeyOrigin.AWS_KMS,
                        List.of(material("m", FIRST)), null, List.of(new SeedPlan.Alias("a", "alias/pay")),
                        List.of(replica("r", "eu-west-1", "alias/pay")))));
        assertThat(seeding().apply(plan)).isEqualTo(new Seeding.Outcome(2, 0, 2));
        StoreContents before = fixture.store.load();

        fixture.clock.advance(Duration.ofDays(3));
        fixture.restart();
        assertThat(seeding().apply(plan)).isEqualTo(new Seeding.Outcome(0, 2, 0));

        assertThat(fixture.store.load()).isEqualTo(before);
        assertThat(fixture.serviceEvents).isEmpty();
    }

    @Test
    void aReplicaIsEnabledAtOnceWithThePrimarysMaterial() {
        seeding().apply(new SeedPlan(List.of(key("keys[0]", MRK_ID, KeySpec.SYMMETRIC_DEFAULT, KeyUsage.ENCRYPT_DECRYPT,
                KeyOrigin.AWS_KMS, List.of(), null, List.of(), List.of(replica("r", "eu-west-1"))))));

        KeyEntry primary = fixture.entry("us-east-1", MRK_ID);
        KeyEntry replica = fixture.entry("eu-west-1", MRK_ID);
        assertThat(replica.record().state()).isEqualTo(KeyState.Enabled);
        assertThat(replica.record().primaryRegion()).isEqualTo(Region.of("us-east-1"));
        assertThat(replica.materials().get(1).info().keyMaterialId())
                .isEqualTo(primary.materials().get(1).info().keyMaterialId());
    }

    @Test
    void anExternalKeyWithoutMaterialWaitsForItsImport() {
        seeding().apply(new SeedPlan(List.of(key("keys[0]", SYMMETRIC_ID, KeySpec.SYMMETRIC_DEFAULT,
                KeyUsage.ENCRYPT_DECRYPT, KeyOrigin.EXTERNAL, List.of(), null, List.of(), List.of()))));

        KeyEntry entry = fixture.entry("us-east-1", SYMMETRIC_ID);
        assertThat(entry.record().state()).isEqualTo(KeyState.PendingImport);
        assertThat(entry.record().currentMaterialVersion()).isZero();
        assertThat(entry.materials()).isEmpty();
    }

    @Test
    void aContradictionWithTheStoreNamesThePlaceAndWritesNothing() {
        seeding().apply(new SeedPlan(List.of(symmetric("keys[0]", SYMMETRIC_ID, List.of(material("m", FIRST))))));
        StoreContents before = fixture.store.load();
        String fresh = "9b9fd2dc-58e0-4fc3-b910-f442bb9fafff";

        assertThatThrownBy(() -> seeding().apply(new SeedPlan(List.of(
                symmetric("keys[0]", fresh, List.of()),
                symmetric("keys[1]", SYMMETRIC_ID, List.of(material("seed.yaml line 9, column 9", SECOND)))))))
                .isInstanceOf(SeedException.class)
                .hasMessageStartingWith("seed.yaml line 9, column 9: the store holds other material as version 1 of the"
                        + " key arn:aws:kms:us-east-1:111122223333:key/" + SYMMETRIC_ID);

        assertThat(fixture.store.load()).isEqualTo(before);
        assertThat(fixture.entry("us-east-1", fresh)).isNull();
    }

    @Test
    void anAliasThatNamesAnotherKeyInTheStoreIsAContradiction() {
        String other = "9b9fd2dc-58e0-4fc3-b910-f442bb9fafff";
        seeding().apply(new SeedPlan(List.of(key("keys[0]", other, KeySpec.SYMMETRIC_DEFAULT, KeyUsage.ENCRYPT_DECRYPT,
                KeyOrigin.AWS_KMS, List.of(), null, List.of(new SeedPlan.Alias("a", "alias/app")), List.of()))));

        assertThatThrownBy(() -> seeding().apply(new SeedPlan(List.of(key("keys[1]", SYMMETRIC_ID,
                KeySpec.SYMMETRIC_DEFAULT, KeyUsage.ENCRYPT_DECRYPT, KeyOrigin.AWS_KMS, List.of(), null,
                List.of(new SeedPlan.Alias("keys[1].aliases[0]", "alias/app")), List.of())))))
                .hasMessage("keys[1].aliases[0]: the alias arn:aws:kms:us-east-1:111122223333:alias/app names the key "
                        + other + " in the store, not " + SYMMETRIC_ID);
        assertThat(fixture.entry("us-east-1", SYMMETRIC_ID)).isNull();
    }

    @Test
    void anotherSpecForAStoredKeyIsAContradiction() {
        seeding().apply(new SeedPlan(List.of(symmetric("keys[0]", SYMMETRIC_ID, List.of()))));

        assertThatThrownBy(() -> seeding().apply(new SeedPlan(List.of(key("k", SYMMETRIC_ID, KeySpec.HMAC_256,
                KeyUsage.GENERATE_VERIFY_MAC, KeyOrigin.AWS_KMS, List.of(), null, List.of(), List.of())))))
                .hasMessage("k: the store holds the key arn:aws:kms:us-east-1:111122223333:key/" + SYMMETRIC_ID
                        + " with key spec SYMMETRIC_DEFAULT and key usage ENCRYPT_DECRYPT, not HMAC_256 and"
                        + " GENERATE_VERIFY_MAC");
    }

    @Test
    void malformedPlansAreRefusedAtTheirPlace() {
        assertRefused(symmetric("k", SYMMETRIC_ID, List.of(material("k.material[0]", "00ff"))),
                "k.material[0]: 2 bytes are not material of a SYMMETRIC_DEFAULT key (32 bytes; 16 in the China Regions)");
        assertRefused(key("k", MRK_ID, KeySpec.SYMMETRIC_DEFAULT, KeyUsage.ENCRYPT_DECRYPT, KeyOrigin.AWS_KMS, List.of(),
                        null, List.of(), List.of(replica("k.replicas[0]", "us-east-1"))),
                "k.replicas[0]: the replica's Region us-east-1 is the primary's Region; a replica is in another Region");
        assertRefused(key("k", SYMMETRIC_ID, KeySpec.SYMMETRIC_DEFAULT, KeyUsage.ENCRYPT_DECRYPT, KeyOrigin.AWS_KMS,
                        List.of(), null, List.of(), List.of(replica("k.replicas[0]", "eu-west-1"))),
                "k.replicas[0]: a single-Region key has no replicas; the key ID of a multi-Region key is mrk- and 32"
                        + " hex digits");
        assertRefused(key("k", SYMMETRIC_ID, KeySpec.HMAC_256, KeyUsage.GENERATE_VERIFY_MAC, KeyOrigin.AWS_KMS,
                        List.of(material("m0", FIRST), material("m1", SECOND)), null, List.of(), List.of()),
                "m1: a HMAC_256 key has one material version; only symmetric encryption keys rotate");
        assertRefused(key("k", SYMMETRIC_ID, KeySpec.HMAC_256, KeyUsage.GENERATE_VERIFY_MAC, KeyOrigin.AWS_KMS,
                        List.of(), new SeedPlan.Rotation("k.rotation", 365, null), List.of(), List.of()),
                "k.rotation: automatic rotation is for symmetric encryption keys of origin AWS_KMS only");
        assertRefused(key("k", SYMMETRIC_ID, KeySpec.SYMMETRIC_DEFAULT, KeyUsage.ENCRYPT_DECRYPT, KeyOrigin.AWS_KMS,
                        List.of(), new SeedPlan.Rotation("k.rotation", 30, null), List.of(), List.of()),
                "k.rotation: the rotation period must be 90 to 2560 days, not 30");
        assertRefused(key("k", SYMMETRIC_ID, KeySpec.RSA_2048, KeyUsage.GENERATE_VERIFY_MAC, KeyOrigin.AWS_KMS,
                        List.of(), null, List.of(), List.of()),
                "k: key usage GENERATE_VERIFY_MAC is not compatible with key spec RSA_2048; it takes [ENCRYPT_DECRYPT,"
                        + " SIGN_VERIFY]");
        assertRefused(key("k", SYMMETRIC_ID, KeySpec.SYMMETRIC_DEFAULT, KeyUsage.ENCRYPT_DECRYPT, KeyOrigin.AWS_KMS,
                        List.of(), null, List.of(new SeedPlan.Alias("k.aliases[0]", "alias/aws/s3")), List.of()),
                "k.aliases[0]: the alias name alias/aws/s3 is reserved for AWS managed keys (alias/aws/...)");
        assertRefused(key("k", SYMMETRIC_ID, KeySpec.SYMMETRIC_DEFAULT, KeyUsage.ENCRYPT_DECRYPT, KeyOrigin.AWS_KMS,
                        List.of(), null, List.of(new SeedPlan.Alias("k.aliases[0]", "alias/bad name")), List.of()),
                "k.aliases[0]: the alias name alias/bad name must be alias/ and up to 250 letters, digits, slashes (/),"
                        + " underscores (_), dashes (-) or colons (:)");
        assertRefused(key("k", SYMMETRIC_ID, KeySpec.SYMMETRIC_DEFAULT, KeyUsage.ENCRYPT_DECRYPT, KeyOrigin.AWS_KMS,
                        List.of(), null, List.of(new SeedPlan.Alias("k.aliases[0]", "orders")), List.of()),
                "k.aliases[0]: the alias name orders must start with alias/");
        assertRefused(new SeedPlan(List.of(symmetric("keys[0]", SYMMETRIC_ID, List.of()),
                        symmetric("keys[1]", SYMMETRIC_ID, List.of()))),
                "keys[1]: the key " + SYMMETRIC_ID + " of account 111122223333 is seeded twice (first at keys[0])");
        assertRefused(new SeedPlan(List.of(new SeedPlan.Key("k", CoreFixture.ACCOUNT, Region.of("us-east-1"),
                        new KeyId(SYMMETRIC_ID), KeySpec.SYMMETRIC_DEFAULT, KeyUsage.ENCRYPT_DECRYPT, KeyOrigin.AWS_KMS, "",
                        "{not json", List.of(), true, null, List.of(), null, null, List.of(), List.of()))),
                "k: the key policy is malformed");
        assertRefused(new SeedPlan(List.of(new SeedPlan.Key("k", CoreFixture.ACCOUNT, Region.of("us-east-1"),
                        new KeyId(SYMMETRIC_ID), KeySpec.SYMMETRIC_DEFAULT, KeyUsage.ENCRYPT_DECRYPT, KeyOrigin.EXTERNAL, "",
                        null, List.of(), true, null, List.of(material("m", FIRST)), CoreFixture.START, null, List.of(),
                        List.of()))),
                "k: validTo 2026-03-01T12:00:00Z has passed");
        assertRefused(new SeedPlan(List.of(new SeedPlan.Key("k", CoreFixture.ACCOUNT, Region.of("us-east-1"),
                        new KeyId(SYMMETRIC_ID), KeySpec.SYMMETRIC_DEFAULT, KeyUsage.ENCRYPT_DECRYPT, KeyOrigin.AWS_KMS, "",
                        null, List.of(), true, CoreFixture.START.plusSeconds(1), List.of(), null, null, List.of(),
                        List.of()))),
                "k: the creation date 2026-03-01T12:00:01Z is in the future");
        assertThat(fixture.store.load().keys()).isEmpty();
    }

    @Test
    void anImportedKeyWhoseMaterialExpiredSinceIsStillTheSeedsKey() {
        SeedPlan plan = new SeedPlan(List.of(new SeedPlan.Key("k", CoreFixture.ACCOUNT, Region.of("us-east-1"),
                new KeyId(SYMMETRIC_ID), KeySpec.SYMMETRIC_DEFAULT, KeyUsage.ENCRYPT_DECRYPT, KeyOrigin.EXTERNAL, "",
                null, List.of(), true, null, List.of(material("m", FIRST)), CoreFixture.START.plus(Duration.ofDays(1)),
                null, List.of(), List.of())));
        seeding().apply(plan);
        fixture.clock.advance(Duration.ofDays(2));
        new KeyImport(fixture.registry, fixture.clock).expireDueMaterials(fixture.serviceEvents::add);
        assertThat(fixture.entry("us-east-1", SYMMETRIC_ID).record().state()).isEqualTo(KeyState.PendingImport);
        StoreContents expired = fixture.store.load();

        assertThat(seeding().apply(plan)).isEqualTo(new Seeding.Outcome(0, 1, 0));
        assertThat(fixture.store.load()).isEqualTo(expired);
    }

    private void assertRefused(SeedPlan.Key key, String message) {
        assertRefused(new SeedPlan(List.of(key)), message);
    }

    private void assertRefused(SeedPlan plan, String message) {
        assertThatThrownBy(() -> seeding().apply(plan)).isInstanceOf(SeedException.class).hasMessageStartingWith(message);
    }
}
