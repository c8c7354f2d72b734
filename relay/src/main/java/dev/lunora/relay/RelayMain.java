package dev.lunora.relay;

import dev.lunora.aws.dynamodb.DynamoDbDeliveryStatusStore;
import dev.lunora.aws.dynamodb.DynamoDbDestinationStore;
import dev.lunora.aws.ssm.SsmStreamKeyVault;
import dev.lunora.core.destination.StreamKeys;
import dev.lunora.core.ports.ReconcileRequests;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The relay as a process (the container's entry point): the ingest (nginx), the converger, and a shutdown hook that
 * stops every push on SIGTERM, as ECS sends when it replaces or scales the task down. See README.md for the
 * variables.
 */
public final class RelayMain {

    static {
        // JSON lines for CloudWatch; a named file so local mode, which has the relay on its classpath, keeps its own.
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "classpath:lunora-relay-log4j2.xml");
        }
        // Our shutdown hook logs as it stops the pushes; log4j's own hook would stop the appenders under it.
        System.setProperty("log4j2.shutdownHookEnabled", "false");
    }

    private static final Logger LOG = LoggerFactory.getLogger(RelayMain.class);

    private RelayMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Running relay;
        try {
            RelayConfig config = RelayConfig.fromProcessEnvironment().validated();
            DynamoDbClient dynamoDb = client(DynamoDbClient.builder(), config).build();
            // With the state machine named, a push turning live or failing asks the workflow to record it at once.
            ReconcileRequests reconcile = config.get("STATE_MACHINE_ARN")
                    .<ReconcileRequests>map(arn -> new dev.lunora.aws.sfn.SfnReconcileRequests(client(SfnClient.builder(), config).build(), arn,
                            new dev.lunora.aws.dynamodb.DynamoDbChannelCoordination(dynamoDb,
                                    config.get("CHANNELS_TABLE").orElse("lunora-channels"))))
                    .orElse(null);
            relay = start(config, dynamoDb, client(SsmClient.builder(), config).build(), Clock.systemUTC(), reconcile);
        } catch (Exception e) {
            LOG.atError().log("the relay could not start: {}", e.toString());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("relay shutting down: stopping every push");
            relay.close();
            stopped.countDown();
        }, "relay-shutdown"));
        stopped.await();
    }

    /** A started relay: its converger and, when this process runs it, its ingest. */
    public record Running(RelayService service, RelayIngest ingest) implements AutoCloseable {
        @Override
        public void close() {
            try {
                service.close();
            } finally {
                if (ingest != null) {
                    ingest.close();
                }
            }
        }

        /** Ends the relay as SIGKILL would: processes die, nothing is written (see {@link RelayService#kill()}). */
        public void kill() {
            try {
                service.kill();
            } finally {
                if (ingest != null) {
                    ingest.close();
                }
            }
        }
    }

    /** Builds and starts the relay from {@code config} with the given clients; the caller closes it. */
    static Running start(RelayConfig config, DynamoDbClient dynamoDb, SsmClient ssm) throws java.io.IOException {
        return start(config, dynamoDb, ssm, Clock.systemUTC());
    }

    /**
     * As {@link #start(RelayConfig, DynamoDbClient, SsmClient)} on the given clock: local mode's ECS stand-in runs relay
     * tasks in its JVM on the clock the whole local world shares, so reports and clicks agree on time.
     */
    public static Running start(RelayConfig config, DynamoDbClient dynamoDb, SsmClient ssm, Clock clock) throws java.io.IOException {
        return start(config, dynamoDb, ssm, clock, null);
    }

    /**
     * @param reconcile asked to record statuses when a push turns live or failing (coalesced to one request per
     *                  second); null: nobody is told, the workflow sees the reports at its next run
     */
    public static Running start(RelayConfig config, DynamoDbClient dynamoDb, SsmClient ssm, Clock clock, ReconcileRequests reconcile)
            throws java.io.IOException {
        String channelId = config.channelId();
        // Only reads: the relay's role may read keys, never write them; the prefix is unused here.
        SsmStreamKeyVault keys = new SsmStreamKeyVault(ssm, SsmStreamKeyVault.DEFAULT_PREFIX);
        String secret = config.ingestSecret()
                .or(() -> config.ingestSecretParameter().map(keys::read))
                .orElseThrow(() -> new IllegalStateException("Set RELAY_INGEST_SECRET_PARAMETER (the SSM parameter holding the ingest "
                        + "path's secret) or RELAY_INGEST_SECRET."));
        RelayIngest ingest = null;
        ProcessRunner runner;
        String programUrl = "rtmp://127.0.0.1:" + config.ingestPort() + "/" + config.ingestApp() + "/" + secret;
        if (config.runner() == RelayConfig.Runner.FFMPEG) {
            MediaTools tools = MediaTools.find().orElseThrow(() -> new IllegalStateException(MediaTools.missing().orElse("media tools missing")
                    + " (or set RELAY_RUNNER=dry)"));
            runner = new FfmpegRunner(tools.ffmpeg());
            if (config.startNginx()) {
                ingest = RelayIngest.start(tools, config.ingestHost(), config.ingestPort(), config.ingestApp(), secret);
                programUrl = ingest.programUrl();
            }
        } else {
            runner = new DryRunner();
        }
        RelayService service = new RelayService(new DynamoDbDestinationStore(dynamoDb, config.destinationsTable(), channelId), keys,
                new DynamoDbDeliveryStatusStore(dynamoDb, config.destinationsTable()), runner,
                new RelayService.Settings(channelId, programUrl, secret, config.policy(), config.staleAfter(), config.bitrateRefresh(),
                        config.addressPolicy()),
                clock);
        if (reconcile != null) {
            service.onSettled(new CoalescedReconcile(reconcile, channelId));
        }
        service.start(config.convergePeriod());
        LOG.atInfo().addKeyValue("channel_id", channelId).addKeyValue("runner", config.runner().name().toLowerCase(java.util.Locale.ROOT))
                .addKeyValue("ingest_port", ingest != null ? ingest.port() : config.ingestPort())
                .addKeyValue("ingest_secret", StreamKeys.hint(secret))
                .log("relay started");
        return new Running(service, ingest);
    }

    /** Explicit region, url-connection HTTP; the SDK itself honours AWS_ENDPOINT_URL_<SERVICE>. */
    private static <B extends software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, ?>
            & software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>> B client(B builder, RelayConfig config) {
        builder.region(Region.of(config.region()));
        builder.httpClientBuilder(UrlConnectionHttpClient.builder());
        return builder;
    }
}
