package dev.meridian.it;

import static org.awaitility.Awaitility.await;

import dev.meridian.testkit.MeridianExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * The README's screenshots of the web console (scripts/console-screenshots.sh): example keys made with the AWS
 * SDK, then PNGs of the key list, a multi-Region key's Regionality tab, the audit trail and the outages view, and of
 * a strict-mode server's sign-in form, written into the folder named by the system property
 * {@code meridian.screenshots}. Runs only when it is set.
 */
@EnabledIfSystemProperty(named = "meridian.screenshots", matches = ".+")
class ConsoleScreenshotsIT {
    private static final String ACCOUNT = KmsTestSupport.ACCOUNT;
    private static final String HOME = "us-east-1";
    private static final List<String> REPLICAS = List.of("eu-west-1", "ap-southeast-2", "sa-east-1", "ap-northeast-1");

    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass();
    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();
    @RegisterExtension
    static final MeridianExtension strict = MeridianExtension.builder().identities(ConsoleStrictApiIT.identityFile())
            .build();

    @Test
    void screenshots() {
        Path folder = Path.of(System.getProperty("meridian.screenshots"));
        KmsClient client = kms.client(HOME);
        String payments = client.createKey(request -> request.multiRegion(true).description("Card payments (all Regions)")
                .tags(Tag.builder().tagKey("team").tagValue("payments").build())).keyMetadata().keyId();
        client.createAlias(request -> request.aliasName("alias/payments").targetKeyId(payments));
        REPLICAS.forEach(region -> client.replicateKey(request -> request.keyId(payments).replicaRegion(region)));
        String orders = client.createKey(request -> request.description("Order database envelope key")).keyMetadata().keyId();
        client.createAlias(request -> request.aliasName("alias/orders").targetKeyId(orders));
        client.enableKeyRotation(request -> request.keyId(orders).rotationPeriodInDays(90));
        String signing = client.createKey(request -> request.keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsageType.SIGN_VERIFY)
                .description("Release signing")).keyMetadata().keyId();
        client.createAlias(request -> request.aliasName("alias/release-signing").targetKeyId(signing));
        String tokens = client.createKey(request -> request.keySpec(KeySpec.HMAC_256).keyUsage(KeyUsageType.GENERATE_VERIFY_MAC)
                .description("Session token MACs")).keyMetadata().keyId();
        client.createAlias(request -> request.aliasName("alias/session-tokens").targetKeyId(tokens));
        String retired = client.createKey(request -> request.description("Legacy exports")).keyMetadata().keyId();
        client.disableKey(request -> request.keyId(retired));
        String old = client.createKey(request -> request.description("Old staging key")).keyMetadata().keyId();
        client.scheduleKeyDeletion(request -> request.keyId(old).pendingWindowInDays(7));
        for (int call = 0; call < 6; call++) {
            var dataKey = client.generateDataKey(request -> request.keyId("alias/payments").keySpec(DataKeySpec.AES_256));
            client.decrypt(request -> request.ciphertextBlob(dataKey.ciphertextBlob()));
        }
        client.sign(request -> request.keyId(signing).message(KmsTestSupport.bytes("release 1.4.0"))
                .signingAlgorithm("ECDSA_SHA_256"));
        KmsTestSupport.assertKmsError(() -> client.encrypt(request -> request.keyId(retired).plaintext(KmsTestSupport.bytes("x"))),
                software.amazon.awssdk.services.kms.model.DisabledException.class,
                "arn:aws:kms:" + HOME + ":" + ACCOUNT + ":key/" + retired + " is disabled.");
        KmsTestSupport.assertKmsError(() -> client.describeKey(request -> request.keyId("alias/missing")), NotFoundException.class,
                "Alias arn:aws:kms:" + HOME + ":" + ACCOUNT + ":alias/missing is not found.");
        await().atMost(Duration.ofSeconds(30)).until(() -> REPLICAS.stream().allMatch(region ->
                kms.client(region).describeKey(request -> request.keyId(payments)).keyMetadata().keyState() == KeyState.ENABLED));
        await().atMost(Duration.ofSeconds(30)).until(() -> ConsoleIT.api(kms.server().endpoint(), "/_meridian/console/api/audit?account=" + ACCOUNT
                + "&region=" + HOME + "&errorsOnly=true").get("events").size() == 2);
        kms.server().outages().region("eu-west-1").failWith(dev.meridian.wire.outage.Fault.INTERNAL_ERROR);
        kms.server().outages().region(HOME).operation("Decrypt").probability(0.25).delay(Duration.ofMillis(800));

        browser.open(kms.server().endpoint(), "#/keys?account=" + ACCOUNT + "&region=" + HOME);
        browser.visible(By.cssSelector("#keys tbody tr"));
        browser.screenshot(folder, "keys");

        browser.open(kms.server().endpoint(), "#/key?account=" + ACCOUNT + "&region=" + HOME + "&keyId=" + payments
                + "&tab=regionality");
        browser.visible(By.cssSelector("#region-map .map-primary"));
        browser.screenshot(folder, "regionality");

        browser.open(kms.server().endpoint(), "#/audit?account=" + ACCOUNT + "&region=" + HOME + "&limit=10");
        browser.visible(By.cssSelector("#audit-events tbody tr"));
        browser.screenshot(folder, "audit");

        browser.open(kms.server().endpoint(), "#/outages?account=" + ACCOUNT + "&region=" + HOME);
        browser.visible(By.cssSelector("#outages tbody tr"));
        browser.screenshot(folder, "outages");

        browser.open(strict.server().endpoint(), "#/keys?account=" + ConsoleStrictApiIT.ACCOUNT + "&region=" + HOME);
        browser.visible(By.id("sign-in-form"));
        browser.driver().findElement(By.id("sign-in-access-key")).sendKeys(ConsoleStrictApiIT.ROOT_KEY);
        browser.screenshot(folder, "sign-in");
    }
}
