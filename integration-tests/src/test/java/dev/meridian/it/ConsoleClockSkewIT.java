package dev.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.testkit.MeridianExtension;
import dev.meridian.testkit.MovableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The web console of a strict-mode server whose clock is 15 minutes ahead of the browser's (a browser clock beyond
 * SigV4's five minutes): the first signed request is refused for its time, the console takes the server's time from
 * that answer's Date header, as AWS's SDKs do, and signs again; signing in and every later request then work. In
 * headless Chromium. No SDK client here: the SDK would correct its clock JVM-wide (see {@code StrictClockSkewIT}).
 */
class ConsoleClockSkewIT {
    private static final String ACCOUNT = ConsoleStrictApiIT.ACCOUNT;
    private static final String REGION = ConsoleStrictApiIT.REGION;

    @RegisterExtension
    static final MeridianExtension meridian = MeridianExtension.builder().identities(ConsoleStrictApiIT.identityFile())
            .clock(fifteenMinutesAhead()).build();
    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();

    @Test
    void aBrowserFifteenMinutesBehindTheServerSignsInAndWorks() {
        WebElement keysPage = browser.openSignedIn(meridian.server().endpoint(),
                "#/keys?account=" + ACCOUNT + "&region=" + REGION, ConsoleStrictApiIT.ROOT_KEY,
                ConsoleStrictApiIT.ROOT_SECRET, By.id("keys-page"));

        assertThat(browser.visible(By.id("signed-in")).getText()).isEqualTo("Signed in as " + ConsoleStrictApiIT.ROOT_KEY);
        browser.replacing(keysPage, () -> browser.driver().findElement(By.id("nav-outages")).click(),
                By.id("outages-page"));
        // the refusals: the unsigned first look (which shows the form) and the sign-in's first, late signature
        assertThat(browser.problems()).hasSize(2)
                .allMatch(problem -> problem.contains("/_meridian/console/api/overview") && problem.contains("403"));
    }

    private static MovableClock fifteenMinutesAhead() {
        MovableClock clock = new MovableClock();
        clock.advance(Duration.ofMinutes(15));
        return clock;
    }
}
