package dev.lunora.local.medialive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.lunora.aws.medialive.MediaLiveChannelControl;
import dev.lunora.aws.medialive.UnmodeledChannelMembers;
import dev.lunora.core.preset.Preset;
import dev.lunora.local.clock.ManualClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.medialive.MediaLiveClient;

/**
 * Lunora's MediaLive adapter on a fresh simulator, through the real SDK client built as the handlers build it, plus
 * raw HTTP for what the SDK cannot say (members it does not model).
 */
final class AdapterFixture implements AutoCloseable {

    static final Preset P720 = new Preset("p720", "720p", "generic", "", true,
            new Preset.Video("H264", 1280, 720, 30, 3_000_000, "HIGH", "H264_LEVEL_3_1", 60, "CBR"),
            new Preset.Audio("AAC", 128_000, 48_000, 2, "CODING_MODE_2_0"));
    private static final ObjectMapper JSON = new ObjectMapper();

    final ManualClock clock = new ManualClock();
    final MediaLiveSimulator simulator = MediaLiveSimulator.create(clock);
    final HttpServer server;
    final URI endpoint;
    final MediaLiveClient client;
    final MediaLiveChannelControl control;
    private final HttpClient http = HttpClient.newHttpClient();

    AdapterFixture() throws IOException {
        server = simulator.serve(0);
        endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        client = UnmodeledChannelMembers.registerOn(MediaLiveClient.builder()).endpointOverride(endpoint).region(Region.US_WEST_2)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t"))).build();
        control = new MediaLiveChannelControl(client, new dev.lunora.core.destination.KeyFingerprints(
                () -> "adapter-test-key".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** Long enough for any transition of the simulated channel to complete. */
    void settle() {
        clock.advance(Duration.ofMinutes(3));
    }

    /** CreateChannel with a raw JSON body, settled; returns the new channel's id. */
    String create(ObjectNode channel) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint.resolve("/prod/channels"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(channel.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        settle();
        return JSON.readTree(response.body()).path("channel").path("id").asText();
    }

    /** DescribeChannel's raw body, members the SDK would drop included. */
    JsonNode describeRaw(String id) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint.resolve("/prod/channels/" + id)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Override
    public void close() {
        client.close();
        server.stop(0);
    }
}
