package dev.lunora.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lunora.local.LocalMode;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * GET and PUT /api/channel's delivery mode through local mode. Whether this local mode deploys a relay is read from
 * {@code relay_available}, so the tests hold with and without the local relay stand-in.
 */
class ChannelDeliveryApiSystemTest {

    private static final String KEY = "delivery-test-key-4711";

    private static LocalMode local;
    private static LocalApi api;

    @BeforeAll
    static void startLocalMode() throws Exception {
        local = LocalMode.start(TestLocalModes.options().timeScale(500).build());
        api = new LocalApi(local.webUrl());
    }

    @AfterAll
    static void stopAndCheckNoKeyLeaked() {
        local.close();
        assertThat(api.bodies().stream().anyMatch(b -> b.contains(KEY))).as("a response body contained a stream key").isFalse();
    }

    private static LocalApi.Response putDelivery(String mode) {
        return api.put("/api/channel", LocalApi.json(Map.of("delivery", mode)));
    }

    @Test
    void get_freshLocalMode_showsDirectAndWhetherRelayIsAvailable() {
        LocalApi.Response r = api.get("/api/channel");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("channel").path("delivery").asText()).isEqualTo("direct");
        assertThat(r.json().path("channel").path("relay_available").isBoolean()).isTrue();
        assertThat(r.json().path("channel").path("state").asText()).isEqualTo("IDLE");
    }

    @Test
    void put_currentMode_answersLikeGet() {
        LocalApi.Response r = putDelivery("direct");

        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.json().path("status").asText()).isEqualTo("success");
        assertThat(r.json().path("channel").path("delivery").asText()).isEqualTo("direct");
        assertThat(r.json().path("channel").fieldNames()).toIterable()
                .containsExactlyElementsOf(() -> api.get("/api/channel").json().path("channel").fieldNames());
    }

    @Test
    void put_relay_switchesWhereRelayIsDeployedAndIsRefusedWhereNot() {
        boolean relayAvailable = api.get("/api/channel").json().path("channel").path("relay_available").asBoolean();

        LocalApi.Response r = putDelivery("relay");

        if (relayAvailable) {
            assertThat(r.status()).as(r.raw()).isEqualTo(200);
            assertThat(r.json().path("channel").path("delivery").asText()).isEqualTo("relay");
            assertThat(putDelivery("direct").status()).isEqualTo(200);
        } else {
            assertThat(r.status()).as(r.raw()).isEqualTo(409);
            assertThat(r.error()).isEqualTo("relay_unavailable");
            assertThat(r.json().path("message").asText()).contains("Relay mode is not deployed in this stack");
        }
        assertThat(api.get("/api/channel").json().path("channel").path("delivery").asText()).isEqualTo("direct");
    }

    @Test
    void put_relayWhileADestinationIsLive_refusedNamingIt() {
        LocalApi.Response created = api.post("/api/destinations", LocalApi.json(Map.of("name", "Delivery live check",
                "platform", "custom", "rtmp_url", "rtmp://live.example.com/app", "stream_key", KEY)));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String id = created.json().path("destination").path("destination_id").asText();
        assertThat(created.json().path("destination").path("delivery").isNull()).as("direct mode has no relay report").isTrue();
        try {
            assertThat(api.post("/api/destinations/" + id + "/start", null).status()).isEqualTo(202);

            LocalApi.Response r = putDelivery("relay");

            assertThat(r.status()).as(r.raw()).isEqualTo(409);
            assertThat(r.error()).isEqualTo("channel_streaming");
            assertThat(r.json().path("message").asText()).contains("'Delivery live check'").contains("Stop it first");
            assertThat(api.get("/api/channel").json().path("channel").path("delivery").asText()).isEqualTo("direct");
        } finally {
            api.post("/api/destinations/" + id + "/stop", null);
            Await.until("the channel idle again", Duration.ofSeconds(60), () -> {
                var channel = api.get("/api/channel").json().path("channel");
                return channel.path("state").asText().equals("IDLE") && !channel.path("reconcile_in_flight").asBoolean();
            });
            api.delete("/api/destinations/" + id);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"delivery\":\"both\"}", "{\"delivery\":\"RELAY\"}", "{\"delivery\":1}", "{\"delivery\":null}",
            "{\"delivery\":[\"relay\"]}", "{}", "{\"delivery\":\"relay\",\"state\":\"IDLE\"}"})
    void put_badValue_answers400NamingTheField(String body) {
        LocalApi.Response r = api.put("/api/channel", body);

        assertThat(r.status()).as(r.raw()).isEqualTo(400);
        assertThat(r.json().path("status").asText()).isEqualTo("error");
        assertThat(r.error()).isEqualTo("validation_error");
        assertThat(r.field()).isIn("delivery", "state");
        assertThat(r.json().path("message").asText()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"relay", "{\"delivery\":", "[\"relay\"]", ""})
    void put_notAJsonObject_answers400BadJson(String body) {
        LocalApi.Response r = api.put("/api/channel", body);

        assertThat(r.status()).as(r.raw()).isEqualTo(400);
        assertThat(r.error()).isEqualTo("bad_json");
    }

    @Test
    void put_notJsonContentType_answers415() {
        LocalApi.Response r = api.send(HttpRequest.newBuilder(local.webUrl().resolve("/api/channel")).header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"delivery\":\"relay\"}")));

        assertThat(r.status()).isEqualTo(415);
        assertThat(r.error()).isEqualTo("unsupported_media_type");
    }

    @Test
    void otherMethods_answer405ListingGetAndPut() {
        for (String method : List.of("POST", "DELETE", "PATCH")) {
            LocalApi.Response r = api.send(HttpRequest.newBuilder(local.webUrl().resolve("/api/channel")).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString("{\"delivery\":\"relay\"}")));

            assertThat(r.status()).as(method).isEqualTo(405);
            assertThat(r.error()).isEqualTo("method_not_allowed");
            assertThat(r.http().headers().firstValue("Allow")).hasValue("GET, PUT");
        }
    }
}
