package dev.meridian.app.seed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.core.SeedPlan;
import dev.meridian.model.AccountId;
import dev.meridian.model.KeyOrigin;
import dev.meridian.model.KeySpec;
import dev.meridian.model.KeyUsage;
import dev.meridian.model.Region;
import dev.meridian.model.Tag;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading seed files: both shipped examples, both formats, and each malformed file's one line naming its place. */
class SeedFileTest {
    private static final AccountId ACCOUNT = AccountId.of("111122223333");
    private static final Path EXAMPLES = Path.of("..", "examples");

    @Test
    void theShippedExampleReadsWithEveryKind() {
        SeedPlan plan = SeedFile.read(EXAMPLES.resolve("seed.yaml"), AccountId.of("999999999999"));

        assertThat(plan.keys()).hasSize(9);
        SeedPlan.Key orders = plan.keys().get(0);
        assertThat(orders.place()).isEqualTo("seed.yaml line 11, column 5 (keys[0])");
        assertThat(orders.account()).isEqualTo(ACCOUNT);
        assertThat(orders.region()).isEqualTo(Region.of("us-east-1"));
        assertThat(orders.materials()).hasSize(2);
        assertThat(orders.materials().get(1).rotatedAt()).isEqualTo(Instant.parse("2025-01-15T09:00:00Z"));
        assertThat(orders.rotation().periodInDays()).isEqualTo(365);
        assertThat(orders.tags()).containsExactly(new Tag("Project", "orders"), new Tag("Environment", "test"));
        assertThat(orders.policy()).contains("\"Id\": \"orders-key-policy\"");
        SeedPlan.Key payments = plan.keys().get(1);
        assertThat(payments.replicas()).extracting(SeedPlan.Replica::region)
                .containsExactly(Region.of("eu-west-1"), Region.of("ap-southeast-2"));
        assertThat(payments.replicas().get(0).aliases()).extracting(SeedPlan.Alias::name)
                .containsExactly("alias/payments", "alias/payments-eu");
        assertThat(plan.keys().get(2).keyUsage()).isEqualTo(KeyUsage.GENERATE_VERIFY_MAC);
        assertThat(plan.keys().get(3).materials().get(0).secret().length()).isGreaterThan(1000);
        assertThat(plan.keys().get(5).materials()).isEmpty();
        assertThat(plan.keys().get(6).validTo()).isEqualTo(Instant.parse("2099-12-31T00:00:00Z"));
        assertThat(plan.keys().get(7).origin()).isEqualTo(KeyOrigin.EXTERNAL);
        SeedPlan.Key archive = plan.keys().get(8);
        assertThat(archive.account()).isEqualTo(AccountId.of("444455556666"));
        assertThat(archive.region()).isEqualTo(Region.of("eu-central-1"));
        assertThat(archive.enabled()).isFalse();
    }

    @Test
    void theReadmesExampleReads() throws java.io.IOException {
        String readme = java.nio.file.Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("```yaml", readme.indexOf("<!-- seed-example -->")) + "```yaml".length();
        SeedPlan plan = SeedFile.parse("README.md", readme.substring(start, readme.indexOf("```", start)), ACCOUNT);

        assertThat(plan.keys()).hasSize(7);
        assertThat(plan.keys()).extracting(SeedPlan.Key::keySpec).contains(KeySpec.HMAC_256, KeySpec.ECC_NIST_P256);
        assertThat(plan.keys().get(6).policy()).contains("444455556666");
    }

