package dev.lunora.test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.lunora.local.LocalMode;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The channel panel's delivery mode and the rows' relay reports, in headless Chromium against local mode. The relay's
 * reports and a relay channel are written straight into DynamoDB Local through the edge, as the relay and a switch would,
 * so these tests need neither the relay nor relay mode deployed.
 */
class ChannelDeliveryPageBrowserTest {

    private static final String KEY = "page-delivery-key-8080";

    private static TestBrowsers.Session session;
    private static LocalMode local;
    private static LocalApi api;
    private static DynamoDbClient dynamoDb;

    private BrowserContext context;
    private Page page;
    private final List<String> pageErrors = new ArrayList<>();

    @BeforeAll
    static void startLocalModeAndBrowser() throws Exception {
        session = TestBrowsers.start(TestLocalModes.options().timeScale(500).build());
        local = session.local();
        api = new LocalApi(local.webUrl());
        dynamoDb = DynamoDbClient.builder().endpointOverride(local.awsEndpoint()).region(Region.US_WEST_2)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
    }

    @AfterAll
    static void stopBrowserAndLocalMode() {
        if (dynamoDb != null) {
            dynamoDb.close();
        }
        if (session != null) {
            session.close();
        }
        assertThat(api.bodies().stream().anyMatch(b -> b.contains(KEY))).as("a response body contained a stream key").isFalse();
    }

    @BeforeEach
    void openPage() {
        context = session.browser().newContext(new Browser.NewContextOptions().setViewportSize(1280, 860));
        page = context.newPage();
        page.onPageError(pageErrors::add);
        page.setDefaultTimeout(10_000);
    }

    @AfterEach
    void closePageAndRestoreDirectIdleChannel() {
        if (context != null) {
            context.close();
        }
        setChannelDelivery("direct");
        for (var d : api.get("/api/destinations").json().path("destinations")) {
            if ("streaming".equals(d.path("desired_state").asText())) {
                api.post("/api/destinations/" + d.path("destination_id").asText() + "/stop", null);
            }
        }
        Await.until("the channel idle", Duration.ofSeconds(60), () -> {
            var c = api.get("/api/channel").json().path("channel");
            return "IDLE".equals(c.path("state").asText()) && !c.path("reconcile_in_flight").asBoolean();
        });
        assertThat(pageErrors).as("uncaught errors in the page").isEmpty();
    }

    @Test
    void channelPanel_freshLocalMode_showsDirectAndTheSwitchWithItsReason() {
        boolean relayAvailable = api.get("/api/channel").json().path("channel").path("relay_available").asBoolean();
        load();

        assertThat(page.locator("#delivery-mode"))
                .hasText("Direct: each destination is a MediaLive output; adding one to a live channel restarts it");
        Locator select = page.getByLabel("Delivery mode");
        assertThat(select).hasValue("direct");
        if (relayAvailable) {
            assertThat(select).isEnabled();
            assertThat(page.locator("#delivery-reason")).isEmpty();
        } else {
            assertThat(select).isDisabled();
            assertThat(page.locator("#delivery-apply")).isDisabled();
            assertThat(page.locator("#delivery-reason")).hasText("Relay mode is not deployed in this stack, so the channel stays direct.");
            assertThat(select).hasAttribute("aria-describedby", "delivery-reason");
        }
        page.screenshot(new Page.ScreenshotOptions().setPath(Paths.get("/tmp/lunora-page-delivery-direct.png")));
    }

    @Test
    void channelPanel_switchRefusedByServer_showsTheReasonInThePanel() {
        load();
        // Force the switch on as if the page's own check had let it through; the server is the authority.
        page.evaluate("() => { const s = document.getElementById('delivery-select'); s.disabled = false;"
                + " s.querySelector('option[value=relay]').disabled = false; s.value = 'relay'; s.dispatchEvent(new Event('change'));"
                + " document.getElementById('delivery-apply').disabled = false; }");
        boolean relayAvailable = api.get("/api/channel").json().path("channel").path("relay_available").asBoolean();
        if (relayAvailable) {
            return; // a stack with relay accepts the switch; the refusal is what this test is about
        }
        var response = page.waitForResponse(r -> r.url().endsWith("/api/channel") && "PUT".equals(r.request().method()),
                () -> page.locator("#delivery-apply").click());

        assertThat(response.status()).isEqualTo(409);
        assertThat(page.locator("#delivery-error")).isVisible();
        assertThat(page.locator("#delivery-error")).containsText("Relay mode is not deployed in this stack");
        assertThat(page.locator("#delivery-mode")).containsText("Direct:");
    }

