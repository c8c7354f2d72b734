package dev.lunora.local.medialive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.medialive.MediaLiveClient;
import software.amazon.awssdk.services.medialive.model.ChannelState;

/** The standalone entry point: loopback only, options parsed, and --time-scale shortening real waits. */
class StandaloneSimulatorTest {

    @Test
    void run_timeScale3000_channelRunsWithinAFewRealMilliseconds() throws Exception {
        HttpServer server = MediaLiveSimulator.run(new String[] {"--port", "0", "--time-scale", "3000",
                "--region", "eu-west-1", "--account", "111122223333"});
        try (MediaLiveClient client = MediaLiveClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y")))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            assertThat(server.getAddress().getAddress().isLoopbackAddress()).isTrue();
            assertThat(client.describeChannel(b -> b.channelId("6890857")).arn())
                    .isEqualTo("arn:aws:medialive:eu-west-1:111122223333:channel:6890857");

            client.startChannel(b -> b.channelId("6890857"));

            // 90 simulated seconds are 30 real milliseconds at this scale; poll until then, with a generous bound.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            ChannelState state = ChannelState.STARTING;
            while (state != ChannelState.RUNNING && System.nanoTime() < deadline) {
                LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
                state = client.describeChannel(b -> b.channelId("6890857")).state();
            }
            assertThat(state).isEqualTo(ChannelState.RUNNING);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void run_unknownOption_isRejectedWithTheValidOnes() {
        assertThatThrownBy(() -> MediaLiveSimulator.run(new String[] {"--bind", "0.0.0.0"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--port");
    }
}
