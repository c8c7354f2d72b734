package dev.lunora.local.medialive;

import com.sun.net.httpserver.HttpServer;
import dev.lunora.local.clock.ManualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.medialive.MediaLiveClient;

/**
 * A seeded simulator on a loopback port with a manual clock, and an unmodified SDK client pointed at it.
 * The client does not retry, so each SDK call is exactly one HTTP call unless a test asks otherwise.
 */
final class SimulatorFixture implements AutoCloseable {

    static final String OBS_CHANNEL = "3714710";
    static final String SRT_CHANNEL = "6802366";
    static final String PROD_CHANNEL = "6890857";
    static final String OBS_INPUT = "7107272";
    static final String SRT_INPUT = "4739436";
    static final String RTMP_INPUT = "2012618";

    final ManualClock clock = new ManualClock();
    final MediaLiveSimulator simulator;
    final HttpServer server;
    final URI endpoint;
    final MediaLiveClient client;
    final List<Map<String, Object>> events = new CopyOnWriteArrayList<>();

    SimulatorFixture() {
        this(SimulatorOptions.defaults());
    }

    SimulatorFixture(SimulatorOptions options) {
        simulator = MediaLiveSimulator.builder(clock).options(options).defaultSeed().random(new Random(7))
                .eventSink(events::add).build();
        try {
            server = simulator.serve(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        client = client(false);
    }

    /** A client with the SDK's own retries, for tests about how throttling and 5xx look to a real caller. */
    MediaLiveClient client(boolean retries) {
        return MediaLiveClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_WEST_2)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> {
                    if (!retries) {
                        o.retryStrategy(AwsRetryStrategy.doNotRetry());
                    }
                })
                .build();
    }

    void advance(Duration by) {
        clock.advance(by);
    }

    List<Map<String, Object>> events(String detailType) {
        return events.stream().filter(e -> detailType.equals(e.get("detail-type"))).toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> detail(Map<String, Object> event) {
        return (Map<String, Object>) event.get("detail");
    }

    @Override
    public void close() {
        client.close();
        server.stop(0);
    }
}
