package dev.lunora.test;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 "done when": from another origin (allowed through LUNORA_ALLOWED_ORIGINS), in Chromium, a page written
 * against the seed system's contract — CORS preflights included — sees the API healthy, gets presets per platform,
 * creates a destination, edits it sending back the masked key it was shown, tests it (latency and connectivity),
 * starts, stops and deletes it, and none of its calls is refused or blocked.
 */
class SeedPageCompatBrowserTest {

    private static HttpServer seedPageOrigin;
    private static TestBrowsers.Session session;

    @BeforeAll
    static void start() throws Exception {
        seedPageOrigin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        seedPageOrigin.createContext("/", exchange -> {
            byte[] page = "<!doctype html><title>seed page</title><p>the old page</p>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        seedPageOrigin.start();
        String origin = "http://127.0.0.1:" + seedPageOrigin.getAddress().getPort();
        session = TestBrowsers.start(TestLocalModes.options().timeScale(500).env("LUNORA_ALLOWED_ORIGINS", origin).build());
    }

    @AfterAll
    static void stop() {
        if (session != null) {
            session.close();
        }
        if (seedPageOrigin != null) {
            seedPageOrigin.stop(0);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void seedContractPage_fromAnotherOrigin_healthPresetsCreateEditTestStartStopDelete() {
        try (BrowserContext context = session.browser().newContext()) {
            Page page = context.newPage();
            page.navigate("http://127.0.0.1:" + seedPageOrigin.getAddress().getPort() + "/");
            String api = session.baseUrl() + "api";
            Map<String, Object> r = (Map<String, Object>) page.evaluate("async (api) => {"
                    + "  const json = {'Content-Type': 'application/json'};"
                    + "  const call = async (method, path, body) => {"
                    + "    const res = await fetch(api + path, {method, headers: body ? json : undefined, body: body ? JSON.stringify(body) : undefined});"
                    + "    return {status: res.status, body: await res.json()};"
                    + "  };"
                    + "  const out = {};"
                    + "  out.health = (await call('GET', '/health')).body.status;"
                    + "  const presets = (await call('GET', '/presets')).body.presets;"
                    + "  out.presetPlatforms = [...new Set(presets.map(p => p.platform))];"
                    + "  const created = await call('POST', '/destinations', {name: 'Seed page test', platform: 'custom',"
                    + "      rtmp_url: 'rtmp://127.0.0.1:9/live', stream_key: 'seed-page-key-4321'});"
                    + "  out.create = created.status;"
                    + "  const d = created.body.destination;"
                    + "  out.maskedKey = d.stream_key;"
                    + "  const edited = await call('PUT', '/destinations/' + d.destination_id, {name: 'Seed page test, renamed',"
                    + "      platform: d.platform, rtmp_url: d.rtmp_url, stream_key: d.stream_key, preset_id: d.preset_id, enabled: true});"
                    + "  out.edit = edited.status;"
                    + "  out.keyAfterEdit = edited.body.destination.stream_key;"
                    + "  const test = await call('POST', '/destinations/' + d.destination_id + '/test');"
                    + "  out.test = test.status; out.connectivity = test.body.connectivity; out.hasLatency = 'latency' in test.body;"
                    + "  out.status = (await call('GET', '/medialive/status')).body.channel;"
                    + "  out.start = (await call('POST', '/destinations/' + d.destination_id + '/start')).status;"
                    + "  out.stop = (await call('POST', '/destinations/' + d.destination_id + '/stop')).status;"
                    + "  out.delete = (await call('DELETE', '/destinations/' + d.destination_id)).status;"
                    + "  return out;"
                    + "}", api);

            assertThat(r.get("health")).isEqualTo("healthy");
            assertThat((List<String>) r.get("presetPlatforms")).contains("youtube", "twitch", "facebook", "x", "linkedin", "custom", "hls");
            assertThat(r.get("create")).isEqualTo(201);
            assertThat(r.get("maskedKey")).isEqualTo("••••4321");
            assertThat(r.get("edit")).as("saved without retyping the key").isEqualTo(200);
            assertThat(r.get("keyAfterEdit")).as("the stored key kept").isEqualTo("••••4321");
            assertThat(r.get("test")).isEqualTo(200);
            assertThat(r.get("connectivity")).as("nothing listens on port 9").isEqualTo("refused");
            assertThat(r.get("hasLatency")).isEqualTo(true);
            Map<String, Object> status = (Map<String, Object>) r.get("status");
            assertThat(status).containsKeys("state", "active_destinations_count");
            assertThat(r.get("start")).isEqualTo(202);
            assertThat(r.get("stop")).isEqualTo(202);
            assertThat(r.get("delete")).isIn(200, 409);
        }
    }
}