    @Test
    void localKmsFilesReadAsTheyAreIntoTheServersAccountAndEuWest2() {
        SeedPlan plan = SeedFile.read(EXAMPLES.resolve("local-kms-seed.yaml"), ACCOUNT);

        assertThat(plan.keys()).extracting(key -> key.keyId().value()).containsExactly(
                "bc436485-5092-42b8-92a3-0aa8b93536dc", "49c5492b-b1bc-42a8-9a5c-b2015e810c1c",
                "5ef77041-d1e6-4af1-9a41-e49a4b45efb6", "5d05267f-bb87-4d0b-8594-295a4371d414",
                "ff275b92-0def-4dfc-b0f6-87c96b26c6c7", "800d5768-3fd7-4edd-a4b8-4c81c3e4c147");
        assertThat(plan.keys()).allSatisfy(key -> {
            assertThat(key.account()).isEqualTo(ACCOUNT);
            assertThat(key.region()).isEqualTo(Region.of("eu-west-2"));
        });
        SeedPlan.Key rotated = plan.keys().get(0);
        assertThat(rotated.materials()).hasSize(2);
        assertThat(rotated.description()).isEqualTo("Your key description");
        assertThat(rotated.rotation().nextRotationDate()).isEqualTo(Instant.parse("2099-09-12T15:19:21Z"));
        assertThat(rotated.aliases()).extracting(SeedPlan.Alias::name).containsExactly("alias/dev");
        assertThat(plan.keys().get(2).origin()).isEqualTo(KeyOrigin.EXTERNAL);
        assertThat(plan.keys().get(3).materials()).isEmpty();
        assertThat(plan.keys().get(4).keySpec()).isEqualTo(KeySpec.RSA_2048);
        assertThat(plan.keys().get(4).keyUsage()).isEqualTo(KeyUsage.SIGN_VERIFY);
        assertThat(plan.keys().get(5).keySpec()).isEqualTo(KeySpec.ECC_NIST_P256);
    }

    @Test
    void localKmsLegacyListOfAesKeysReads() {
        SeedPlan plan = SeedFile.parse("seed.yaml", """
                Keys:
                  - Metadata:
                      KeyId: bc436485-5092-42b8-92a3-0aa8b93536dc
                    BackingKeys:
                      - 5cdaead27fe7da2de47945d73cd6d79e36494e73802f3cd3869f1d2cb0b5d7a9
                """, ACCOUNT);
        assertThat(plan.keys()).singleElement().satisfies(key -> assertThat(key.materials()).hasSize(1));
    }

    @Test
    void jsonIsReadAsYamlsSubset() {
        SeedPlan plan = SeedFile.parse("seed.json", """
                {"keys": [{"keyId": "bc436485-5092-42b8-92a3-0aa8b93536dc", "region": "eu-west-1",
                  "material": [{"base64": "wSWGSn9QDBx3iymjrjXd2TiPYm3qJj7ZAzMGvcZ0SKY="}], "aliases": ["alias/json"]}]}
                """, ACCOUNT);
        assertThat(plan.keys()).singleElement().satisfies(key -> {
            assertThat(key.region()).isEqualTo(Region.of("eu-west-1"));
            assertThat(key.materials().get(0).secret().length()).isEqualTo(32);
        });
    }

