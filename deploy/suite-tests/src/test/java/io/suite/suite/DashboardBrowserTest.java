package io.suite.suite;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.restassured.http.ContentType;

/**
 * The dashboard in a real browser (Debian's Chromium, headless, through chromedriver) against the running suite: the
 * gateway, account-service on the e2e database, and the sandbox as Login with Amazon and the Ads API. Each test signs a
 * fresh user in through the development sign-in of the local profile, connects it to a sandbox Amazon user, and leaves a
 * screenshot under target/screenshots. One browser for the class; explicit waits only.
 */
@ExtendWith(RunningSuite.class)
class DashboardBrowserTest {

    static final String DASHBOARD = RunningSuite.GATEWAY + "/dashboard";
    static final String API = RunningSuite.GATEWAY + "/api/v1";
    static final String SANDBOX = SandboxConsent.SANDBOX;
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    static WebDriver driver;
    static WebDriverWait wait;

    @BeforeAll
    static void browser() throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getenv().getOrDefault("CHROMIUM_BINARY", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1000",
                "--disable-extensions", "--no-first-run", "--lang=en-GB");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        wait.ignoring(StaleElementReferenceException.class); // htmx swapped the element while it was read
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void quit() {
        if (driver != null) {
            driver.quit();
        }
    }

    @AfterEach
    void screenshot(TestInfo test) throws IOException {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(test.getTestMethod().orElseThrow().getName() + ".png"),
                StandardCopyOption.REPLACE_EXISTING);
        driver.manage().window().setSize(new Dimension(1280, 1000));
    }

    @Test
    void aNewcomerConnectsAndTheCardsArriveWithoutAnotherClick() throws IOException {
        UUID user = UUID.randomUUID();
        signIn(user, "/dashboard");
        // an empty user: the cards' empty state offers the connect; there is nothing to sync yet
        WebElement empty = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("empty-state")));
        assertThat(empty.getText()).contains("Connect your Amazon account");
        assertThat(driver.findElements(By.id("sync-all"))).isEmpty();
        try {
            // Amazon answers slowly, so that the sync's progress is there to be seen
            given().contentType(ContentType.JSON).body("{\"latencyMs\":1500}").put(SANDBOX + "/_control/faults/ads").then()
                    .statusCode(org.hamcrest.Matchers.lessThan(300));
            click(By.cssSelector("#empty-state a.button"));
            wait.until(ExpectedConditions.urlContains("/lwa/ap/oa"));
            driver.findElement(By.xpath("//label[contains(., 'Small Seller')]/input")).click();
            click(By.id("allow"));
            wait.until(ExpectedConditions.urlContains("/dashboard?connected=1"));
            assertThat(driver.findElement(By.cssSelector("main .notice")).getText()).contains("being synced now");
            // the sync the connect started, with its progress in the summary: no click, no API call
            WebElement progress = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#summary .run")));
            assertThat(progress.getText()).contains("Syncing");
            screenshot("newcomerSyncInProgress");
        } finally {
            given().delete(SANDBOX + "/_control/faults/ads");
        }
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> cardNames().size() == 3);
        assertThat(cardNames()).contains("Small Seller US");
        // from now on the summary offers a sync of everything
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sync-all")));
        assertThat(driver.findElements(By.cssSelector("#summary .run"))).isEmpty();
    }

    @Test
    void filterSortAndPaginateWithTheStateInTheUrl() {
        UUID user = UUID.randomUUID();
        connectAndSync(user, "Small Seller", 3);
        signIn(user, "/dashboard?size=2");

        assertThat(cardNames()).containsExactly("Small Seller EU", "Small Seller JP");
        click(By.id("next-page"));
        wait.until(d -> cardNames().equals(List.of("Small Seller US")));
        assertThat(driver.getCurrentUrl()).contains("after=").contains("page=2");
        assertThat(driver.findElement(By.id("page-status")).getText()).contains("Page 2");
        click(By.id("first-page"));
        wait.until(d -> cardNames().equals(List.of("Small Seller EU", "Small Seller JP")));

        new Select(driver.findElement(By.id("order"))).selectByValue("desc");
        wait.until(d -> cardNames().equals(List.of("Small Seller US", "Small Seller JP")));
        assertThat(driver.getCurrentUrl()).contains("order=desc");

        new Select(driver.findElement(By.id("status"))).selectByValue("pending");
        wait.until(d -> cardNames().equals(List.of("Small Seller JP", "Small Seller EU")));
        assertThat(driver.findElements(By.cssSelector("#cards li.card"))).allMatch(c -> "pending".equals(c.getAttribute("data-status")));

        new Select(driver.findElement(By.id("sort"))).selectByValue("last_sync");
        wait.until(d -> driver.getCurrentUrl().contains("sort=last_sync"));
        driver.findElement(By.id("q")).sendKeys("eu");
        wait.until(d -> cardNames().equals(List.of("Small Seller EU")));
        String bookmarked = driver.getCurrentUrl();
        assertThat(bookmarked).contains("status=pending", "q=eu", "sort=last_sync", "order=desc", "size=2");

        // the URL alone reproduces the view (bookmark, share, reload)
        driver.navigate().to(bookmarked);
        wait.until(d -> cardNames().equals(List.of("Small Seller EU")));
        assertThat(new Select(driver.findElement(By.id("status"))).getFirstSelectedOption().getAttribute("value")).isEqualTo("pending");
        assertThat(driver.findElement(By.id("q")).getAttribute("value")).isEqualTo("eu");

        // a filter nothing matches has a designed empty state with a way out
        driver.findElement(By.id("q")).sendKeys("zzz");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("empty-state")));
        assertThat(driver.findElement(By.id("empty-state")).getText()).contains("No accounts match");

        // every control has a label; phone width has no horizontal scroll and keeps the cards readable
        driver.navigate().to(DASHBOARD);
        wait.until(d -> cardNames().size() == 3);
        Object unlabelled = js("return Array.from(document.querySelectorAll('input:not([type=hidden]), select, button'))"
                + ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim()).length");
        assertThat(((Number) unlabelled).intValue()).as("controls without a label").isZero();
        driver.manage().window().setSize(new Dimension(390, 844));
        wait.until(d -> ((Number) js("return window.innerWidth")).intValue() <= 400);
        assertThat(((Number) js("return document.documentElement.scrollWidth - document.documentElement.clientWidth")).intValue())
                .as("horizontal overflow at phone width").isLessThanOrEqualTo(0);
    }

    @Test
    void selectTwoCardsAndBatchSyncThem() {
        UUID user = UUID.randomUUID();
        connectAndSync(user, "Small Seller", 3);
        signIn(user, "/dashboard");
        wait.until(d -> cardNames().size() == 3);
        List<WebElement> boxes = driver.findElements(By.cssSelector("#cards input[name=ids]"));
        boxes.get(0).click();
        boxes.get(2).click();
        wait.until(ExpectedConditions.textToBe(By.id("selected-count"), "2 selected"));

        click(By.id("batch-sync"));
        WebElement outcome = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("batch-outcome")));
        assertThat(outcome.getText()).contains("Sync: 2 accepted");
        assertThat(outcome.findElements(By.cssSelector(".outcomes li"))).hasSize(2);
        // the run's progress is polled until it ends; then the cards are redrawn (selection cleared)
        WebElement done = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".run.run-done")));
        assertThat(done.getText()).contains("2 synced");
        wait.until(ExpectedConditions.textToBe(By.id("selected-count"), "0 selected"));
        assertThat(driver.findElements(By.cssSelector("#cards input[name=ids]:checked"))).isEmpty();

        // select all on this page
        click(By.id("select-all"));
        wait.until(ExpectedConditions.textToBe(By.id("selected-count"), "3 selected"));
    }

    @Test
    void disconnectAsksForConfirmationFirst() {
        UUID user = UUID.randomUUID();
        connectAndSync(user, "Small Seller", 3);
        signIn(user, "/dashboard");
        wait.until(d -> cardNames().size() == 3);
        WebElement us = card("Small Seller US");
        us.findElement(By.cssSelector("input[name=ids]")).click();

        click(By.id("batch-disconnect"));
        WebElement dialog = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-dialog")));
        assertThat(dialog.getText()).contains("Disconnect 1 account?");
        // keyboard: focus starts on Cancel; Escape closes without a change
        assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("confirm-cancel");
        new Actions(driver).sendKeys(Keys.ESCAPE).perform();
        wait.until(ExpectedConditions.invisibilityOf(dialog));
        assertThat(card("Small Seller US").getAttribute("data-status")).isEqualTo("active");

        click(By.id("batch-disconnect"));
        wait.until(ExpectedConditions.visibilityOf(dialog));
        click(By.id("confirm-ok"));
        WebElement outcome = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("batch-outcome")));
        assertThat(outcome.getText()).contains("1 disconnected");
        wait.until(d -> "inactive".equals(card("Small Seller US").getAttribute("data-status")));
        assertThat(card("Small Seller US").getAttribute("class")).contains("disconnected");
    }

    @Test
    void aRevokedTokenShowsRedAndReconnectGoesThroughTheSandboxAuthorizePage() throws Exception {
        UUID user = UUID.randomUUID();
        String amazonUser = connectAndSync(user, "Vendor Co", 2);
        // Amazon revokes the grant: the next sync is refused and the connection needs re-authorisation
        given().contentType(ContentType.JSON).body(Map.of("userId", amazonUser)).post(SANDBOX + "/_control/lwa/revoke")
                .then().statusCode(200);
        String run = given().header("Authorization", bearer(user)).contentType(ContentType.JSON).body("{}")
                .post(API + "/accounts/sync").then().statusCode(202).extract().path("run_id");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> !"started".equals(
                given().header("Authorization", bearer(user)).get(API + "/accounts/sync/" + run).then().extract().path("status")));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> Boolean.TRUE.equals(
                given().header("Authorization", bearer(user)).get(API + "/accounts/sync-health").then().extract()
                        .path("needs_reauthorization")));
        // known now: the next sync is refused at once with the reconnect, not started to fail
        given().header("Authorization", bearer(user)).contentType(ContentType.JSON).body("{}").post(API + "/accounts/sync")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("/api/v1/auth/amazon/authorize?reconnect=true"));

        signIn(user, "/dashboard");
        wait.until(d -> cardNames().size() == 2);
        assertThat(driver.findElements(By.cssSelector("#cards li.card"))).allMatch(c -> "red".equals(c.getAttribute("data-health")));
        WebElement badge = driver.findElement(By.cssSelector("#cards li.card .health-badge"));
        assertThat(badge.getText()).contains("Failing"); // words and an icon, not colour alone
        badge.sendKeys(""); // focus shows the reason
        js("arguments[0].focus()", badge);
        WebElement tip = driver.findElement(By.id(badge.getAttribute("aria-describedby")));
        wait.until(ExpectedConditions.visibilityOf(tip));
        assertThat(tip.getText()).contains("re-authorisation");
        WebElement banner = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("reauth-banner")));
        assertThat(driver.findElement(By.id("count-red")).getText()).startsWith("✕ 2");
        screenshot("revokedTokenShowsRed");

        click(By.id("reconnect"));
        wait.until(ExpectedConditions.urlContains("/lwa/ap/oa"));
        WebElement vendor = driver.findElement(By.xpath("//label[contains(., 'Vendor Co')]/input"));
        vendor.click();
        click(By.id("allow"));
        wait.until(ExpectedConditions.urlContains("/dashboard?connected=1"));
        assertThat(driver.findElement(By.cssSelector("main .notice")).getText()).contains("connected");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("count-green")));
        assertThat(driver.findElements(By.id("reauth-banner"))).isEmpty();
        assertThat(banner).isNotNull();
        // sync everything again: progress, then the cards redraw healthy
        click(By.id("sync-all"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".run.run-done")));
        wait.until(d -> healths().equals(List.of("green", "green")));
        given().header("Authorization", bearer(user)).get(API + "/accounts/sync-health").then().statusCode(200)
                .body("needs_reauthorization", org.hamcrest.Matchers.equalTo(false));
    }

    // --- helpers

    /** The development sign-in of the local profile, as a person would use it. */
    static void signIn(UUID user, String path) {
        // cookies are per host: forget any earlier session on the gateway's before signing the next user in
        driver.navigate().to(DASHBOARD + "/sign-in");
        driver.manage().deleteAllCookies();
        driver.navigate().to(RunningSuite.GATEWAY + path);
        click(By.id("dev-sign-in-link"));
        WebElement id = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("user_id")));
        id.sendKeys(user.toString());
        click(By.id("dev-sign-in"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("results")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#summary .counts, #summary .panel")));
    }

    static List<String> cardNames() {
        try {
            return driver.findElements(By.cssSelector("#cards li.card .name")).stream().map(WebElement::getText).toList();
        } catch (StaleElementReferenceException e) {
            return List.of(); // swapped while reading: the wait asks again
        }
    }

    static List<String> healths() {
        try {
            return driver.findElements(By.cssSelector("#cards li.card")).stream().map(c -> c.getAttribute("data-health")).toList();
        } catch (StaleElementReferenceException e) {
            return List.of();
        }
    }

    static WebElement card(String name) {
        return wait.until(d -> d.findElements(By.cssSelector("#cards li.card")).stream()
                .filter(c -> c.findElement(By.cssSelector(".name")).getText().equals(name)).findFirst().orElse(null));
    }

    static void click(By by) {
        wait.until(ExpectedConditions.elementToBeClickable(by)).click();
    }

    static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    static void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    static String bearer(UUID user) {
        return "Bearer " + DevTokens.user(user);
    }

    /** Connects the user to a sandbox Amazon user through the API and the consent page, then syncs; the Amazon user id. */
    static String connectAndSync(UUID user, String amazonName, int expectedAccounts) {
        try {
            SandboxConsent.Client client = SandboxConsent.Client.withBearer(user);
            String query = SandboxConsent.start(client, "/api/v1/auth/amazon/authorize");
            String page = SandboxConsent.page(query);
            Matcher m = Pattern.compile("value=\"([^\"]+)\"[^>]*> " + Pattern.quote(amazonName) + " ").matcher(page);
            assertThat(m.find()).as("sandbox user %s on the consent page", amazonName).isTrue();
            String amazonUser = m.group(1);
            var done = client.get(SandboxConsent.allow(query, amazonUser).toString(), "application/json");
            assertThat(done.statusCode()).as(done.body()).isEqualTo(200);

            String run = given().header("Authorization", bearer(user)).contentType(ContentType.JSON).body("{}")
                    .when().post(API + "/accounts/sync").then().statusCode(202).extract().path("run_id");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> !"started".equals(
                    given().header("Authorization", bearer(user)).get(API + "/accounts/sync/" + run).then().extract().path("status")));
            List<Object> items = given().header("Authorization", bearer(user)).get(API + "/accounts?limit=50").then().statusCode(200)
                    .extract().path("items");
            assertThat(items).hasSize(expectedAccounts);
            return amazonUser;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
