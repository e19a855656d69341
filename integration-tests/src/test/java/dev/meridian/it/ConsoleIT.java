package dev.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GetKeyRotationStatusResponse;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.MultiRegionKey;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.RotationsListEntry;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * The web console in headless Chromium against a real server whose keys were made with the AWS SDK: the key
 * list of the chosen Region, each of a key's tabs showing what DescribeKey, GetKeyPolicy, ListResourceTags,
 * GetKeyRotationStatus, ListKeyRotations and ListAliases say, the Region map of a multi-Region key, the audit
 * trail's filters and pages, and text with HTML in it shown as text. One browser for the class; each test uses
 * Regions of its own. No page may log an error (a refused script or style would).
 */
class ConsoleIT {
    private static final String ACCOUNT = KmsTestSupport.ACCOUNT;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass();
    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();

    @AfterEach
    void noPageLoggedAProblem() {
        assertThat(browser.problems()).isEmpty();
    }

    private static String endpoint() {
        return kms.server().endpoint();
    }

    private static void openKeys(String region) {
        browser.open(endpoint(), "#/keys?account=" + ACCOUNT + "&region=" + region);
        browser.visible(By.cssSelector("#keys-page"));
    }

    private static void openKey(String region, String keyId, String tab) {
        browser.open(endpoint(), "#/key?account=" + ACCOUNT + "&region=" + region + "&keyId=" + keyId + "&tab=" + tab);
        browser.visible(By.cssSelector("#tab-panel[data-tab='" + tab + "']"));
    }

    /** Clicks a tab of the key page and waits for its panel. */
    private static void tab(String tab) {
        WebElement panel = browser.driver().findElement(By.id("tab-panel"));
        browser.replacing(panel, () -> browser.driver().findElement(By.id("tab-" + tab)).click(),
                By.cssSelector("#tab-panel[data-tab='" + tab + "']"));
    }

    private static String field(String name) {
        return browser.driver().findElement(By.cssSelector("[data-field='" + name + "'] dd")).getText();
    }

    /** The texts of each row's cells of the table with this ID. */
    private static List<List<String>> rows(String tableId) {
        return browser.all(By.cssSelector("#" + tableId + " tbody tr")).stream()
                .map(row -> row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList())
                .toList();
    }

    private static List<String> column(String tableId, int index) {
        return rows(tableId).stream().map(row -> row.get(index)).toList();
    }

    private static String date(Instant instant) {
        return UTC.format(instant);
    }

    private static JsonNode api(String path) {
        return api(endpoint(), path);
    }