    @Test
    void eachMalformedFileIsOneLineNamingThePlace() {
        assertMalformed("""
                keys:
                  - keyId: bc436485-5092-42b8-92a3-0aa8b93536dc
                    colour: blue
                """, "seed.yaml line 3, column 5 (keys[0].colour): unknown field colour; expected one of [account, aliases,"
                + " creationDate, description, enabled, keyId, keySpec, keyUsage, material, origin, policy, region,"
                + " replicas, rotation, tags, validTo]");
        assertMalformed("""
                keys:
                  - keyId: bc436485-5092-42b8-92a3-0aa8b93536dc
                    material:
                      - hex: 5cdaead27fe7da2de4794zz
                """, "seed.yaml line 4, column 9 (keys[0].material[0].hex): not hex: expected an even number of the digits"
                + " 0-9 and a-f");
        assertMalformed("""
                keys:
                  - keyId: bc436485-5092-42b8-92a3-0aa8b93536dc
                    material:
                      - base64: "***"
                """, "seed.yaml line 4, column 9 (keys[0].material[0].base64): not base64: expected the standard base64"
                + " alphabet");
        assertMalformed("""
                keys:
                  - keyId: bc436485-5092-42b8-92a3-0aa8b93536dc
                    region: Atlantis
                """, "seed.yaml line 3, column 5 (keys[0].region): 'Atlantis' is not a Region name; expected one such as"
                + " us-east-1");
        assertMalformed("""
                keys:
                  - keyId: key-1
                """, "seed.yaml line 2, column 5 (keys[0].keyId): 'key-1' is not a key ID; expected a UUID such as"
                + " 1234abcd-12ab-34cd-56ef-1234567890ab, or mrk- and 32 hex digits for a multi-Region key");
        assertMalformed("""
                keys:
                  - keyId: bc436485-5092-42b8-92a3-0aa8b93536dc
                    keyId: 49c5492b-b1bc-42a8-9a5c-b2015e810c1c
                """, "seed.yaml line 3, column 5 (keys[0].keyId): the field keyId is written twice");
        assertMalformed("""
                keys:
                  - description: no ID
                """, "seed.yaml line 2, column 5 (keys[0]): the field keyId is required");
        assertMalformed("""
                keys:
                  - keyId: bc436485-5092-42b8-92a3-0aa8b93536dc
                    keySpec: RSA_2048
                """, "seed.yaml line 2, column 5 (keys[0]): keyUsage is required for a RSA_2048 key: one of"
                + " [ENCRYPT_DECRYPT, SIGN_VERIFY]");
        assertMalformed("""
                keys:
                  - keyId: bc436485-5092-42b8-92a3-0aa8b93536dc
                    material:
                      - hex: 00
                        base64: AA==
                """, "seed.yaml line 4, column 9 (keys[0].material[0]): a material version is written in one of hex, base64"
                + " or pem, not hex and base64");
        assertMalformed("""
                keys:
                  - keyId: bc436485-5092-42b8-92a3-0aa8b93536dc
                    creationDate: yesterday
                """, "seed.yaml line 3, column 5 (keys[0].creationDate): 'yesterday' is not a date and time; expected"
                + " ISO-8601 with an offset, such as 2025-01-31T12:00:00Z");
        assertMalformed("""
                keys:
                  - keyId: bc436485-5092-42b8-92a3-0aa8b93536dc
                    keySpec: ECC_NIST_P256
                    keyUsage: SIGN_VERIFY
                    material:
                      - pem: not a pem
                """, "seed.yaml line 6, column 9 (keys[0].material[0].pem): no PEM private key (-----BEGIN PRIVATE"
                + " KEY-----) found");
        assertMalformed("""
                format: meridian/v2
                keys: []
                """, "seed.yaml line 1, column 1 (format): unknown format 'meridian/v2'; expected meridian/v1 or local-kms");
        assertMalformed("keys: [\n", "seed.yaml line 1, column 8: not YAML: while parsing a flow node, expected the node"
                + " content, but found '<stream end>'");
        assertMalformed("", "seed.yaml: the seed file is empty; expected keys: (Meridian's format) or Keys: (local-kms's)");
    }

    @Test
    void malformedLocalKmsFilesNameThePlaceToo() {
        assertMalformed("""
                Keys:
                  Symmetric:
                    Aes:
                      - Metadata:
                          KeyId: bc436485-5092-42b8-92a3-0aa8b93536dc
                        BackingKeys:
                          - nothex
                Aliases: []
                """, "seed.yaml line 7, column 13 (Keys.Symmetric.Aes[0].BackingKeys[0]): not hex: expected an even number"
                + " of the digits 0-9 and a-f");
        assertMalformed("""
                Keys:
                  Symmetric:
                    Aes:
                      - Metadata:
                          KeyId: bc436485-5092-42b8-92a3-0aa8b93536dc
                Aliases:
                  - AliasName: alias/dev
                    TargetKeyId: 49c5492b-b1bc-42a8-9a5c-b2015e810c1c
                """, "seed.yaml line 8, column 5 (Aliases[0].TargetKeyId): the alias's target"
                + " 49c5492b-b1bc-42a8-9a5c-b2015e810c1c is no key of the seed file");
        assertMalformed("""
                Keys:
                  Asymmetric:
                    Rsa:
                      - Metadata:
                          KeyId: bc436485-5092-42b8-92a3-0aa8b93536dc
                        PrivateKeyPem: |
                          -----BEGIN PRIVATE KEY-----
                          AAAA
                          -----END PRIVATE KEY-----
                """, "seed.yaml line 6, column 9 (Keys.Asymmetric.Rsa[0].PrivateKeyPem): not a private key of one of the key"
                + " specs [RSA_2048, RSA_3072, RSA_4096]");
    }

    private static void assertMalformed(String content, String line) {
        assertThatThrownBy(() -> SeedFile.parse("seed.yaml", content, ACCOUNT))
                .isInstanceOf(SeedFileException.class)
                .hasMessageStartingWith(line)
                .satisfies(error -> assertThat(error.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aMissingFileIsOneLine() {
        assertThatThrownBy(() -> SeedFile.read(Path.of("/no/such/seed.yaml"), ACCOUNT))
                .isInstanceOf(SeedFileException.class)
                .hasMessage("The seed file /no/such/seed.yaml does not exist");
        assertThat(List.of()).isEmpty();
    }
}
