package dev.lunora.test;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 item 7: a page on a second loopback origin (another port) tries what a hostile page can do without asking
 * the server first — a {@code no-cors} POST of a type-less Blob to create a destination, and a bodiless POST to start
 * one — and, checked through the API afterwards, nothing changed.
 */
class CrossSiteWriteBrowserTest {

    private static TestBrowsers.Session session;
    private static LocalApi api;
    private static HttpServer otherOrigin;

    @BeforeAll
    static void start() throws Exception {
        session = TestBrowsers.start(TestLocalModes.options().timeScale(500).build());
        api = new LocalApi(session.local().webUrl());
        otherOrigin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        otherOrigin.createContext("/", exchange -> {
            byte[] page = "<!doctype html><title>elsewhere</title><p>another origin</p>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        otherOrigin.start();
    }

    @AfterAll
    static void stop() {
        if (otherOrigin != null) {
            otherOrigin.stop(0);
        }
        if (session != null) {
            session.close();
        }
    }

    @Test
    void pageOnAnotherOrigin_noCorsCreateAndBodilessStart_changeNothing() {
        LocalApi.Response created = api.post("/api/destinations", LocalApi.json(Map.of("name", "Target", "platform", "hls")));
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().path("destination").path("destination_id").asText();
        JsonNode listBefore = api.get("/api/destinations").json().path("destinations");

        try (BrowserContext context = session.browser().newContext()) {
            Page page = context.newPage();
            page.navigate("http://127.0.0.1:" + otherOrigin.getAddress().getPort() + "/");
            String api = session.baseUrl() + "api/";
            // Resolves once both requests went out; a no-cors answer is opaque to the page either way.
            Object sent = page.evaluate("async ([api, id]) => {"
                    + "  const blob = new Blob([JSON.stringify({name: 'Planted by another site', platform: 'hls'})]);"
                    + "  await fetch(api + 'destinations', {method: 'POST', mode: 'no-cors', body: blob});"
                    + "  await fetch(api + 'destinations/' + id + '/start', {method: 'POST', mode: 'no-cors'});"
                    + "  return 'sent';"
                    + "}", java.util.List.of(api, id));
            assertThat(sent).isEqualTo("sent");
        }

        JsonNode listAfter = api.get("/api/destinations").json().path("destinations");
        assertThat(listAfter).as("no destination planted, none started").isEqualTo(listBefore);
        JsonNode target = api.get("/api/destinations/" + id).json().path("destination");
        assertThat(target.path("desired_state").asText()).isEqualTo("stopped");
    }
}