    /** A GET of the server's JSON endpoints (it must answer 200). */
    static JsonNode api(String endpoint, String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(endpoint + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void thePageComesFromTheServerWithAStrictPolicyAndNothingElseUnderConsole() throws Exception {
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(endpoint() + "/console")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy ->
                assertThat(policy).startsWith("default-src 'none'; script-src 'self';").doesNotContain("unsafe"));
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        for (String path : new String[] {"/console/%2e%2e/pom.xml", "/console/..%2f..%2fetc%2fpasswd", "/console/nothing.js"}) {
            HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(URI.create(endpoint() + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(path).isEqualTo(404);
            assertThat(refused.body()).startsWith("{\"message\":\"The console has no file /console/");
        }
    }

    @Test
    void theKeyListShowsTheKeysOfTheChosenAccountAndRegion() {
        KmsClient stockholm = kms.client("eu-north-1");
        String first = stockholm.createKey(request -> request.description("First in Stockholm")).keyMetadata().keyId();
        String second = stockholm.createKey(request -> request.keySpec(KeySpec.ECC_NIST_P256)
                .keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata().keyId();
        stockholm.createAlias(request -> request.aliasName("alias/stockholm-first").targetKeyId(first));
        stockholm.disableKey(request -> request.keyId(second));
        String milan = kms.createKey("eu-south-1");

        openKeys("eu-north-1");
        assertThat(column("keys", 1)).containsExactlyInAnyOrder(first, second);
        List<String> firstRow = rows("keys").stream().filter(row -> row.get(1).equals(first)).findFirst().orElseThrow();
        assertThat(firstRow).containsExactly("alias/stockholm-first", first, "First in Stockholm", "Enabled",
                "SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT", "Single-Region",
                date(stockholm.describeKey(request -> request.keyId(first)).keyMetadata().creationDate()).replaceFirst(" ", "\n"));
        List<String> secondRow = rows("keys").stream().filter(row -> row.get(1).equals(second)).findFirst().orElseThrow();
        assertThat(secondRow.subList(3, 6)).containsExactly("Disabled", "ECC_NIST_P256", "SIGN_VERIFY");
        assertThat(new Select(browser.driver().findElement(By.id("account-picker"))).getFirstSelectedOption().getText())
                .isEqualTo(ACCOUNT);

        WebElement page = browser.driver().findElement(By.id("keys-page"));
        browser.replacing(page, () -> new Select(browser.driver().findElement(By.id("region-picker"))).selectByValue("eu-south-1"),
                By.id("keys-page"));
        assertThat(column("keys", 1)).containsExactly(milan);
        assertThat(browser.driver().getCurrentUrl()).endsWith("#/keys?account=" + ACCOUNT + "&region=eu-south-1");

        browser.driver().findElement(By.id("key-filter")).sendKeys("no such key");
        browser.visible(By.cssSelector("#key-table .empty"));
        assertThat(browser.driver().findElement(By.cssSelector("#key-table .empty")).getText()).isEqualTo("No key matches the filter.");
    }

    /**
     * Another account's keys, picked in the account picker: a 12-digit access key ID names the caller's account in
     * development mode (#9).
     */
    @Test
    void anotherAccountsKeysArePickedByAccount() {
        String region = "eu-west-2";
        String other = "222233334444";
        try (KmsClient theirs = KmsTestSupport.pointedAt(KmsClient.builder(), endpoint(), region)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(other, "secret"))).build()) {
            KeyMetadata key = theirs.createKey(request -> request.description("theirs")).keyMetadata();
            assertThat(key.awsAccountId()).isEqualTo(other);
            String mine = kms.createKey(region);

            openKeys(region);
            assertThat(column("keys", 1)).containsExactly(mine);
            WebElement page = browser.driver().findElement(By.id("keys-page"));
            browser.replacing(page, () -> new Select(browser.driver().findElement(By.id("account-picker"))).selectByValue(other),
                    By.id("keys-page"));
            assertThat(column("keys", 1)).containsExactly(key.keyId());
            assertThat(browser.driver().getCurrentUrl()).endsWith("#/keys?account=" + other + "&region=" + region);
        }
    }

    @Test
    void eachTabShowsWhatTheKmsOperationsSay() {
        String region = "us-west-2";
        KmsClient client = kms.client(region);
        String keyId = client.createKey(request -> request.description("Orders")
                .tags(Tag.builder().tagKey("team").tagValue("payments").build(), Tag.builder().tagKey("env").tagValue("prod").build()))
                .keyMetadata().keyId();
        client.createAlias(request -> request.aliasName("alias/orders").targetKeyId(keyId));
        client.enableKeyRotation(request -> request.keyId(keyId).rotationPeriodInDays(90));
        client.rotateKeyOnDemand(request -> request.keyId(keyId));
        await().atMost(Duration.ofSeconds(30)).until(() -> client.listKeyRotations(request -> request.keyId(keyId)).rotations().size() == 1);
        KeyMetadata metadata = client.describeKey(request -> request.keyId(keyId)).keyMetadata();

        openKey(region, keyId, "general");
        assertThat(browser.driver().findElement(By.id("key-title")).getText()).isEqualTo("alias/orders");
        assertThat(field("arn")).isEqualTo(metadata.arn());
        assertThat(field("description")).isEqualTo("Orders");
        assertThat(field("keyState")).isEqualTo(metadata.keyStateAsString());
        assertThat(field("creationDate")).isEqualTo(date(metadata.creationDate()));
        assertThat(field("enabled")).isEqualTo("Yes");
        assertThat(field("keyManager")).isEqualTo("Customer");
        assertThat(field("origin")).isEqualTo(metadata.originAsString());
        assertThat(field("currentKeyMaterialId")).isEqualTo(metadata.currentKeyMaterialId());

        tab("policy");
        String policy = client.getKeyPolicy(request -> request.keyId(keyId)).policy();
        assertThat(tree(browser.driver().findElement(By.id("key-policy")).getText())).isEqualTo(tree(policy));

        tab("cryptography");
        assertThat(field("keyType")).isEqualTo("Symmetric");
        assertThat(field("keySpec")).isEqualTo(metadata.keySpecAsString());
        assertThat(field("keyUsage")).isEqualTo(metadata.keyUsageAsString());
        assertThat(field("encryptionAlgorithms").lines().toList()).isEqualTo(metadata.encryptionAlgorithmsAsStrings());

        tab("tags");
        assertThat(rows("tags")).containsExactlyInAnyOrderElementsOf(client.listResourceTags(request -> request.keyId(keyId))
                .tags().stream().map(tag -> List.of(tag.tagKey(), tag.tagValue())).toList());

        tab("rotation");
        GetKeyRotationStatusResponse status = client.getKeyRotationStatus(request -> request.keyId(keyId));
        assertThat(field("rotationEnabled")).isEqualTo("Enabled");
        assertThat(field("rotationPeriodInDays")).isEqualTo(status.rotationPeriodInDays() + " days");
        assertThat(field("nextRotationDate")).isEqualTo(date(status.nextRotationDate()));
        RotationsListEntry rotation = client.listKeyRotations(request -> request.keyId(keyId)).rotations().get(0);
        assertThat(rows("rotations")).containsExactly(List.of(rotation.keyMaterialId(), date(rotation.rotationDate()),
                rotation.rotationTypeAsString()));

        tab("regionality");
        assertThat(field("regionality")).isEqualTo("Single-Region");
        assertThat(markers("single")).containsExactly(region);
        assertThat(browser.all(By.cssSelector("#region-map .map-marker:not(.map-single), #region-map .map-arc"))).isEmpty();

        tab("aliases");
        assertThat(rows("aliases")).containsExactlyElementsOf(client.listAliases(request -> request.keyId(keyId)).aliases().stream()
                .map(alias -> List.of(alias.aliasName(), alias.aliasArn(), date(alias.creationDate()))).toList());
    }

    @Test
    void anAsymmetricKeyShowsItsAlgorithmsAndPublicKey() {
        String region = "us-west-1";
        KmsClient client = kms.client(region);
        String keyId = client.createKey(request -> request.keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsageType.SIGN_VERIFY))
                .keyMetadata().keyId();
        KeyMetadata metadata = client.describeKey(request -> request.keyId(keyId)).keyMetadata();

        openKey(region, keyId, "cryptography");
        assertThat(field("keyType")).isEqualTo("Asymmetric");
        assertThat(field("signingAlgorithms").lines().toList()).isEqualTo(metadata.signingAlgorithmsAsStrings());
        String publicKey = java.util.Base64.getEncoder().encodeToString(
                client.getPublicKey(request -> request.keyId(keyId)).publicKey().asByteArray());
        assertThat(browser.driver().findElement(By.id("public-key")).getText())
                .isEqualTo("-----BEGIN PUBLIC KEY-----\n" + String.join("\n", publicKey.split("(?<=\\G.{64})"))
                        + "\n-----END PUBLIC KEY-----");
        tab("rotation");
        assertThat(field("rotationEnabled")).isEqualTo("Not supported for this key");
    }

    @Test
    void theRegionalityMapDrawsThePrimaryAndItsReplicas() {
        String primaryRegion = "ap-northeast-1";
        KmsClient primary = kms.client(primaryRegion);
        String keyId = primary.createKey(request -> request.multiRegion(true)).keyMetadata().keyId();
        for (String region : List.of("eu-central-1", "sa-east-1")) {
            primary.replicateKey(request -> request.keyId(keyId).replicaRegion(region));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> List.of("eu-central-1", "sa-east-1").stream().allMatch(region ->
                kms.client(region).describeKey(request -> request.keyId(keyId)).keyMetadata().keyState() == KeyState.ENABLED));
        KeyMetadata metadata = primary.describeKey(request -> request.keyId(keyId)).keyMetadata();

        openKey(primaryRegion, keyId, "regionality");
        assertThat(field("regionality")).isEqualTo("Multi-Region");
        assertThat(field("multiRegionKeyType")).isEqualTo("Primary");
        assertThat(markers("primary")).containsExactly(primaryRegion);
        assertThat(markers("replica")).containsExactlyInAnyOrder("eu-central-1", "sa-east-1");
        assertThat(browser.all(By.cssSelector("#region-map path.map-arc")).stream()
                .map(arc -> arc.getDomAttribute("data-from") + ">" + arc.getDomAttribute("data-to")).toList())
                .containsExactlyInAnyOrder(primaryRegion + ">eu-central-1", primaryRegion + ">sa-east-1");
        List<MultiRegionKey> replicas = metadata.multiRegionConfiguration().replicaKeys();
        assertThat(rows("related-keys")).containsExactlyInAnyOrderElementsOf(java.util.stream.Stream.concat(
                java.util.stream.Stream.of(List.of(primaryRegion, "Primary", "Enabled", metadata.multiRegionConfiguration().primaryKey().arn())),
                replicas.stream().map(replica -> List.of(replica.region(), "Replica", "Enabled", replica.arn()))).toList());

        WebElement page = browser.driver().findElement(By.id("key-page"));
        browser.replacing(page, () -> browser.driver().findElement(By.linkText(
                metadata.multiRegionConfiguration().replicaKeys().stream().filter(replica -> replica.region().equals("sa-east-1"))
                        .findFirst().orElseThrow().arn())).click(), By.cssSelector("#tab-panel[data-tab='regionality']"));
        assertThat(field("multiRegionKeyType")).isEqualTo("Replica");
        assertThat(field("primaryRegion")).isEqualTo(primaryRegion);
        assertThat(markers("primary")).containsExactly(primaryRegion);
    }

    private static List<String> markers(String role) {
        return browser.all(By.cssSelector("#region-map g.map-marker[data-role='" + role + "']")).stream()
                .map(marker -> marker.getDomAttribute("data-region")).toList();
    }

    @Test
    void auditFiltersNarrowTheTrailAndPagesGoBackAndForth() {
        String region = "ca-central-1";
        Instant start = Instant.now().minusSeconds(2);
        KmsClient client = kms.client(region);
        String keyId = client.createKey(request -> { }).keyMetadata().keyId();
        client.encrypt(request -> request.keyId(keyId).plaintext(KmsTestSupport.bytes("one")));
        client.encrypt(request -> request.keyId(keyId).plaintext(KmsTestSupport.bytes("two")));
        KmsTestSupport.assertKmsError(() -> client.describeKey(request -> request.keyId("alias/missing")), NotFoundException.class,
                "Alias arn:aws:kms:" + region + ":" + ACCOUNT + ":alias/missing is not found.");
        for (int call = 0; call < 30; call++) {
            client.generateRandom(request -> request.numberOfBytes(8));
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                api("/_meridian/console/api/audit?account=" + ACCOUNT + "&region=" + region + "&limit=100").get("events").size() == 34);

        browser.open(endpoint(), "#/audit?account=" + ACCOUNT + "&region=" + region);
        browser.visible(By.id("audit-events"));
        assertThat(rows("audit-events")).hasSize(25);
        assertThat(browser.driver().findElement(By.id("audit-page")).getText()).isEqualTo("Page 1");
        assertThat(column("audit-events", 1).subList(0, 25)).containsOnly("GenerateRandom");
        click("audit-next");
        assertThat(browser.driver().findElement(By.id("audit-page")).getText()).isEqualTo("Page 2");
        assertThat(column("audit-events", 1)).containsExactly("GenerateRandom", "GenerateRandom", "GenerateRandom",
                "GenerateRandom", "GenerateRandom", "DescribeKey", "Encrypt", "Encrypt", "CreateKey");
        assertThat(browser.driver().findElement(By.id("audit-next")).getTagName()).isEqualTo("span");
        click("audit-previous");
        assertThat(browser.driver().findElement(By.id("audit-page")).getText()).isEqualTo("Page 1");
        assertThat(rows("audit-events")).hasSize(25);

        applyFilters(() -> browser.driver().findElement(By.id("audit-event-name")).sendKeys("Encrypt"));
        assertThat(column("audit-events", 1)).containsExactly("Encrypt", "Encrypt");
        assertThat(column("audit-events", 3)).containsOnly(keyId);

        click("audit-clear");
        applyFilters(() -> browser.driver().findElement(By.id("audit-errors-only")).click());
        assertThat(rows("audit-events")).hasSize(1);
        assertThat(rows("audit-events").get(0).subList(1, 5)).containsExactly("DescribeKey", region, "-",
                "NotFoundException\nAlias arn:aws:kms:" + region + ":" + ACCOUNT + ":alias/missing is not found.");

        click("audit-clear");
        applyFilters(() -> browser.driver().findElement(By.id("audit-key")).sendKeys(keyId));
        assertThat(column("audit-events", 1)).containsExactly("Encrypt", "Encrypt", "CreateKey");

        click("audit-clear");
        applyFilters(() -> setTime("audit-to", start.minusSeconds(3600)));
        assertThat(browser.driver().findElement(By.cssSelector("#audit-page-view .empty")).getText())
                .isEqualTo("No events match these filters.");
        click("audit-clear");
        applyFilters(() -> {
            setTime("audit-from", start);
            new Select(browser.driver().findElement(By.id("audit-limit"))).selectByValue("100");
        });
        assertThat(rows("audit-events")).hasSize(34);
    }

    private static void typeInto(String inputId, String text) {
        WebElement input = browser.driver().findElement(By.id(inputId));
        input.clear();
        input.sendKeys(text);
    }

    private static void setTime(String inputId, Instant instant) {
        browser.script("arguments[0].value = arguments[1]", browser.driver().findElement(By.id(inputId)),
                instant.atOffset(ZoneOffset.UTC).toLocalDateTime().withNano(0).toString());
    }

    private static void click(String id) {
        WebElement page = browser.driver().findElement(By.id("audit-page-view"));
        browser.replacing(page, () -> browser.driver().findElement(By.id(id)).click(), By.id("audit-page-view"));
    }

    private static void applyFilters(Runnable fill) {
        fill.run();
        click("audit-apply");
    }

    @Test
    void anOutageStartedInThePageFailsTheRegionsCallsUntilLiftedThere() {
        String region = "af-south-1";
        KmsClient client = kms.client(region);
        String keyId = client.createKey(request -> { }).keyMetadata().keyId();
        KmsClient elsewhere = kms.client("me-south-1");
        String otherKeyId = elsewhere.createKey(request -> { }).keyMetadata().keyId();

        browser.open(endpoint(), "#/outages");
        browser.visible(By.id("outages-page"));
        assertThat(browser.driver().findElement(By.cssSelector("#outages-page .empty")).getText())
                .isEqualTo("No outage is active: every Region answers normally.");
        typeInto("outage-region", region);
        new Select(browser.driver().findElement(By.id("outage-fault"))).selectByValue("INTERNAL_ERROR");
        assertThat(browser.driver().findElement(By.id("outage-latency")).isDisplayed()).isFalse();
        WebElement page = browser.driver().findElement(By.id("outages-page"));
        browser.replacing(page, () -> browser.driver().findElement(By.id("outage-add")).click(), By.id("outages"));
        assertThat(rows("outages")).hasSize(1);
        assertThat(rows("outages").get(0).subList(0, 6))
                .containsExactly(region, "Every operation", "Every account", "INTERNAL_ERROR", "100 %", "-");

        KmsTestSupport.assertKmsError(() -> client.encrypt(request -> request.keyId(keyId).plaintext(KmsTestSupport.bytes("x"))),
                software.amazon.awssdk.services.kms.model.KmsInternalException.class,
                "The request was rejected because an internal exception occurred. The request can be retried.", 500);
        assertThat(elsewhere.encrypt(request -> request.keyId(otherKeyId).plaintext(KmsTestSupport.bytes("x"))).keyId())
                .endsWith(otherKeyId);

        page = browser.driver().findElement(By.id("outages-page"));
        browser.replacing(page, () -> browser.driver().findElement(By.cssSelector("#outages button.lift")).click(),
                By.cssSelector("#outages-page .empty"));
        assertThat(client.encrypt(request -> request.keyId(keyId).plaintext(KmsTestSupport.bytes("x"))).keyId()).endsWith(keyId);
    }

    @Test
    void aRefusedOutageShowsTheServersMessage() {
        browser.open(endpoint(), "#/outages");
        browser.visible(By.id("outages-page"));
        typeInto("outage-region", "us-east-1");
        new Select(browser.driver().findElement(By.id("outage-fault"))).selectByValue("REFUSE_CONNECTIONS");
        browser.driver().findElement(By.id("outage-add")).click();
        WebElement message = browser.visible(By.cssSelector("#outage-message .alert-error"));
        assertThat(message.getText()).isEqualTo("The outage could not be added. region: us-east-1 has no listener of its own,"
                + " so its connections cannot be refused; start the server with --region-port us-east-1=PORT");
        assertThat(api("/_meridian/outages").get("outages")).isEmpty();
        assertThat(browser.problems()).allMatch(problem -> problem.contains("/_meridian/outages") && problem.contains("400"));
    }

    @Test
    void developmentModeSaysSoAndAsksNoSignIn() {
        openKeys("ca-central-1");
        assertThat(browser.visible(By.id("mode-banner")).getText()).isEqualTo("Development mode: this console and its API"
                + " are open to anyone who can reach this port.");
        assertThat(browser.all(By.id("sign-in-form"))).isEmpty();
        assertThat(browser.driver().findElement(By.id("sign-out")).isDisplayed()).isFalse();
        assertThat(browser.driver().findElement(By.id("signed-in")).isDisplayed()).isFalse();
    }

    @Test
    void textWithHtmlInItIsShownAsText() {
        String region = "eu-west-3";
        String description = "<img src=x onerror=\"document.body.dataset.injected='description'\"> & \"quoted\"";
        String tagValue = "<script>document.body.dataset.injected='tag'</script>";
        KmsClient client = kms.client(region);
        String keyId = client.createKey(request -> request.description(description)
                .tags(Tag.builder().tagKey("<b>key</b>").tagValue(tagValue).build())).keyMetadata().keyId();

        openKeys(region);
        assertThat(browser.driver().findElement(By.cssSelector("#keys .description")).getText()).isEqualTo(description);
        assertThat(browser.all(By.cssSelector("#keys img, #keys script, #keys b"))).isEmpty();

        openKey(region, keyId, "tags");
        assertThat(rows("tags")).containsExactly(List.of("<b>key</b>", tagValue));
        assertThat(browser.all(By.cssSelector("#tab-panel b, #tab-panel script"))).isEmpty();
        tab("general");
        assertThat(field("description")).isEqualTo(description);
        assertThat(browser.script("return document.body.dataset.injected || null")).isEmpty();
        assertThat(browser.driver().getTitle()).isEqualTo("Meridian console");
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
