package dev.lunora.handlers.wiring;

import dev.lunora.aws.dynamodb.DynamoDbChannelCoordination;
import dev.lunora.aws.dynamodb.DynamoDbDestinationStore;
import dev.lunora.aws.dynamodb.DynamoDbPresetStore;
import dev.lunora.aws.dynamodb.DynamoDbSessionLog;
import dev.lunora.aws.medialive.MediaLiveChannelControl;
import dev.lunora.aws.sfn.SfnReconcileRequests;
import dev.lunora.aws.ssm.SsmStreamKeyVault;
import dev.lunora.core.alert.AlertService;
import dev.lunora.core.channel.ChannelDeliveryService;
import dev.lunora.core.channel.ChannelRegistry;
import dev.lunora.core.channel.ChannelStateChanges;
import dev.lunora.aws.scheduler.EventBridgeScheduleStore;
import dev.lunora.core.channel.CostGuard;
import dev.lunora.core.channel.ReconcileService;
import dev.lunora.core.exceptions.NotFoundException;
import dev.lunora.core.exceptions.WorkflowUnavailableException;
import dev.lunora.core.ports.ScheduleStore;
import dev.lunora.core.schedule.Schedule;
import dev.lunora.core.schedule.ScheduleService;
import dev.lunora.core.usage.UsageService;
import dev.lunora.core.destination.AddressPolicy;
import dev.lunora.core.destination.DestinationService;
import dev.lunora.core.destination.KeyFingerprints;
import dev.lunora.core.ports.FingerprintKey;
import dev.lunora.aws.ssm.SsmFingerprintKey;
import dev.lunora.core.ports.HostResolver;
import dev.lunora.core.ports.ReconcileRequests;
import dev.lunora.core.ports.ReconcileRuns;
import dev.lunora.core.ports.RelayFleet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import dev.lunora.aws.ecs.EcsRelayFleet;
import dev.lunora.aws.rtmp.RtmpProbe;
import dev.lunora.core.destination.ConnectionTestService;
import dev.lunora.core.preset.PlatformPresets;
import dev.lunora.core.channel.RelayOutput;
import dev.lunora.core.ports.ReconcileRuns;
import dev.lunora.core.ports.RelayFleet;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.medialive.MediaLiveClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Builds the object graph once per container (or once per local mode). Clients are created here, not per
 * request, so SnapStart snapshots them warm; each is built on first use, so a function pays only for the
 * clients it needs.
 */
public final class Wiring {

