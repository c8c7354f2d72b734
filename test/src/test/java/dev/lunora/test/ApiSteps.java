package dev.lunora.test;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** What a producer does through the API in the media tests: create, start, stop, and wait for what the page shows. */
final class ApiSteps {

    private final LocalApi api;
    private final Duration patience;

    ApiSteps(LocalApi api, Duration patience) {
        this.api = api;
        this.patience = patience;
    }

    String createCustom(String name, String url, String key) {
        LocalApi.Response r = api.post("/api/destinations", LocalApi.json(Map.of("name", name, "platform", "custom",
                "rtmp_url", url, "stream_key", key)));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.json().path("destination").path("destination_id").asText();
    }

    void start(String id) {
        LocalApi.Response r = api.post("/api/destinations/" + id + "/start", null);
        assertThat(r.status()).as(r.raw()).isEqualTo(202);
    }

    void stop(String id) {
        LocalApi.Response r = api.post("/api/destinations/" + id + "/stop", null);
        assertThat(r.status()).as(r.raw()).isEqualTo(202);
    }

    String channelState() {
        return api.get("/api/channel").json().path("channel").path("state").asText();
    }

    void awaitStatus(String id, String status) {
        awaitDestination(id, d -> d.path("streaming_status").asText().equals(status), id + " " + status);
    }

    JsonNode awaitDestination(String id, Predicate<JsonNode> condition, String what) {
        List<JsonNode> last = new ArrayList<>(List.of(api.get("/api/destinations/" + id).json().path("destination")));
        Await.until(what, patience, () -> {
            last.set(0, api.get("/api/destinations/" + id).json().path("destination"));
            return condition.test(last.get(0));
        }, () -> "status " + last.get(0).path("streaming_status") + ", health " + last.get(0).path("health")
                + ", error " + last.get(0).path("last_error"));
        return last.get(0);
    }
}
