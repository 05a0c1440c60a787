package dev.freight.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium from the distribution's packages ({@code chromium}, {@code chromium-driver};
 * bin/test installs them), driven through its chromedriver, with a fresh profile and its own
 * download folder. {@code FREIGHT_CHROMIUM} and {@code FREIGHT_CHROMEDRIVER} point elsewhere.
 */
public final class Browser implements AutoCloseable {
    public static final Dimension LAPTOP = new Dimension(1280, 900);

    private final ChromeDriver driver;
    private final Path profile;
    private final Path downloads;

    private Browser(ChromeDriver driver, Path profile, Path downloads) {
        this.driver = driver;
        this.profile = profile;
        this.downloads = downloads;
    }

    public static Browser start() {
        Path chromium = Path.of(System.getenv().getOrDefault("FREIGHT_CHROMIUM", "/usr/bin/chromium"));
        Path chromedriver = Path.of(System.getenv().getOrDefault("FREIGHT_CHROMEDRIVER", "/usr/bin/chromedriver"));
        if (!Files.isExecutable(chromium) || !Files.isExecutable(chromedriver)) {
            throw new IllegalStateException("the console's tests need " + chromium + " and " + chromedriver
                    + ": bin/test installs them (apt-get install chromium chromium-driver)");
        }
        try {
            Path profile = Files.createTempDirectory("freight-chromium-");
            Path downloads = Files.createTempDirectory("freight-downloads-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(chromium.toFile());
            // without the background-networking flags a closed network refuses Chromium's own calls home
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-extensions", "--user-data-dir=" + profile,
                    "--window-size=" + LAPTOP.getWidth() + "," + LAPTOP.getHeight());
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            options.setExperimentalOption("prefs", Map.of(
                    "download.default_directory", downloads.toString(),
                    "download.prompt_for_download", false));
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
            return new Browser(new ChromeDriver(service, options), profile, downloads);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Waits on a condition, polled every 50 ms; a screen that redraws an element meanwhile is simply looked up again. */
    public WebDriverWait waiting(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(50));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /** Shows pages as a phone would (390 × 844 CSS pixels, a touch screen's viewport), or as the laptop window again. */
    public void phone(boolean on) {
        if (on) driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
        else driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    /** Saves the whole page (up to maxHeight CSS pixels tall) as a PNG, as wide as the window. */
    public void screenshotPage(Path file, int maxHeight) {
        driver.executeScript("document.activeElement?.blur()"); // no focus ring in a picture for the docs
        Number width = (Number) driver.executeScript("return window.innerWidth");
        Number height = (Number) driver.executeScript("return document.documentElement.scrollHeight");
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width.intValue(),
                "height", Math.min(height.intValue(), maxHeight), "deviceScaleFactor", 1, "mobile", false));
        try {
            screenshot(file);
        } finally {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    /** Saves what the window shows as a PNG. */
    public void screenshot(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The downloaded file named {@code name}, once Chromium has finished writing it. */
    public Path awaitDownload(String name, Duration timeout) {
        Path file = downloads.resolve(name);
        Path partial = downloads.resolve(name + ".crdownload");
        waiting(timeout).withMessage("download of " + name + " into " + downloads)
                .until(d -> Files.isRegularFile(file) && !Files.exists(partial));
        return file;
    }

    /** What the pages reported since the last call: script errors and refused loads among them. */
    public List<String> consoleMessages() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage).toList();
    }

    public List<Path> downloads() {
        try (Stream<Path> s = Files.list(downloads)) {
            return s.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            delete(profile);
            delete(downloads);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }
}