    /** Millisecond timestamps, as the seed system wrote them. */
    public static final Clock CLOCK = Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));

    private static volatile Wiring fromEnvironment;

    private final LunoraConfig config;
    private final AwsClients clients;
    private final Clock clock;
    private DynamoDbClient dynamoDb;
    private SsmClient ssm;
    private KeyFingerprints fingerprints;
    private MediaLiveClient mediaLive;
    private SfnClient sfn;
    private SchedulerClient scheduler;
    private EcsClient ecs;

    public Wiring(LunoraConfig config) {
        this(config, CLOCK);
    }

    /** @param clock the time the core sees; local mode passes its scaled clock so the whole world agrees */
    public Wiring(LunoraConfig config, Clock clock) {
        this.config = config;
        this.clients = new AwsClients(config);
        this.clock = clock;
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

    public Clock clock() {
        return clock;
    }

    public synchronized DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = clients.dynamoDb();
        }
        return dynamoDb;
    }

    public synchronized SsmClient ssm() {
        if (ssm == null) {
            ssm = clients.ssm();
        }
        return ssm;
    }

    public synchronized MediaLiveClient mediaLive() {
        if (mediaLive == null) {
            mediaLive = clients.mediaLive();
        }
        return mediaLive;
    }

    public synchronized SfnClient sfn() {
        if (sfn == null) {
            sfn = clients.sfn();
        }
        return sfn;
    }

    public synchronized EcsClient ecs() {
        if (ecs == null) {
            ecs = clients.ecs();
        }
        return ecs;
    }

    /** The relay service when the stack deploys relay mode (RELAY_CLUSTER and RELAY_SERVICE), else none. */
    public RelayFleet relayFleet() {
        if (config.relayCluster().isEmpty() || config.relayService().isEmpty()) {
            return RelayFleet.notConfigured();
        }
        return new EcsRelayFleet(ecs(), config.relayCluster().get(), config.relayService().get());
    }

    /** Where a relay-mode channel's one output goes; null without a relay. */
    public RelayOutput relayOutput() {
        return config.relayIngestUrl().flatMap(url -> config.relayIngestSecretParameter().map(secret -> new RelayOutput(url, secret)))
                .orElse(null);
    }

    public synchronized SchedulerClient scheduler() {
        if (scheduler == null) {
            scheduler = clients.scheduler();
        }
        return scheduler;
    }

    public DynamoDbDestinationStore destinationStore() {
        return new DynamoDbDestinationStore(dynamoDb(), config.destinationsTable(), config.channelId());
    }

    public DynamoDbPresetStore presetStore() {
        return new DynamoDbPresetStore(dynamoDb(), config.presetsTable());
    }

    public DynamoDbChannelCoordination channelCoordination() {
        return new DynamoDbChannelCoordination(dynamoDb(), config.channelsTable());
    }

    public DynamoDbSessionLog sessionLog() {
        return new DynamoDbSessionLog(dynamoDb(), config.sessionsTable());
    }

    public SsmStreamKeyVault streamKeyVault() {
        return new SsmStreamKeyVault(ssm(), config.streamKeyPrefix());
    }

    public MediaLiveChannelControl channelControl() {
        return new MediaLiveChannelControl(mediaLive(), fingerprints());
    }

    /** Start/stop go to the reconcile state machine when one is configured, and are refused otherwise. */
    public ReconcileRequests reconcileRequests() {
        return config.stateMachineArn()
                .<ReconcileRequests>map(arn -> new SfnReconcileRequests(sfn(), arn, channelCoordination(), clock))
                .orElseGet(() -> ReconcileRequests.notConfigured("The workflow engine is not configured: start and stop need "
                        + "the reconcile state machine (STATE_MACHINE_ARN). Nothing was changed."));
    }

    /** Stored presets, and Lunora's per-platform ones for platforms that have none stored. */
    public PlatformPresets presets() {
        return new PlatformPresets(presetStore());
    }

    /** The destination Test: the RTMP handshake and connect within 5 s. */
    public ConnectionTestService connectionTestService() {
        // Real time even in local mode's scaled world: the limit spares other people's servers, which run in real time.
        return new ConnectionTestService(destinationStore(), new RtmpProbe(java.time.Duration.ofSeconds(5)), channelControl(),
                config.channelId(), java.time.Clock.systemUTC(), addressPolicy());
    }

    public DestinationService destinationService() {
        return new DestinationService(destinationStore(), presets(), streamKeyVault(), reconcileRequests(),
                clock, Wiring::newDestinationId, config.channelId(), channelControl(), addressPolicy(),
                // Built on the first check, not here: a schedule target's start needs only the channels table.
                fingerprints(), channelId -> channelRegistry().isManaged(channelId));
    }

    /**
     * One per container: the key is read from SSM on the first fingerprint, then kept. Without
     * FINGERPRINT_KEY_PARAMETER only computing a fingerprint fails, saying what to set.
     */
    public synchronized KeyFingerprints fingerprints() {
        if (fingerprints == null) {
            FingerprintKey key = config.fingerprintKeyParameter()
                    .<FingerprintKey>map(name -> new SsmFingerprintKey(ssm(), name))
                    .orElse(() -> {
                        throw new IllegalStateException("FINGERPRINT_KEY_PARAMETER is not set: stream-key fingerprints are keyed with"
                                + " a secret in SSM; set it to the parameter the stack created.");
                    });
            fingerprints = new KeyFingerprints(key);
        }
        return fingerprints;
    }

    /** Built on each use: cheap, and it resolves names afresh every time it checks one. */
    public AddressPolicy addressPolicy() {
        return AddressPolicy.of(config.allowedPrivateRanges().orElse(null), HostResolver.system());
    }

    public ReconcileService reconcileService() {
        SsmStreamKeyVault keys = streamKeyVault();
        ReconcileService service = new ReconcileService(destinationStore(), presets(), channelControl(), keys, channelCoordination(),
                sessionLog(), clock, relayFleet(), relayOutput(), addressPolicy(), fingerprints());
        // The lock step asks the engine whether a lease holder still runs, so a dead run's lease does not hold clicks.
        return reconcileRequests() instanceof ReconcileRuns runs ? service.withRuns(runs) : service;
    }

    public ChannelDeliveryService channelDeliveryService() {
        return new ChannelDeliveryService(destinationStore(), channelControl(), channelCoordination(), relayFleet(), clock);
    }

    /** The account's channels and which Lunora manages (issue 18). */
    public ChannelRegistry channelRegistry() {
        return new ChannelRegistry(channelControl(), channelCoordination(), destinationStore(), channelDeliveryService(), sessionLog(),
                config.channelId(), hourlyRateUsd(), clock).permitting(config.permittedChannelIds());
    }

    private double hourlyRateUsd() {
        var rate = config.channelHourlyRateUsd();
        return rate.isPresent() ? rate.getAsDouble() : UsageService.DEFAULT_HOURLY_RATE_USD;
    }

    public AlertService alertService() {
        return new AlertService(destinationStore(), channelControl(), channelCoordination(), clock);
    }

    public ChannelStateChanges channelStateChanges() {
        return new ChannelStateChanges(destinationStore(), channelCoordination(), reconcileRequests(), clock);
    }

    /**
     * Producer schedules in EventBridge Scheduler. Without a target function configured the store still lists and
     * deletes, and refuses to create with a plain reason.
     */
    public ScheduleStore scheduleStore() {
        String target = config.scheduleTargetArn().orElse("");
        String role = config.schedulerRoleArn().orElse("");
        EventBridgeScheduleStore store = new EventBridgeScheduleStore(scheduler(), config.scheduleGroup(), target, role);
        if (!target.isEmpty() && !role.isEmpty()) {
            return store;
        }
        return new ScheduleStore() {
            @Override
            public void create(Schedule schedule) {
                throw new WorkflowUnavailableException("Schedules are not configured (SCHEDULE_TARGET_ARN and SCHEDULER_ROLE_ARN). Nothing was changed.");
            }

            @Override
            public List<Schedule> list() {
                return List.of();
            }

            @Override
            public Optional<Schedule> find(String name) {
                return Optional.empty();
            }

            @Override
            public void delete(String name) {
                throw new NotFoundException("No schedule named '" + name + "': schedules are not configured.");
            }
        };
    }

    public ScheduleService scheduleService() {
        return new ScheduleService(scheduleStore(), destinationStore(), destinationService(), clock);
    }

    public CostGuard costGuard() {
        return new CostGuard(destinationStore(), channelControl(), sessionLog(), reconcileRequests(), channelCoordination(), clock,
                config.maxChannelRunning().orElse(null), config.inputLossStop().orElse(null));
    }

    public UsageService usageService() {
        var rate = config.channelHourlyRateUsd();
        return new UsageService(sessionLog(), destinationStore(), clock,
                rate.isPresent() ? rate.getAsDouble() : UsageService.DEFAULT_HOURLY_RATE_USD,
                rate.isPresent() ? "CHANNEL_HOURLY_RATE_USD (configured)" : UsageService.DEFAULT_RATE_SOURCE);
    }

    /** Generated per request, never at INIT, so SnapStart clones do not share ids. */
    private static String newDestinationId() {
        return "dest_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }
}
