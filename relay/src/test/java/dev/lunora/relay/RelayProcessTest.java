package dev.lunora.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lunora.aws.dynamodb.DynamoDbDestinationStore;
import dev.lunora.core.destination.DesiredState;
import dev.lunora.core.destination.Destination;
import dev.lunora.core.destination.Platform;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * RelayMain as its own process, as ECS runs it: endpoint from AWS_ENDPOINT_URL_DYNAMODB, its own nginx, real
 * ffmpeg. SIGTERM stops every process it started and marks the destination stopped; its JSON log holds no key.
 */
class RelayProcessTest {

    private static final String KEY = "live_process_key_7777";
    private static final String SECRET = "process-ingest-secret-8888";

    @Test
    void sigterm_stopsNginxAndEveryFfmpeg_andMarksTheDestinationStopped(@TempDir Path dir) throws Exception {
        MediaTools.missing().ifPresent(m -> {
            if ("1".equals(System.getenv("LUNORA_REQUIRE_MEDIA"))) {
                fail(m);
            }
            assumeTrue(false, "RelayProcessTest skipped: " + m);
        });
        int dynamoPort = RtmpServer.freePort();
        DynamoDBProxyServer dynamoDbLocal = ServerRunner.createServerFromCommandLineArgs(
                new String[] {"-port", String.valueOf(dynamoPort), "-inMemory", "-sharedDb", "-disableTelemetry"});
        dynamoDbLocal.start();
        Process relay = null;
        try (DynamoDbClient dynamoDb = DynamoDbClient.builder().region(Region.US_WEST_2).endpointOverride(URI.create("http://127.0.0.1:" + dynamoPort))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            dynamoDb.createTable(r -> r.tableName("lunora-destinations").billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName("destination_id").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("destination_id").keyType(KeyType.HASH)));
            // Nothing publishes to the ingest, so the push's ffmpeg waits on its input: a live process to stop.
            new DynamoDbDestinationStore(dynamoDb, "lunora-destinations").create(Destination.builder("d-proc", Platform.CUSTOM)
                    .rtmpUrl("rtmp://127.0.0.1:" + RtmpServer.freePort() + "/app/" + KEY).desiredState(DesiredState.STREAMING)
                    .channelId("ch-proc").version(1).build());

            Path log = dir.resolve("relay.log");
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), RelayMain.class.getName())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(Map.of("MEDIALIVE_CHANNEL_ID", "ch-proc", "AWS_REGION", "us-west-2",
                    "AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local",
                    "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:" + dynamoPort,
                    "RELAY_INGEST_HOST", "127.0.0.1", "RELAY_INGEST_PORT", String.valueOf(RtmpServer.freePort()), "RELAY_INGEST_SECRET", SECRET,
                    "LUNORA_ALLOWED_PRIVATE_RANGES", "127.0.0.0/8"));
            relay = builder.start();
            Process started = relay;
            RelayMediaTest.await(() -> started.descendants().anyMatch(h -> command(h).endsWith("ffmpeg"))
                    && started.descendants().anyMatch(h -> command(h).endsWith("nginx")), "the relay runs nginx and a push");
            RelayMediaTest.await(() -> "connecting".equals(deliveryState(dynamoDb)), "the relay wrote connecting");
            List<ProcessHandle> children = relay.descendants().toList();

            relay.destroy(); // SIGTERM, as ECS stops a task

            assertThat(relay.waitFor(30, TimeUnit.SECONDS)).as("the relay exits on SIGTERM").isTrue();
            for (ProcessHandle child : children) {
                child.onExit().get(10, TimeUnit.SECONDS);
                assertThat(child.isAlive()).as(command(child) + " left behind").isFalse();
            }
            assertThat(deliveryState(dynamoDb)).isEqualTo("stopped");
            String output = Files.readString(log);
            assertThat(output).contains("\"relay started\"").contains("••••8888").contains("push stopped")
                    .doesNotContain(KEY).doesNotContain(SECRET);
            assertThat(output.lines().filter(l -> !l.isBlank())).as("JSON lines").allMatch(l -> l.startsWith("{"));
        } finally {
            if (relay != null && relay.isAlive()) {
                relay.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            dynamoDbLocal.stop();
        }
    }

    private static String deliveryState(DynamoDbClient dynamoDb) {
        AttributeValue v = dynamoDb.getItem(r -> r.tableName("lunora-destinations").consistentRead(true)
                .key(Map.of("destination_id", AttributeValue.fromS("d-proc")))).item().get("delivery_state");
        return v == null ? null : v.s();
    }

    private static String command(ProcessHandle h) {
        return h.info().command().orElse("");
    }
}
