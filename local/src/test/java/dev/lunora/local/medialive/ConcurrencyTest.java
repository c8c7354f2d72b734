package dev.lunora.local.medialive;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.lunora.local.clock.ScaledClock;
import java.net.URI;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.medialive.MediaLiveClient;
import software.amazon.awssdk.services.medialive.model.ConflictException;

/**
 * Several callers racing real-time transitions (a scaled clock firing on its own thread): every answer is
 * a success or a state refusal, never a 500, and nothing deadlocks.
 */
class ConcurrencyTest {

    private static final List<String> CHANNELS = List.of("3714710", "6802366", "6890857");

    @Test
    void mixedCalls_fourThreadsDuringTransitions_neverFailInternally() throws Exception {
        try (ScaledClock clock = new ScaledClock(20_000)) {
            MediaLiveSimulator simulator = MediaLiveSimulator.builder(clock).defaultSeed().build();
            HttpServer server = simulator.serve(0);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try (MediaLiveClient client = MediaLiveClient.builder()
                    .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                    .region(Region.US_WEST_2)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y")))
                    .httpClient(UrlConnectionHttpClient.create())
                    .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                    .build()) {
                simulator.failIngestForUrlPrefix("rtmp://");
                List<Future<?>> workers = new java.util.ArrayList<>();
                for (int w = 0; w < 4; w++) {
                    long seed = w;
                    workers.add(pool.submit(() -> hammer(client, new Random(seed))));
                }
                for (Future<?> worker : workers) {
                    worker.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
                server.stop(0);
            }
            assertThat(simulator.callLog()).isNotEmpty()
                    .allSatisfy(c -> assertThat(c.outcome()).isIn("200", "409 ConflictException"));
        }
    }

    private static void hammer(MediaLiveClient client, Random random) {
        for (int i = 0; i < 150; i++) {
            String id = CHANNELS.get(random.nextInt(CHANNELS.size()));
            try {
                switch (random.nextInt(5)) {
                    case 0 -> client.startChannel(b -> b.channelId(id));
                    case 1 -> client.stopChannel(b -> b.channelId(id));
                    case 2 -> client.updateChannel(b -> b.channelId(id).name("n" + random.nextInt(9))
                            .roleArn(TestChannels.ROLE));
                    case 3 -> client.listAlerts(b -> b.channelId(id));
                    default -> client.describeChannel(b -> b.channelId(id));
                }
            } catch (ConflictException expected) {
                // racing another worker's transition is the point of this test
            }
        }
    }
}
