package dev.lunora.handlers.wiring;

import dev.lunora.aws.dynamodb.DynamoDbDestinationStore;
import dev.lunora.aws.dynamodb.DynamoDbPresetStore;
import dev.lunora.aws.ssm.SsmStreamKeyVault;
import dev.lunora.core.destination.DestinationService;
import dev.lunora.core.ports.ReconcileRequests;
import java.time.Clock;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Builds the object graph once per container (or once per local mode). Clients are created here, not per
 * request, so SnapStart snapshots them warm.
 */
public final class Wiring {

    /** Millisecond timestamps, as the seed system wrote them. */
    public static final Clock CLOCK = Clock.tick(Clock.systemUTC(), java.time.Duration.ofMillis(1));

    private static volatile Wiring fromEnvironment;

    private final LunoraConfig config;
    private final DynamoDbClient dynamoDb;
    private final SsmClient ssm;
    private final ReconcileRequests reconcile;

    public Wiring(LunoraConfig config) {
        this(config, ReconcileRequests.notConfigured("The workflow engine is not configured: start and stop need the "
                + "reconcile state machine (STATE_MACHINE_ARN). Nothing was changed."));
    }

    public Wiring(LunoraConfig config, ReconcileRequests reconcile) {
        AwsClients clients = new AwsClients(config);
        this.config = config;
        this.dynamoDb = clients.dynamoDb();
        this.ssm = clients.ssm();
        this.reconcile = reconcile;
    }

    /** The process-wide wiring for Lambda: built on first use, then shared by every handler in the container. */
    public static Wiring fromEnvironment() {
        Wiring w = fromEnvironment;
        if (w == null) {
            synchronized (Wiring.class) {
                w = fromEnvironment;
                if (w == null) {
                    w = new Wiring(LunoraConfig.fromProcessEnvironment());
                    fromEnvironment = w;
                }
            }
        }
        return w;
    }

    public LunoraConfig config() {
        return config;
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    public SsmClient ssm() {
        return ssm;
    }

    public DynamoDbDestinationStore destinationStore() {
        return new DynamoDbDestinationStore(dynamoDb, config.destinationsTable());
    }

    public DynamoDbPresetStore presetStore() {
        return new DynamoDbPresetStore(dynamoDb, config.presetsTable());
    }

    public SsmStreamKeyVault streamKeyVault() {
        return new SsmStreamKeyVault(ssm, config.streamKeyPrefix());
    }

    public DestinationService destinationService() {
        return new DestinationService(destinationStore(), presetStore(), streamKeyVault(), reconcile,
                CLOCK, Wiring::newDestinationId, config.channelId());
    }

    /** Generated per request, never at INIT, so SnapStart clones do not share ids. */
    private static String newDestinationId() {
        return "dest_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }
}
