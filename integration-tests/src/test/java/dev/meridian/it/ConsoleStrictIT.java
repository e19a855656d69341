package dev.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.testkit.MeridianExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The web console of a strict-mode server in headless Chromium: the page loads unsigned and shows the sign-in
 * form; a wrong secret or a user's key shows the server's 403 message in the form; the account root's key signs in
 * (kept in the tab's sessionStorage only, never in localStorage or a cookie) and every API request is then signed
 * with SigV4 in the browser, query strings included, so the key list shows a key made with the SDK and an outage
 * can be started and lifted; signing out returns to the form. The only problems the browser may log are the
 * server's 403 answers the form exists for.
 */
class ConsoleStrictIT {
    private static final String ACCOUNT = ConsoleStrictApiIT.ACCOUNT;
    private static final String REGION = ConsoleStrictApiIT.REGION;
    private static final String STORAGE_KEY = "meridian.console.signIn";

    @RegisterExtension
    static final MeridianExtension meridian = MeridianExtension.builder().identities(ConsoleStrictApiIT.identityFile())
            .build();
    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();

    @AfterEach
    void onlyRefusalsWereLogged() {
        assertThat(browser.problems()).allMatch(problem -> problem.contains("/_meridian/") && problem.contains("403"));
        browser.script("sessionStorage.clear()");
    }

    @Test
    void theRootSignsInSeesItsKeysRunsAnOutageAndSignsOut() {
        String keyId;
        try (KmsClient root = ConsoleStrictApiIT.rootClient(meridian)) {
            keyId = root.createKey(request -> request.description("made by the root")).keyMetadata().keyId();
        }
        browser.open(meridian.server().endpoint(), "#/keys?account=" + ACCOUNT + "&region=" + REGION);
        WebElement form = browser.visible(By.id("sign-in-form"));
        assertThat(browser.all(By.id("keys-page"))).isEmpty();
        assertThat(browser.all(By.cssSelector("#sign-in-message .alert"))).isEmpty();
        assertThat(browser.driver().findElement(By.id("sign-out")).isDisplayed()).isFalse();
        assertThat(browser.driver().findElement(By.id("mode-banner")).isDisplayed()).isFalse();
        assertThat(browser.driver().findElement(By.id("sign-in-region")).getAttribute("value")).isEqualTo(REGION);

        browser.signIn(ConsoleStrictApiIT.ROOT_KEY, "not-the-root-secret");
        assertThat(refusal()).isEqualTo("The server refused the key. " + ConsoleStrictApiIT.wrongSecretMessage());
        assertThat(browser.script("return sessionStorage.getItem(arguments[0])", STORAGE_KEY)).isEmpty();
        browser.signIn(ConsoleStrictApiIT.USER_KEY, ConsoleStrictApiIT.USER_SECRET);
        assertThat(refusal()).isEqualTo("The server refused the key. In strict mode the operator endpoints are an account"
                + " root's; arn:aws:iam::" + ACCOUNT + ":user/console-user is not one");

        browser.replacing(form, () -> browser.signIn(ConsoleStrictApiIT.ROOT_KEY, ConsoleStrictApiIT.ROOT_SECRET),
                By.cssSelector("#keys a.key-link[data-key-id='" + keyId + "']"));
        assertThat(browser.driver().findElement(By.cssSelector("#keys .description")).getText()).isEqualTo("made by the root");
        assertThat(browser.visible(By.id("signed-in")).getText())
                .isEqualTo("Signed in as " + ConsoleStrictApiIT.ROOT_KEY);
        assertThat(browser.driver().findElement(By.id("mode-banner")).isDisplayed()).isFalse();
        assertSecretOnlyInSessionStorage();

        openOutages();
        browser.driver().findElement(By.id("outage-region")).clear();
        browser.driver().findElement(By.id("outage-region")).sendKeys("eu-west-1");
        new Select(browser.driver().findElement(By.id("outage-fault"))).selectByValue("THROTTLING");
        WebElement page = browser.driver().findElement(By.id("outages-page"));
        browser.replacing(page, () -> browser.driver().findElement(By.id("outage-add")).click(), By.id("outages"));
        assertThat(meridian.outages().inForce()).hasSize(1);
        assertThat(browser.driver().findElement(By.cssSelector("#outages .outage-region")).getText()).isEqualTo("eu-west-1");
        page = browser.driver().findElement(By.id("outages-page"));
        browser.replacing(page, () -> browser.driver().findElement(By.cssSelector("#outages button.lift")).click(),
                By.cssSelector("#outages-page .empty"));
        assertThat(meridian.outages().inForce()).isEmpty();

        WebElement signedInPage = browser.driver().findElement(By.id("outages-page"));
        browser.replacing(signedInPage, () -> browser.driver().findElement(By.id("sign-out")).click(), By.id("sign-in-form"));
        assertThat(browser.script("return sessionStorage.getItem(arguments[0])", STORAGE_KEY)).isEmpty();
        assertThat(browser.driver().findElement(By.id("signed-in")).isDisplayed()).isFalse();
        assertThat(browser.all(By.cssSelector("#sign-in-message .alert"))).isEmpty();
    }

    @Test
    void theBrowsersSignatureOfQueryStringsIsTheOneTheServerChecks() {
        browser.openSignedIn(meridian.server().endpoint(), "#/keys", ConsoleStrictApiIT.ROOT_KEY,
                ConsoleStrictApiIT.ROOT_SECRET, By.id("keys-page"));
        // Parameters the server decodes and encodes again: spaces (sent as '+'), '/', '~', '%', non-ASCII, order.
        Object answer = ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('/console/api.js').then(module => Promise.all([
                  module.api.keys(arguments[0], arguments[1]),
                  module.api.audit({region: arguments[1], account: arguments[0], eventName: 'Create Key+/~%é€', limit: 5}),
                ])).then(answers => done({keys: answers[0].keys.length, events: answers[1].events.length}),
                         error => done({status: error.status, message: error.message}));
                """, ACCOUNT, "eu-central-1"); // a Region without keys
        assertThat(answer).isEqualTo(Map.of("keys", 0L, "events", 0L));
    }

    @Test
    void aSignedInTabStaysSignedInWhenReloadedAndAnotherTabIsNot() {
        browser.openSignedIn(meridian.server().endpoint(), "#/outages", ConsoleStrictApiIT.ROOT_KEY,
                ConsoleStrictApiIT.ROOT_SECRET, By.id("outages-page"));
        browser.driver().navigate().refresh();
        browser.visible(By.id("outages-page"));
        assertSecretOnlyInSessionStorage();
        String first = browser.driver().getWindowHandle();
        browser.script("window.open(arguments[0], '_blank', 'noopener')", meridian.server().endpoint() + "/console#/outages");
        browser.await(driver -> driver.getWindowHandles().size() == 2);
        String second = browser.driver().getWindowHandles().stream().filter(handle -> !handle.equals(first)).findFirst()
                .orElseThrow();
        browser.driver().switchTo().window(second);
        try {
            browser.visible(By.id("sign-in-form"));
        } finally {
            browser.driver().close();
            browser.driver().switchTo().window(first);
        }
    }

    private static void openOutages() {
        WebElement page = browser.driver().findElement(By.cssSelector("main > .page"));
        browser.replacing(page, () -> browser.driver().findElement(By.id("nav-outages")).click(), By.id("outages-page"));
    }


    /** The refusal the form shows once its last attempt was answered. */
    private static String refusal() {
        browser.await(ExpectedConditions.elementToBeClickable(By.id("sign-in-submit")));
        return browser.visible(By.cssSelector("#sign-in-message .alert-error")).getText();
    }

    private static void assertSecretOnlyInSessionStorage() {
        String secret = ConsoleStrictApiIT.ROOT_SECRET;
        assertThat(browser.script("return localStorage.length")).contains(0L);
        assertThat(browser.script("return document.cookie")).contains("");
        assertThat(browser.driver().getCurrentUrl()).doesNotContain(secret);
        assertThat(browser.script("return sessionStorage.getItem(arguments[0])", STORAGE_KEY).orElseThrow().toString())
                .contains(secret);
        assertThat(browser.all(By.cssSelector("input")).stream().map(input -> input.getAttribute("value")))
                .noneMatch(value -> value != null && value.contains(secret));
        assertThat(List.of(browser.driver().getPageSource())).noneMatch(source -> source.contains(secret));
    }
}