    @Test
    void destinationRow_relayReports_showsLiveSinceAndBitrateOrTheFailure() {
        String live = createDestination("Relay report live");
        String failing = createDestination("Relay report failing");
        String connecting = createDestination("Relay report connecting");
        writeDelivery(live, Map.of("delivery_state", s("live"), "delivery_live_since", s("2026-12-03T18:02:00Z"),
                "delivery_bitrate_kbps", AttributeValue.fromN("4500")));
        writeDelivery(failing, Map.of("delivery_state", s("failing"), "delivery_error", s("the platform refused the stream key")));
        writeDelivery(connecting, Map.of("delivery_state", s("connecting")));
        load();

        Locator liveStatus = row("Relay report live").locator(".delivery-status");
        assertThat(liveStatus).containsText(Pattern.compile("^Relay: live since \\S.* · 4\\.5 Mbps$"));
        assertThat(row("Relay report failing").locator(".delivery-status"))
                .hasText("Relay: failing — the platform refused the stream key");
        assertThat(row("Relay report connecting").locator(".delivery-status")).hasText("Relay: connecting…");
        assertThat(row("Test YouTube Channel").locator(".delivery-status")).isEmpty();
        assertThat(page.locator("body")).not().containsText(KEY);

        page.setViewportSize(360, 780);
        assertThat(liveStatus).isVisible();
        Object overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
        assertThat(((Number) overflow).intValue()).as("horizontal overflow at 360 px").isLessThanOrEqualTo(0);
        page.screenshot(new Page.ScreenshotOptions().setPath(Paths.get("/tmp/lunora-page-delivery-360.png")).setFullPage(true));
    }

    @Test
    void startWhileAnotherIsLive_relayChannel_noInterruptDialog() {
        String first = "Relay first " + System.nanoTime() % 100_000;
        String second = "Relay second " + System.nanoTime() % 100_000;
        String firstId = createDestination(first);
        createDestination(second);
        // The first goes live in direct mode, the mode every local mode has today.
        assertThat(api.post("/api/destinations/" + firstId + "/start", null).status()).isEqualTo(202);
        Await.until(first + " streaming", Duration.ofSeconds(60),
                () -> "streaming".equals(api.get("/api/destinations/" + firstId).json().path("destination").path("streaming_status").asText()));
        load();

        // Direct: starting the second would restart the channel, so the page asks first.
        toggle(second, "Start").click();
        assertThat(page.locator("#interrupt-dialog")).isVisible();
        page.locator("#interrupt-dialog").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Cancel")).click();
        assertThat(page.locator("#interrupt-dialog")).isHidden();

        setChannelDelivery("relay");
        page.reload();
        assertThat(page.locator("#delivery-mode")).hasText("Relay: destinations start and stop without touching the channel");
        assertThat(page.getByLabel("Delivery mode")).isDisabled();
        assertThat(page.locator("#delivery-reason")).containsText("stop " + first + " first");

        List<String> sent = new CopyOnWriteArrayList<>();
        page.onRequest(r -> {
            if ("POST".equals(r.method()) && r.url().endsWith("/start")) {
                sent.add(r.url());
            }
        });
        var started = page.waitForResponse(r -> r.url().endsWith("/start"), () -> toggle(second, "Start").click());

        assertThat(started.status()).isEqualTo(202);
        assertThat(page.locator("#interrupt-dialog")).isHidden();
        assertThat(sent).hasSize(1);
    }

    // ------------------------------------------------------------------ helpers

    private void load() {
        page.navigate(session.baseUrl());
        assertThat(row("Test YouTube Channel")).isVisible();
        assertThat(page.locator("#delivery-mode")).not().hasText("Delivery: loading…");
    }

    private Locator row(String name) {
        return page.locator("tr.row").filter(new Locator.FilterOptions().setHas(
                page.locator(".name", new Page.LocatorOptions().setHasText(Pattern.compile("^" + Pattern.quote(name).replace("\\Q", "").replace("\\E", "") + "$")))));
    }

    private Locator toggle(String name, String action) {
        return row(name).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(action + " " + name).setExact(true));
    }

    private static String createDestination(String name) {
        LocalApi.Response r = api.post("/api/destinations", LocalApi.json(Map.of("name", name, "platform", "custom",
                "rtmp_url", "rtmp://live.example.com/app", "stream_key", KEY)));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.json().path("destination").path("destination_id").asText();
    }

    /** Writes the relay's report as the relay does: delivery_* attributes on the destination's item, and when. */
    private static void writeDelivery(String destinationId, Map<String, AttributeValue> attributes) {
        StringBuilder set = new StringBuilder("SET delivery_updated_at = :at");
        Map<String, AttributeValue> values = new java.util.HashMap<>(Map.of(":at", s(Instant.now().toString())));
        attributes.forEach((name, value) -> {
            set.append(", ").append(name).append(" = :").append(name);
            values.put(":" + name, value);
        });
        dynamoDb.updateItem(r -> r.tableName("lunora-destinations").key(Map.of("destination_id", s(destinationId)))
                .updateExpression(set.toString()).expressionAttributeValues(values));
    }

    /** The channel item's delivery attribute, as a switch through PUT /api/channel would leave it. */
    private static void setChannelDelivery(String mode) {
        dynamoDb.updateItem(r -> r.tableName("lunora-channels").key(Map.of("channel_id", s(LocalMode.CHANNEL_ID)))
                .updateExpression("SET delivery = :mode").expressionAttributeValues(Map.of(":mode", s(mode))));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
