package dev.lunora.test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.lunora.local.LocalMode;
import dev.lunora.local.medialive.IngestRule;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The done-when, on the page itself: a destination whose key the simulator rejects shows "Failing" and
 * the platform's advice in its row, and "Healthy" once the key is accepted — with no reload, by the page's poll.
 */
class ChannelAlertsPageBrowserTest {

    /** Compared only through the page's text, never printed. */
    private static final String BAD_KEY = "yt-page-bad-key-0451";

    private static LocalMode local;
    private static TestBrowsers.Session session;
    private static Browser browser;

    @BeforeAll
    static void startLocalModeAndBrowser() throws Exception {
        session = TestBrowsers.start(TestLocalModes.options().timeScale(300).build());
        local = session.local();
        browser = session.browser();
    }

    @AfterAll
    static void stopBrowserAndLocalMode() {
        if (session != null) {
            session.close();
        }
    }

    @Test
    void rejectedKey_rowShowsFailingWithAdvice_thenHealthyWhenFixed() {
        LocalApi api = new LocalApi(local.webUrl());
        IngestRule rejectsKey = local.mediaLive().failIngestForStreamKey(BAD_KEY);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Page YouTube");
        body.put("platform", "youtube");
        body.put("stream_key", BAD_KEY);
        String id = api.post("/api/destinations", LocalApi.json(body)).json().path("destination").path("destination_id").asText();
        Page page = browser.newPage();
        page.navigate(local.webUrl().toString());
        Locator row = page.locator("tr.row").filter(new Locator.FilterOptions().setHas(
                page.locator(".name", new Page.LocatorOptions().setHasText(Pattern.compile("^Page YouTube$")))));
        assertThat(row).isVisible();

        assertThat(api.post("/api/destinations/" + id + "/start", null).status()).isEqualTo(202);

        LocatorAssertions.HasTextOptions pollWindow = new LocatorAssertions.HasTextOptions().setTimeout(30_000);
        assertThat(row.locator(".health")).hasText("Failing", pollWindow);
        assertThat(row.locator(".health-message")).containsText("YouTube refused the connection or the stream key",
                new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
        assertThat(row.locator(".health-message")).containsText("YouTube Studio");
        assertThat(row.textContent().contains(BAD_KEY)).as("the row shows the key").isFalse();

        local.mediaLive().removeIngestRule(rejectsKey.id());

        assertThat(row.locator(".health")).hasText("Healthy", pollWindow);
        assertThat(row.locator(".health-message")).isEmpty();
        page.close();
        api.post("/api/destinations/" + id + "/stop", null);
    }
}
