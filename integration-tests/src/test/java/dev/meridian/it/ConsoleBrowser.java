package dev.meridian.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium for a whole test class, driven through the system's chromedriver (Debian's
 * {@code chromium} and {@code chromium-driver}: {@code /usr/bin/chromium}, {@code /usr/bin/chromedriver}, or the
 * paths in the system properties {@code meridian.chromium} and {@code meridian.chromedriver}). Selenium Manager
 * never runs (the driver's path is given), so nothing is downloaded. Where the browser or its driver is missing,
 * the class's tests are skipped with a message saying what to install; under CI ({@code CI=true}) they fail
 * instead. Register with {@code @RegisterExtension static final ConsoleBrowser browser = new ConsoleBrowser();}.
 */
public final class ConsoleBrowser implements BeforeAllCallback, AfterAllCallback {
    /** How long a view may take to show what a test waits for (a busy machine runs the whole suite). */
    static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String CHROMIUM = System.getProperty("meridian.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("meridian.chromedriver", "/usr/bin/chromedriver");
    /** Selenium warns that it has no DevTools classes for this Chromium: the tests use none (held, so that it stays). */
    private static final java.util.logging.Logger DEVTOOLS_LOG = quiet("org.openqa.selenium.devtools");

    private ChromeDriver driver;
    private ChromeDriverService service;
    private Path profile;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        boolean present = Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER));
        String missing = "Headless Chromium is needed for the web console's browser tests: install Debian's chromium and "
                + "chromium-driver (apt-get install chromium chromium-driver), or name them with -Dmeridian.chromium=PATH "
                + "-Dmeridian.chromedriver=PATH; not found: " + CHROMIUM + ", " + CHROMEDRIVER;
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(missing);
        }
        assumeTrue(present, missing);
        profile = Files.createTempDirectory("meridian-chromium-");
        service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort()
                .withSilent(true).build();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM)
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                        "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--disable-extensions", "--hide-scrollbars",
                        "--window-size=1400,900",
                        "--user-data-dir=" + profile);
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(PATIENCE).scriptTimeout(PATIENCE);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            if (service != null) {
                service.stop();
            }
            if (profile != null) {
                deleteRecursively(profile);
            }
        }
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(Level.SEVERE);
        return logger;
    }

    public WebDriver driver() {
        return driver;
    }

    /** Opens the console of {@code endpoint} at a hash route (such as {@code #/keys?region=us-east-1}). */
    public void open(String endpoint, String route) {
        driver.get(endpoint + "/console" + route);
    }

    /** Waits until the condition holds (or fails the test after {@link #PATIENCE}). */
    public <T> T await(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, PATIENCE).until(condition);
    }

    /** Waits until an element is visible; returns it. */
    public WebElement visible(By locator) {
        return await(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    /** Does {@code action} (a click that changes the view) and waits until {@code old} is gone and {@code next} shows. */
    public WebElement replacing(WebElement old, Runnable action, By next) {
        action.run();
        await(ExpectedConditions.stalenessOf(old));
        return visible(next);
    }

    /** Fills a strict-mode console's sign-in form with the key given and submits it. */
    public void signIn(String accessKeyId, String secret) {
        for (Map.Entry<String, String> field : Map.of("sign-in-access-key", accessKeyId, "sign-in-secret", secret).entrySet()) {
            WebElement input = driver.findElement(By.id(field.getKey()));
            input.clear();
            input.sendKeys(field.getValue());
        }
        driver.findElement(By.id("sign-in-submit")).click();
    }

    /**
     * Opens a strict-mode console at {@code route}, signs in with the key given through the form it shows, and waits
     * until {@code page} shows; returns it.
     */
    public WebElement openSignedIn(String endpoint, String route, String accessKeyId, String secret, By page) {
        open(endpoint, route);
        WebElement form = visible(By.id("sign-in-form"));
        return replacing(form, () -> signIn(accessKeyId, secret), page);
    }

    public List<WebElement> all(By locator) {
        return driver.findElements(locator);
    }

    public Optional<Object> script(String script, Object... arguments) {
        return Optional.ofNullable(driver.executeScript(script, arguments));
    }

    /** The browser's console messages since the last call, at warning level or above. */
    public List<String> problems() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    /** Saves a PNG of the page, 1400 pixels wide and as high as its content, into {@code folder} as {@code name.png}. */
    public void screenshot(Path folder, String name) {
        try {
            Files.createDirectories(folder);
            Object height = driver.executeScript("return Math.ceil(document.querySelector('main').getBoundingClientRect().bottom)");
            driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 1400,
                    "height", Math.max(300, ((Number) height).intValue()), "deviceScaleFactor", 1, "mobile", false));
            try {
                Files.write(folder.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
            } finally {
                driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a profile left in the temporary folder is harmless
        }
    }
}
