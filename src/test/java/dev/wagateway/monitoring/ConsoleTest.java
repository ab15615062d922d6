package dev.wagateway.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import dev.wagateway.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The web console in a real browser (headless Chromium, Debian's chromium and chromium-driver): the console sends the
 * browser to Spring Security's login form, a wrong password is refused, the operator logs in, is back in hawtio and
 * sees the Camel routes (hawtio's Jolokia calls carry the XSRF-TOKEN cookie's token); a screenshot of that tab is left in target/screenshots. Without a browser the
 * test is skipped, except where {@code REQUIRE_BROWSER=true} (.ci/run installs one and sets it).
 */
class ConsoleTest extends IntegrationTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @LocalServerPort
    private int port;

    private WebDriver browser;

    @BeforeEach
    void startBrowser() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!"true".equals(System.getenv("REQUIRE_BROWSER"))) {
            assumeTrue(present, "no Chromium here: install chromium and chromium-driver to run the console test");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void the_operator_logs_in_and_sees_the_camel_routes() throws IOException {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        browser.get("http://localhost:" + port + "/actuator/hawtio/");

        login(wait, "operator", "wrong-password");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[type='password']")));
        assertThat(browser.getPageSource()).doesNotContain("whatsapp-delivery");

        browser.get("http://localhost:" + port + "/actuator/hawtio/");
        login(wait, "operator", "test-operator-password");
        // logged in once the form has gone (navigating earlier would abort the login request)
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("input[type='password']")));
        browser.get("http://localhost:" + port + "/actuator/hawtio/camel/routes");
        try {
            wait.until(driver -> driver.getPageSource().contains("whatsapp-delivery"));
            // the routes folder of the context: the routes tab with each route's state and statistics
            browser.findElement(By.xpath("//*[normalize-space(text())='routes']")).click();
            wait.until(driver -> driver.findElements(By.xpath("//td[contains(., 'whatsapp-delivery')]")).size() > 0);
        } catch (RuntimeException e) {
            save("console-failure");
            throw e;
        }

        String page = browser.getPageSource();
        for (String route : List.of("send", "whatsapp-delivery", "redelivery", "file-ingest", "webhook-receive")) {
            assertThat(page).contains(route);
        }
        Path screenshot = save("hawtio-camel-routes");
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);
    }

    /** A screenshot (and, for a failure, the page) in target/screenshots. */
    private Path save(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.writeString(SCREENSHOTS.resolve(name + ".html"), browser.getPageSource());
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        return Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private void login(WebDriverWait wait, String user, String password) {
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[type='password']")));
        browser.findElement(By.cssSelector("input[type='text'], input[name='username']")).sendKeys(user);
        browser.findElement(By.cssSelector("input[type='password']")).sendKeys(password);
        browser.findElement(By.cssSelector("button[type='submit']")).click();
    }
}
