package dev.lunora.test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.lunora.local.LocalMode;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The schedules and usage sections of the page in headless Chromium against local mode. */
class SchedulesAndUsagePageBrowserTest {

    private static LocalMode local;
    private static TestBrowsers.Session session;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        session = TestBrowsers.start(TestLocalModes.options().timeScale(60).env("COST_GUARD_RATE", "rate(1 hour)").build());
        local = session.local();
        browser = session.browser();
    }

    @AfterAll
    static void stop() {
        if (session != null) {
            session.close();
        }
    }

    @Test
    void producer_addsAWeeklyScheduleSeesItUnderItsDestinationAndRemovesIt_andSeesTheUsageChart() {
        List<String> errors = new ArrayList<>();
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900))) {
            Page page = context.newPage();
            page.onPageError(errors::add);
            page.setDefaultTimeout(10_000);
            page.navigate(local.webUrl().toString());

            page.selectOption("#sch-destination", new com.microsoft.playwright.options.SelectOption().setLabel("Test YouTube Channel"));
            page.selectOption("#sch-action", "start");
            page.selectOption("#sch-kind", "weekly");
            page.selectOption("#sch-day", "SUN");
            page.fill("#sch-time", "18:55");
            page.fill("#sch-zone", "Mars/Olympus");
            page.click("#sch-submit");
            assertThat(page.locator("#sch-time_zone-error")).containsText("Unknown time zone 'Mars/Olympus'");

            page.fill("#sch-zone", "Europe/Paris");
            page.click("#sch-submit");
            var item = page.locator(".sched-group", new Page.LocatorOptions().setHasText("Test YouTube Channel")).locator(".sched-item");
            assertThat(item).hasCount(1);
            assertThat(item).containsText("every Sunday at 18:55 (Europe/Paris)");
            assertThat(item).containsText("next:");
            assertThat(page.locator("#sch-time_zone-error")).isEmpty();

            assertThat(page.locator("#usage-chart svg rect.usage-chart__bar").first()).isAttached();
            assertThat(page.locator("#usage-summary")).containsText("The channel ran");
            assertThat(page.locator("#usage-source")).containsText("aws.amazon.com");
            page.screenshot(new Page.ScreenshotOptions().setPath(Paths.get("/tmp/lunora-schedules-usage.png")).setFullPage(true));

            item.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON).click();
            assertThat(page.locator(".sched-item")).hasCount(0);
            assertThat(page.locator("#schedule-empty")).isVisible();
        }
        assertThat(errors).as("uncaught errors in the page").isEmpty();
    }
}
