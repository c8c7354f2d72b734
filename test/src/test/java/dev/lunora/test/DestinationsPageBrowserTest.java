package dev.lunora.test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.microsoft.playwright.Browser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.RequestOptions;
import dev.lunora.local.LocalMode;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The destinations page (frontend/) in headless Chromium against the real local mode: listing, creating,
 * editing, deleting, server-side validation errors, start/stop feedback, HTML-looking names and a 360 px layout.
 */
class DestinationsPageBrowserTest {

    private static final AtomicInteger SEQ = new AtomicInteger();

    private static LocalMode local;
    private static String baseUrl;
    private static TestBrowsers.Session session;
    private static Browser browser;

    private BrowserContext context;
    private Page page;
    private final List<String> pageErrors = new ArrayList<>();

    @BeforeAll
    static void startLocalModeAndBrowser() throws Exception {
        session = TestBrowsers.start(TestLocalModes.options().timeScale(500).build());
        local = session.local();
        browser = session.browser();
        baseUrl = session.baseUrl();
    }

    @AfterAll
    static void stopBrowserAndLocalMode() throws Exception {
        if (session != null) {
            session.close();
        }
    }

    @BeforeEach
    void openPage() {
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 860));
        page = context.newPage();
        page.onPageError(e -> pageErrors.add(e));
        page.setDefaultTimeout(10_000);
    }

    @AfterEach
    void closePage() {
        if (context != null) {
            context.close();
        }
        assertThat(pageErrors).as("uncaught errors in the page").isEmpty();
    }

    // ------------------------------------------------------------------ tests

    @Test
    void page_opened_listsSeededDestinations() {
        load();
        assertThat(row("Test YouTube Channel")).isVisible();
        assertThat(row("Restream RTMP")).isVisible();
        assertThat(row("HLS")).isVisible();
        assertThat(row("Test YouTube Channel").locator(".platform")).hasText("YouTube");
        assertThat(row("HLS").locator(".url")).hasText("Packaged by MediaPackage");
        assertThat(row("Test YouTube Channel").locator(".badge")).not().isEmpty();
        assertThat(page.locator("#live-summary-text")).containsText("configured");
        page.screenshot(new Page.ScreenshotOptions().setPath(Paths.get("/tmp/lunora-page-desktop.png")).setFullPage(true));
    }

    @Test
    void addForm_filledAndSaved_destinationListedAfterReload() {
        load();
        String name = unique("Studio B custom");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add destination")).click();
        Locator dialog = page.locator("#destination-dialog");
        assertThat(dialog).isVisible();
        assertThat(page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true))).isFocused();
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill(name);
        page.getByLabel("Platform").selectOption("custom");
        page.getByLabel("Ingest URL").fill("rtmps://live.example.com:443/app");
        page.getByLabel("Stream key").fill("sk-live-9876");
        dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Add destination")).click();

        assertThat(dialog).isHidden();
        assertThat(row(name)).isVisible();
        page.reload();
        assertThat(row(name)).isVisible();
        assertThat(row(name).locator(".platform")).hasText("Custom RTMP");
        assertThat(row(name).locator(".url")).hasText("rtmps://live.example.com:443/app");
        assertThat(row(name).locator(".key")).hasText("••••9876");
        assertThat(page.locator("body")).not().containsText("sk-live-9876");
    }

    @Test
    void addForm_escapePressed_closesAndReturnsFocus() {
        load();
        Locator add = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add destination"));
        add.click();
        assertThat(page.locator("#destination-dialog")).isVisible();
        page.keyboard().press("Escape");
        assertThat(page.locator("#destination-dialog")).isHidden();
        assertThat(add).isFocused();
    }

    @Test
    void addForm_htmlLikeName_rendersAsLiteralText() {
        load();
        String name = "<img src=x onerror=window.__xss=1>";
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add destination")).click();
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill(name);
        page.getByLabel("Platform").selectOption("youtube");
        page.locator("#destination-dialog").getByRole(AriaRole.BUTTON,
                new Locator.GetByRoleOptions().setName("Add destination")).click();
        assertThat(row(name)).isVisible();

        page.reload();
        assertThat(row(name).locator(".name")).hasText(name);
        assertThat(page.locator("#destination-rows img")).hasCount(0);
        page.waitForTimeout(300);
        assertThat(page.evaluate("() => typeof window.__xss")).isEqualTo("undefined");
    }

    @Test
    void addForm_httpUrlRejectedByServer_errorShownAtUrlField() {
        load();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add destination")).click();
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill(unique("Plain HTTP"));
        page.getByLabel("Platform").selectOption("custom");
        page.getByLabel("Ingest URL").fill("http://live.example.com/app");
        Locator save = page.locator("#destination-dialog").getByRole(AriaRole.BUTTON,
                new Locator.GetByRoleOptions().setName("Add destination"));

        // The page's own check catches it first...
        save.click();
        assertThat(page.locator("#f-rtmp-url-error")).containsText("rtmp://");

        // ...and with the page's checks switched off, the server's answer lands at the same field.
        page.locator("#destination-form").evaluate("f => f.dataset.clientValidation = 'off'");
        Response response = page.waitForResponse(r -> r.url().endsWith("/api/destinations")
                && r.request().method().equals("POST"), save::click);
        assertThat(response.status()).isEqualTo(400);
        String serverMessage = (String) page.evaluate("b => JSON.parse(b).message", response.text());
        assertThat(page.locator("#f-rtmp-url-error")).hasText(serverMessage);
        assertThat(page.getByLabel("Ingest URL")).hasAttribute("aria-invalid", "true");
        assertThat(page.locator("#destination-dialog")).isVisible();
    }

    /** Issue 14 item 1: a STANDARD channel's second pipeline gets its own ingest; YouTube's backup server is offered. */
    @Test
    void editForm_backupIngest_offeredForYouTubeSavedWithOwnKeyAndNeverShown() {
        String name = unique("Backup ingest");
        String id = createViaApi(name, "youtube", "yt-primary-key-1111");
        load();
        row(name).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Edit " + name).setExact(true)).click();
        page.locator("#backup-ingest > summary").click();
        assertThat(page.locator("#f-backup-url-help")).containsText("rtmp://b.rtmp.youtube.com/live2?backup=1");
        page.getByLabel("Backup server URL").fill("ftp://nope.example.com");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save changes")).click();
        assertThat(page.locator("#f-backup-url-error")).containsText("must start with rtmp:// or rtmps://");

        page.getByLabel("Backup server URL").fill("rtmp://b.rtmp.youtube.com/live2?backup=1");
        page.locator("#f-backup-key").fill("yt-backup-key-2222");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save changes")).click();
        assertThat(page.locator("#destination-dialog")).isHidden();

        var stored = context.request().get(baseUrl + "api/destinations/" + id);
        assertThat(stored.text()).contains("\"backup_rtmp_url\":\"rtmp://b.rtmp.youtube.com/live2?backup=1\"")
                .contains("\"backup_stream_key_hint\":\"••••2222\"").doesNotContain("yt-backup-key-2222");
        page.reload();
        row(name).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Edit " + name).setExact(true)).click();
        assertThat(page.locator("#f-backup-url")).hasValue("rtmp://b.rtmp.youtube.com/live2?backup=1");
        assertThat(page.locator("#f-backup-key-label")).hasText("Backup server key (leave empty to keep ••••2222)");
        assertThat(page.locator("body")).not().containsText("yt-backup-key-2222");
    }

    /** Issue 17 item 3: the row's Test button reports what the connection test found, in words, with no key. */
    @Test
    void testButton_unreachableServer_toastSaysTheConnectionWasRefused() {
        String name = unique("Probe target");
        var response = context.request().post(baseUrl + "api/destinations", RequestOptions.create()
                .setHeader("Content-Type", "application/json").setData(Map.of("name", name, "platform", "custom",
                        "rtmp_url", "rtmp://127.0.0.1:9/live", "stream_key", "probe-key-5555")));
        assertThat(response.status()).isEqualTo(201);
        load();
        row(name).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Test the connection of " + name).setExact(true)).click();
        assertThat(page.locator("#toasts")).containsText("refused the connection");
        assertThat(page.locator("body")).not().containsText("probe-key-5555");
    }

    @Test
    void editForm_savedWithoutKey_keepsKeyHint() {
        String name = unique("Keep my key");
        createViaApi(name, "twitch", "live_1234567_abcd");
        load();
        Locator r = row(name);
        assertThat(r.locator(".key")).hasText("••••abcd");
        r.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Edit " + name).setExact(true)).click();

        Locator key = page.locator("#f-stream-key");
        assertThat(key).hasAttribute("type", "password");
        assertThat(key).hasValue("");
        assertThat(page.locator("#f-stream-key-label")).hasText("Stream key (leave empty to keep ••••abcd)");
        assertThat(page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true))).hasValue(name);

        String renamed = name + " (renamed)";
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill(renamed);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save changes")).click();
        assertThat(page.locator("#destination-dialog")).isHidden();
        assertThat(row(renamed).locator(".key")).hasText("••••abcd");
        page.reload();
        assertThat(row(renamed).locator(".key")).hasText("••••abcd");
        assertThat(page.locator("body")).not().containsText("live_1234567_abcd");
    }

    @Test
    void editForm_changedElsewhereMeanwhile_showsConflictAndReloads() {
        String name = unique("Shared feed");
        String id = createViaApi(name, "youtube", null);
        load();
        page.waitForResponse(r -> r.url().endsWith("/api/destinations/" + id) && r.request().method().equals("GET"),
                () -> row(name).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Edit " + name).setExact(true)).click());

        // Someone else renames it while the form is open.
        String theirs = name + " (theirs)";
        var other = context.request().put(baseUrl + "api/destinations/" + id, RequestOptions.create()
                .setHeader("Content-Type", "application/json").setData(Map.of("name", theirs, "version", 1)));
        assertThat(other.status()).as(other.text()).isEqualTo(200);

        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill(name + " (mine)");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save changes")).click();
        assertThat(page.locator("#form-error")).containsText("Someone else changed this destination; reload it");
        Locator reload = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Reload destination"));
        assertThat(reload).isFocused();
        reload.click();
        assertThat(page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true))).hasValue(theirs);

        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill(name + " (merged)");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save changes")).click();
        assertThat(page.locator("#destination-dialog")).isHidden();
        assertThat(row(name + " (merged)")).isVisible();
    }

    @Test
    void deleteButton_confirmed_destinationRemoved() {
        String name = unique("Old backup feed");
        createViaApi(name, "custom", null);
        load();
        row(name).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete " + name).setExact(true)).click();
        Locator dialog = page.locator("#delete-dialog");
        assertThat(dialog).isVisible();
        assertThat(dialog.locator("#delete-name")).hasText(name);
        dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete")).click();
        assertThat(dialog).isHidden();
        assertThat(row(name)).hasCount(0);
        page.reload();
        assertThat(row("Test YouTube Channel")).isVisible();
        assertThat(row(name)).hasCount(0);
    }

    @Test
    void startAndStop_throughTheChannel_confirmsInterruptionsAndEndsIdle() throws Exception {
        stopEverythingAndWaitForIdleChannel();
        String first = unique("YouTube main");
        String second = unique("Twitch <i>backup</i>");
        createViaApi(first, "youtube", "yt-key-0001");
        String secondId = createViaApi(second, "twitch", "live_9876_abcd");
        List<String> sent = new CopyOnWriteArrayList<>();
        page.onRequest(r -> {
            if (r.method().equals("POST") && (r.url().endsWith("/start") || r.url().endsWith("/stop"))) {
                sent.add(r.url());
            }
        });
        load();
        Locator channelState = page.locator("#channel-state");
        assertThat(channelState).hasText("IDLE");
        assertThat(page.locator("#channel-step")).hasText("Channel idle — not billing");
        screenshot("idle");

        // (a) Nothing else is live: Start goes straight through, and the channel comes up.
        Response started = page.waitForResponse(x -> x.url().endsWith("/start"), () -> toggle(first, "Start").click());
        assertThat(started.status()).isEqualTo(202);
        assertThat(page.locator("#interrupt-dialog")).isHidden();
        String message = (String) page.evaluate("b => JSON.parse(b).message", started.text());
        assertThat(page.locator("tr.notice-row").filter(new Locator.FilterOptions().setHasText(message))).isVisible();
        assertThat(row(first).locator(".badge")).hasText("Live", SETTLE);
        assertThat(channelState).hasText("RUNNING", SETTLE);
        assertThat(page.locator("#channel-step")).hasText("Channel running — 1 RTMP output", SETTLE);

        // (b) Adding a second RTMP output restarts the channel: the page asks first, naming who drops.
        Locator dialog = page.locator("#interrupt-dialog");
        toggle(second, "Start").click();
        assertThat(dialog).isVisible();
        assertThat(dialog.locator("#interrupt-text")).hasText(first
                + " will be interrupted for about 2 minutes while the channel restarts to add " + second + ". Start anyway?");
        assertThat(dialog.locator("i")).hasCount(0);
        assertThat(dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Cancel"))).isFocused();
        screenshot("confirm");

        dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Cancel")).click();
        assertThat(dialog).isHidden();
        assertThat(toggle(second, "Start")).isFocused();
        toggle(second, "Start").click();
        assertThat(dialog).isVisible();
        page.keyboard().press("Escape");
        assertThat(dialog).isHidden();
        page.waitForTimeout(500);
        assertThat(sent).as("requests sent after cancelling").hasSize(1);
        assertThat(statusOf(secondId)).isEqualTo("ready");
        assertThat(row(second).locator(".badge")).hasText("Ready");

        toggle(second, "Start").click();
        Response confirmed = page.waitForResponse(x -> x.url().endsWith("/start"),
                () -> dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Start anyway")).click());
        assertThat(confirmed.status()).isEqualTo(202);
        assertThat(row(second).locator(".badge")).hasText("Live", SETTLE);
        assertThat(row(first).locator(".badge")).hasText("Live");
        assertThat(channelState).hasText("RUNNING", SETTLE);
        assertThat(page.locator("#channel-step")).hasText("Channel running — 2 RTMP outputs", SETTLE);
        screenshot("streaming");

        page.setViewportSize(360, 780);
        screenshot("streaming-360");
        assertNoHorizontalOverflow();
        toggle(first, "Stop").click();
        assertThat(dialog).isVisible();
        screenshot("confirm-360");
        Object dialogRight = page.evaluate("() => document.getElementById('interrupt-dialog').getBoundingClientRect().right");
        assertThat(((Number) dialogRight).doubleValue()).isLessThanOrEqualTo(360.0);
        page.keyboard().press("Escape");
        assertThat(dialog).isHidden();
        page.setViewportSize(1280, 860);

        // (c) Stopping one while the other streams asks again; stopping the last one does not, and the channel idles.
        toggle(first, "Stop").click();
        assertThat(dialog.locator("#interrupt-text")).hasText(second
                + " will be interrupted for about 2 minutes while the channel restarts without " + first + ". Stop anyway?");
        page.waitForResponse(x -> x.url().endsWith("/stop"),
                () -> dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Stop anyway")).click());
        assertThat(row(first).locator(".badge")).hasText("Ready", SETTLE);
        assertThat(row(second).locator(".badge")).hasText("Live", SETTLE);
        assertThat(page.locator("#channel-step")).hasText("Channel running — 1 RTMP output", SETTLE);

        page.waitForResponse(x -> x.url().endsWith("/stop"), () -> toggle(second, "Stop").click());
        assertThat(dialog).isHidden();
        assertThat(row(second).locator(".badge")).hasText("Ready", SETTLE);
        assertThat(channelState).hasText("IDLE", SETTLE);
        assertThat(page.locator("#channel-step")).hasText("Channel idle — not billing");
        assertThat(sent).hasSize(4);
    }

    @Test
    void channelPanel_reconcileInFlight_showsStepOnPanelAndRows() {
        String startedAt = java.time.Instant.now().minusSeconds(12).toString();
        AtomicReference<String> channel = new AtomicReference<>("""
                {"status":"success","channel":{"channel_id":"3714710","state":"STOPPING","rtmp_outputs":1,
                 "reconcile_in_flight":true,"execution":"reconcile-3714710-g7","step":"stop-for-update",
                 "step_detail":"Stopping channel to change outputs (Main YouTube, Studio feed)","step_started_at":"%s"}}
                """.formatted(startedAt));
        page.route("**/api/channel", route -> route.fulfill(new Route.FulfillOptions()
                .setStatus(200).setContentType("application/json").setBody(channel.get())));
        page.route("**/api/destinations", route -> route.fulfill(new Route.FulfillOptions()
                .setStatus(200).setContentType("application/json").setBody("""
                        {"status":"success","destinations":[
                         %s, %s, %s]}
                        """.formatted(
                        fakeDestination("dest_a", "Main YouTube", "youtube", "streaming", null),
                        fakeDestination("dest_b", "Studio feed", "twitch", "starting", null),
                        fakeDestination("dest_c", "Backup <b>custom</b>", "custom", "error",
                                "MediaLive rejected this destination's output. Check the URL, then press Start again.")))));
        page.route("**/api/streaming/status", route -> route.fulfill(new Route.FulfillOptions().setStatus(404).setBody("")));
        page.navigate(baseUrl);

        assertThat(page.locator("#channel-state")).hasText("STOPPING");
        assertThat(page.locator("#channel-step")).hasText("Stopping channel to change outputs (Main YouTube, Studio feed)");
        assertThat(page.locator("#channel-elapsed")).hasText(Pattern.compile("^0:1\\d$"));
        assertThat(row("Studio feed").locator(".status-detail"))
                .hasText("Stopping channel to change outputs (Main YouTube, Studio feed)…");
        assertThat(row("Main YouTube").locator(".status-detail")).hasText("Interrupted while the channel restarts");
        assertThat(row("Backup <b>custom</b>").locator(".status-detail.status-detail--error"))
                .hasText("MediaLive rejected this destination's output. Check the URL, then press Start again.");
        assertThat(page.locator("#channel-warning")).isHidden();
        screenshot("in-flight");
        // The table keeps every column (no clipped Stop/Delete) at every width it is shown; narrower, it becomes cards.
        for (int w : new int[] {900, 1080, 1150, 1280}) {
            page.setViewportSize(w, 860);
            assertNoHorizontalOverflow();
            Object tableFits = page.evaluate("() => { const c = document.querySelector('.table-card'); return c.scrollWidth <= c.clientWidth; }");
            assertThat(tableFits).as("table fits its card at " + w + " px").isEqualTo(true);
            if (w == 1080) {
                screenshot("in-flight-1080");
            }
        }
        page.setViewportSize(360, 780);
        screenshot("in-flight-360");
        assertNoHorizontalOverflow();
        page.setViewportSize(1280, 860);

        // A "wait" step keeps the words of the action it waits on, and the clock keeps running.
        channel.set(channel.get().replace("\"step\":\"stop-for-update\"", "\"step\":\"wait\""));
        page.waitForTimeout(1500);
        assertThat(page.locator("#channel-step")).hasText("Stopping channel to change outputs (Main YouTube, Studio feed)");
        assertThat(page.locator("#channel-elapsed")).hasText(Pattern.compile("^0:1\\d$"));

        channel.set("""
                {"status":"success","channel":{"channel_id":"3714710","state":"IDLE","rtmp_outputs":0,
                 "reconcile_in_flight":false,"execution":"reconcile-3714710-g7","step":"failed",
                 "step_detail":"The channel failed to start, so nothing streamed.","step_started_at":"%s"}}
                """.formatted(startedAt));
        assertThat(page.locator("#channel-warning")).hasText("The channel failed to start, so nothing streamed.", SETTLE_ASSERT);
        assertThat(page.locator("#channel-step")).hasText("Channel idle — not billing");
        assertThat(page.locator("#channel-elapsed")).isEmpty();
        screenshot("failed");
    }

    @Test
    void editForm_liveDestination_saysSavingAnIngestChangeRestartsTheChannel() {
        page.route("**/api/destinations", route -> route.fulfill(new Route.FulfillOptions()
                .setStatus(200).setContentType("application/json").setBody("""
                        {"status":"success","destinations":[%s, %s]}
                        """.formatted(fakeDestination("dest_live", "Live show", "youtube", "streaming", null),
                        fakeDestination("dest_idle", "Idle show", "twitch", "ready", null)))));
        page.navigate(baseUrl);

        row("Live show").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Edit Live show").setExact(true)).click();
        assertThat(page.locator("#live-edit-note")).isVisible();
        assertThat(page.locator("#live-edit-note")).containsText("the channel restarts");
        page.keyboard().press("Escape");
        assertThat(page.locator("#destination-dialog")).isHidden();

        row("Idle show").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Edit Idle show").setExact(true)).click();
        assertThat(page.locator("#live-edit-note")).isHidden();
        page.keyboard().press("Escape");
    }

    @Test
    void channelPanel_configNamesTheInput_showsWhereToPush() {
        page.navigate(baseUrl);
        assertThat(page.locator("#channel-state")).not().hasText("…", SETTLE_ASSERT);
        assertThat(page.locator("#channel-input")).isHidden(); // plain local mode names no input
        page.route("**/config.json", route -> route.fulfill(new Route.FulfillOptions().setStatus(200).setContentType("application/json")
                .setBody("{\"apiBaseUrl\":\"\",\"auth\":{\"required\":false},\"input\":{\"url\":\"rtmp://127.0.0.1:1935/live/obs\"}}")));
        page.navigate(baseUrl);
        assertThat(page.locator("#channel-input")).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(8_000));
        assertThat(page.locator("#channel-input-url")).hasText("rtmp://127.0.0.1:1935/live/obs");
    }

    @Test
    void page_destinationRenamedElsewhere_showsNewNameWithoutReload() {
        String name = unique("Polled feed");
        String id = createViaApi(name, "twitch", null);
        load();
        assertThat(row(name)).isVisible();
        String renamed = name + " v2";
        var other = context.request().put(baseUrl + "api/destinations/" + id, RequestOptions.create()
                .setHeader("Content-Type", "application/json").setData(Map.of("name", renamed)));
        assertThat(other.status()).as(other.text()).isEqualTo(200);
        // The page polls about every 3 s.
        assertThat(row(renamed)).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(8_000));
        assertThat(row(name)).hasCount(0);
    }

    @Test
    void page_at360pxWide_bodyHasNoHorizontalOverflow() {
        context.close();
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(360, 780));
        page = context.newPage();
        page.onPageError(e -> pageErrors.add(e));
        createViaApi(unique("A rather long destination name that must wrap nicely on a phone"), "custom", "key-for-phone");
        load();
        page.screenshot(new Page.ScreenshotOptions().setPath(Paths.get("/tmp/lunora-page-360.png")).setFullPage(true));
        assertNoHorizontalOverflow();

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add destination")).click();
        assertThat(page.locator("#destination-dialog")).isVisible();
        page.screenshot(new Page.ScreenshotOptions().setPath(Paths.get("/tmp/lunora-page-360-form.png")));
        assertNoHorizontalOverflow();
        Object dialogRight = page.evaluate("() => document.getElementById('destination-dialog').getBoundingClientRect().right");
        assertThat(((Number) dialogRight).doubleValue()).isLessThanOrEqualTo(360.0);
    }

    // ------------------------------------------------------------------ helpers

    /** Long enough for a full stop, update and start of the simulated channel at time scale 500, plus polling. */
    private static final LocatorAssertions.HasTextOptions SETTLE = new LocatorAssertions.HasTextOptions().setTimeout(30_000);
    private static final LocatorAssertions.HasTextOptions SETTLE_ASSERT = new LocatorAssertions.HasTextOptions().setTimeout(8_000);
    private static final ObjectMapper JSON = new ObjectMapper();

    private Locator toggle(String name, String action) {
        return row(name).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(action + " " + name).setExact(true));
    }

    private void screenshot(String what) {
        page.screenshot(new Page.ScreenshotOptions().setPath(Paths.get("/tmp/lunora-page-channel-" + what + ".png")).setFullPage(true));
    }

    private JsonNode getJson(String path) throws Exception {
        var response = context.request().get(baseUrl + path);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return JSON.readTree(response.text());
    }

    private String statusOf(String id) throws Exception {
        return getJson("api/destinations/" + id).path("destination").path("streaming_status").asText();
    }

    /** Other tests share this local mode: stop whatever streams and wait until the channel is idle. */
    private void stopEverythingAndWaitForIdleChannel() throws Exception {
        for (JsonNode d : getJson("api/destinations").path("destinations")) {
            if ("streaming".equals(d.path("desired_state").asText())) {
                context.request().post(baseUrl + "api/destinations/" + d.path("destination_id").asText() + "/stop");
            }
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            JsonNode c = getJson("api/channel").path("channel");
            if ("IDLE".equals(c.path("state").asText()) && !c.path("reconcile_in_flight").asBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("channel did not become idle: " + c);
            }
            Thread.sleep(200);
        }
    }

    private static String fakeDestination(String id, String name, String platform, String status, String lastError) {
        Map<String, Object> d = new java.util.LinkedHashMap<>();
        d.put("destination_id", id);
        d.put("name", name);
        d.put("platform", platform);
        d.put("rtmp_url", "custom".equals(platform) ? "rtmp://live.example.com/app" : "rtmp://ingest.example.com/live");
        d.put("stream_key_set", true);
        d.put("stream_key_hint", "••••1234");
        d.put("preset_id", "preset_generic_720p");
        d.put("enabled", true);
        d.put("streaming_status", status);
        d.put("streaming_started_at", "streaming".equals(status) ? java.time.Instant.now().minusSeconds(300).toString() : null);
        d.put("desired_state", "ready".equals(status) || "error".equals(status) ? "stopped" : "streaming");
        d.put("channel_id", "3714710");
        d.put("last_error", lastError);
        d.put("health", null);
        d.put("version", 3);
        d.put("created_at", "2026-01-01T00:00:0" + (id.charAt(id.length() - 1) - 'a' + 1) + "Z");
        d.put("updated_at", "2026-01-01T00:00:00Z");
        try {
            return JSON.writeValueAsString(d);
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    private void load() {
        page.navigate(baseUrl);
        assertThat(row("Test YouTube Channel")).isVisible();
    }

    private Locator row(String name) {
        return page.locator("tr.row").filter(new Locator.FilterOptions().setHas(
                page.locator(".name", new Page.LocatorOptions().setHasText(
                        Pattern.compile("^" + jsRegexQuote(name) + "$")))));
    }

    /** Pattern.quote's \\Q..\\E means nothing to the browser's regex engine, so escape each character. */
    private static String jsRegexQuote(String s) {
        return s.replaceAll("[\\\\^$.*+?()\\[\\]{}|/-]", "\\\\$0");
    }

    private static String unique(String prefix) {
        return prefix + " " + SEQ.incrementAndGet() + "-" + (System.nanoTime() % 100_000);
    }

    private void assertNoHorizontalOverflow() {
        Object widths = page.evaluate("() => [document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]");
        List<?> w = (List<?>) widths;
        int innerWidth = ((Number) w.get(2)).intValue();
        assertThat(((Number) w.get(0)).intValue()).as("document scroll width").isLessThanOrEqualTo(innerWidth);
        assertThat(((Number) w.get(1)).intValue()).as("body scroll width").isLessThanOrEqualTo(innerWidth);
    }

    private String createViaApi(String name, String platform, String key) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("name", name);
        body.put("platform", platform);
        if ("custom".equals(platform)) {
            body.put("rtmp_url", "rtmp://live.example.com/app");
        }
        if (key != null) {
            body.put("stream_key", key);
        }
        var response = context.request().post(baseUrl + "api/destinations", RequestOptions.create()
                .setHeader("Content-Type", "application/json").setData(body));
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return (String) page.evaluate("b => JSON.parse(b).destination.destination_id", response.text());
    }
}
