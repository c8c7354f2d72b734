package dev.lunora.bench;

import dev.lunora.aws.medialive.NaiveBaseline;
import dev.lunora.local.LocalMode;
import dev.lunora.local.LocalOptions;
import dev.lunora.local.medialive.CallRecord;
import dev.lunora.local.medialive.Operation;
import dev.lunora.local.stepfunctions.exec.HistoryEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.medialive.MediaLiveClient;
import software.amazon.awssdk.services.medialive.model.DescribeChannelResponse;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/** One scenario on one side (a fresh local mode each time), measured from the simulator, the clock and histories. */
final class Bench {

    static final String CHANNEL = LocalMode.CHANNEL_ID;
    private static final String STATE_MACHINE_ARN = "arn:aws:states:" + LocalMode.REGION + ":" + LocalMode.ACCOUNT
            + ":stateMachine:" + LocalMode.STATE_MACHINE_NAME;
    private static final Duration UPDATE = Duration.ofSeconds(2);
    private static final Duration PATIENCE = Duration.ofSeconds(Long.getLong("lunora.bench.patienceSeconds", 180));

    /** One side's numbers; {@code paidMinutes} is filled in once both sides ran (a common horizon). */
    static final class Result {
        String scenario;
        String side;
        double timeScale;
        long starts;
        long stops;
        double darkSeconds;
        double settleSeconds;
        double settleFromFirstClick;
        /** From the last click to the last event of any execution (Lunora's trailing alert check included). */
        double runsFinishedSeconds;
        /** From the last click to the channel's last state change (the stream is live or the channel idle). */
        double channelSettleSeconds;
        Map<String, Long> calls = new TreeMap<>();
        long transitions;
        long lambdas;
        long executions;
        double billedSecondsToSteady;
        boolean billedAtSteady;
        double paidMinutes;
        long refused;
        long lost;
        double mediaLiveTransitionSeconds;

        double overheadSeconds() {
            return settleFromFirstClick - mediaLiveTransitionSeconds;
        }

        /** Overhead as a share of MediaLive's own transition time: what "a small fraction" is judged by. */
        double overheadFraction() {
            return mediaLiveTransitionSeconds <= 0 ? 0 : overheadSeconds() / mediaLiveTransitionSeconds;
        }

        Map<String, Object> toJson() {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("scenario", scenario);
            m.put("side", side);
            m.put("time_scale", timeScale);
            m.put("channel_starts", starts);
            m.put("channel_stops", stops);
            m.put("dark_seconds_of_live_destinations", round(darkSeconds));
            m.put("last_click_to_steady_seconds", round(settleSeconds));
            m.put("first_click_to_steady_seconds", round(settleFromFirstClick));
            m.put("last_click_to_channel_settled_seconds", round(channelSettleSeconds));
            m.put("last_click_to_runs_finished_seconds", round(runsFinishedSeconds));
            m.put("medialive_calls", calls);
            m.put("medialive_calls_total", calls.values().stream().mapToLong(Long::longValue).sum());
            m.put("executions", executions);
            m.put("state_transitions", transitions);
            m.put("lambda_invocations", lambdas);
            m.put("paid_channel_minutes", round(paidMinutes));
            m.put("refused_calls", refused);
            m.put("lost_clicks", lost);
            m.put("medialive_transition_seconds", round(mediaLiveTransitionSeconds));
            m.put("orchestration_overhead_seconds", round(overheadSeconds()));
            m.put("orchestration_overhead_fraction_of_medialive", Math.round(overheadFraction() * 1000) / 1000.0);
            return m;
        }
    }

    private Bench() {
    }

    /** Both sides of a scenario, paid minutes over the same horizon (the later of the two steady states). */
    static List<Result> both(Scenario s, double scale) throws Exception {
        Result lunora = run(s, scale, true);
        Result naive = run(s, scale, false);
        double horizon = Math.max(lunora.settleFromFirstClick, naive.settleFromFirstClick);
        for (Result r : List.of(lunora, naive)) {
            r.paidMinutes = (r.billedSecondsToSteady + (r.billedAtSteady ? horizon - r.settleFromFirstClick : 0)) / 60.0;
        }
        return List.of(lunora, naive);
    }

    static LocalOptions options(double scale) {
        return LocalOptions.builder().port(0).awsPort(0).timeScale(scale)
                .frontendDir(Path.of(System.getProperty("lunora.frontend.dir", "../frontend")))
                .statemachinesDir(Path.of(System.getProperty("lunora.statemachines.dir", "../statemachines")))
                // The periodic cost guard would add its own runs (and stop the baseline's channel, which no stored
                // destination wants): off for both sides, so every call counted comes from the clicks.
                .env("COST_GUARD_RATE", "rate(365 days)")
                .build();
    }

    static Result run(Scenario s, double scale, boolean lunoraSide) throws Exception {
        try (LocalMode local = LocalMode.start(options(scale))) {
            var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench"));
            StateLog states = new StateLog(() -> local.clock().now());
            local.mediaLive().addEventSink(states::publish);
            if (!lunoraSide) {
                // The baseline has no handlers listening: the stored destinations are not its business.
                local.eventBus().setEnabled(false);
            }
            try (MediaLiveClient ml = MediaLiveClient.builder().endpointOverride(local.awsEndpoint()).region(Region.US_WEST_2)
                    .credentialsProvider(credentials).build();
                 SfnClient sfn = SfnClient.builder().endpointOverride(local.awsEndpoint()).region(Region.US_WEST_2)
                         .credentialsProvider(credentials).build()) {
                HttpClient http = HttpClient.newHttpClient();
                NaiveBaseline naive = new NaiveBaseline(ml, local.clock(), CHANNEL);
                List<String> ids = new ArrayList<>();
                List<NaiveBaseline.Destination> naiveDestinations = new ArrayList<>();
                for (int i = 0; i < s.destinations(); i++) {
                    String key = "bench-key-" + i + "-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
                    String url = "rtmp://live.restream.io/live";
                    if (lunoraSide) {
                        String body = "{\"name\":\"Bench " + i + "\",\"platform\":\"custom\",\"rtmp_url\":\"" + url
                                + "\",\"stream_key\":\"" + key + "\"}";
                        String created = post(http, local.webUrl().resolve("/api/destinations"), body, 201);
                        String id = created.replaceAll("(?s).*\"destination_id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
                        ids.add(id);
                    } else {
                        ids.add("naive-" + i);
                    }
                    naiveDestinations.add(new NaiveBaseline.Destination(ids.get(i), url, key));
                }
                for (int i : s.preLive()) {
                    if (lunoraSide) {
                        click(http, local, ids.get(i), true);
                        awaitLunoraRest(sfn, ml);
                    } else {
                        naive.click(naiveDestinations.get(i), true);
                    }
                }
                Set<String> seen = new HashSet<>();
                executions(sfn).forEach(e -> seen.add(e.name()));
                naive.refused.set(0);
                local.mediaLive().resetCallLog();
                Instant t0 = local.clock().now();
                String stateAtT0 = ml.describeChannel(r -> r.channelId(CHANNEL)).stateAsString();

                ExecutorService pool = Executors.newFixedThreadPool(s.clicks().size());
                CountDownLatch go = new CountDownLatch(1);
                AtomicReference<Instant> lastClick = new AtomicReference<>(t0);
                AtomicReference<Instant> lastDone = new AtomicReference<>(t0);
                List<Future<?>> futures = new ArrayList<>();
                try {
                    for (Scenario.Click c : s.clicks()) {
                        futures.add(pool.submit(() -> {
                            go.await();
                            Duration wait = Duration.between(local.clock().now(), t0.plusMillis((long) (c.offsetSeconds() * 1000)));
                            if (!wait.isNegative() && !wait.isZero()) {
                                local.clock().sleep(wait);
                            }
                            lastClick.accumulateAndGet(local.clock().now(), Bench::later);
                            if (lunoraSide) {
                                click(http, local, ids.get(c.destination()), c.start());
                            } else {
                                naive.click(naiveDestinations.get(c.destination()), c.start());
                            }
                            lastDone.accumulateAndGet(local.clock().now(), Bench::later);
                            return null;
                        }));
                    }
                    go.countDown();
                    for (Future<?> f : futures) {
                        f.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                    }
                } finally {
                    pool.shutdownNow();
                }

                Result r = new Result();
                r.scenario = s.name();
                r.side = lunoraSide ? "lunora" : "naive";
                r.timeScale = scale;
                Instant steady = later(lastDone.get(), states.lastAt());
                Instant lockReleased = null;
                Instant runsFinished = steady;
                if (lunoraSide) {
                    awaitLunoraRest(sfn, ml);
                    for (ExecutionListItem e : executions(sfn)) {
                        if (seen.contains(e.name())) {
                            continue;
                        }
                        r.executions++;
                        List<HistoryEvent> history = local.stepFunctions().history(e.executionArn());
                        for (HistoryEvent h : history) {
                            if (h.type().endsWith("StateEntered")) {
                                r.transitions++;
                            }
                            if (h.type().equals("LambdaFunctionScheduled") || h.type().equals("TaskScheduled")) {
                                r.lambdas++;
                            }
                        }
                        runsFinished = later(runsFinished, history.get(history.size() - 1).timestamp());
                        for (HistoryEvent h : history) {
                            if (h.type().endsWith("StateExited") && h.details() != null
                                    && String.valueOf(h.details().get("name")).startsWith("ReleaseChannelLock")) {
                                lockReleased = later(lockReleased, h.timestamp());
                            }
                        }
                    }
                    // Steady for a producer: the page shows the final status and the next click runs at once. The
                    // advisory alert check after the release is reported separately (runs finished).
                    steady = later(steady, lockReleased != null ? lockReleased : runsFinished);
                }
                steady = later(steady, states.lastAt());
                runsFinished = later(runsFinished, steady);
                DescribeChannelResponse end = ml.describeChannel(q -> q.channelId(CHANNEL));
                List<CallRecord> calls = local.mediaLive().callLog().stream().filter(c -> !c.time().isBefore(t0)).toList();
                for (CallRecord c : calls) {
                    r.calls.merge(c.operation().name(), 1L, Long::sum);
                    if (c.outcome().startsWith("409")) {
                        r.refused++;
                    }
                }
                r.starts = succeeded(calls, Operation.StartChannel);
                r.stops = succeeded(calls, Operation.StopChannel);
                boolean[] want = s.finalWish();
                Set<String> onChannel = NaiveBaseline.outputsOn(end).keySet();
                boolean running = "RUNNING".equals(end.stateAsString());
                for (int i = 0; i < want.length; i++) {
                    boolean live = running && onChannel.contains(ids.get(i));
                    if (want[i] != live) {
                        r.lost++;
                    }
                }
                long stillWantedLive = s.preLive().stream().filter(i -> want[i]).count();
                StateLog.Totals t = states.totals(t0, stateAtT0, steady);
                r.darkSeconds = stillWantedLive * t.notRunningSeconds();
                r.billedSecondsToSteady = t.billedSeconds();
                r.billedAtSteady = t.billedAtEnd();
                r.settleFromFirstClick = seconds(t0, steady);
                r.settleSeconds = seconds(lastClick.get(), steady);
                r.runsFinishedSeconds = seconds(lastClick.get(), runsFinished);
                r.channelSettleSeconds = states.lastAt() == null ? 0 : seconds(lastClick.get(), states.lastAt());
                r.mediaLiveTransitionSeconds = t.transitionSeconds() + succeeded(calls, Operation.UpdateChannel) * UPDATE.toSeconds();
                System.err.printf(Locale.ROOT, "  %-28s %-7s done: starts %d, settle %.0f s, lost %d%n", s.name(), r.side, r.starts,
                        r.settleSeconds, r.lost);
                return r;
            }
        }
    }

    private static long succeeded(List<CallRecord> calls, Operation op) {
        return calls.stream().filter(c -> c.operation() == op && CHANNEL.equals(c.resourceId()) && c.outcome().startsWith("2")).count();
    }

    private static Instant later(Instant a, Instant b) {
        return b == null || (a != null && a.isAfter(b)) ? a : b;
    }

    private static double seconds(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toMillis() / 1000.0);
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static void click(HttpClient http, LocalMode local, String id, boolean start) throws Exception {
        post(http, local.webUrl().resolve("/api/destinations/" + id + (start ? "/start" : "/stop")), "", 202);
    }

    private static String post(HttpClient http, URI uri, String body, int expected) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException("POST " + uri.getPath() + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private static List<ExecutionListItem> executions(SfnClient sfn) {
        List<ExecutionListItem> all = new ArrayList<>();
        sfn.listExecutionsPaginator(r -> r.stateMachineArn(STATE_MACHINE_ARN)).executions().forEach(all::add);
        return all;
    }

    private static void awaitLunoraRest(SfnClient sfn, MediaLiveClient ml) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (executions(sfn).stream().anyMatch(e -> e.status() == ExecutionStatus.RUNNING)
                || !Set.of("IDLE", "RUNNING").contains(ml.describeChannel(r -> r.channelId(CHANNEL)).stateAsString())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Lunora did not come to rest within " + PATIENCE);
            }
            Thread.sleep(20);
        }
    }

    // ---- tables

    static String table(List<Result> results) {
        StringBuilder b = new StringBuilder();
        String head = String.format(Locale.ROOT, "%-26s %-7s %6s %5s %7s %9s %8s %-30s %6s %6s %7s %7s %5s%n", "scenario", "side",
                "starts", "stops", "dark s", "channel s", "steady s", "MediaLive calls D/Stop/U/Start", "trans", "lambda", "paid m",
                "refused", "lost");
        b.append(head).append("-".repeat(head.length() - 1)).append('\n');
        for (Result r : results) {
            String calls = r.calls.getOrDefault("DescribeChannel", 0L) + "/" + r.calls.getOrDefault("StopChannel", 0L) + "/"
                    + r.calls.getOrDefault("UpdateChannel", 0L) + "/" + r.calls.getOrDefault("StartChannel", 0L)
                    + " (" + r.calls.values().stream().mapToLong(Long::longValue).sum() + ")";
            b.append(String.format(Locale.ROOT, "%-26s %-7s %6d %5d %7.0f %9.0f %8.0f %-30s %6s %6s %7.1f %7d %5d%n", r.scenario, r.side,
                    r.starts, r.stops, r.darkSeconds, r.channelSettleSeconds, r.settleSeconds, calls, r.side.equals("lunora") ? r.transitions : "-",
                    r.side.equals("lunora") ? r.lambdas : "-", r.paidMinutes, r.refused, r.lost));
        }
        return b.toString();
    }

    static String overheadTable(List<Result> results) {
        StringBuilder b = new StringBuilder();
        String head = String.format(Locale.ROOT, "%-26s %-7s %15s %14s %16s %12s %10s %16s%n", "cycle", "side", "click→channel s",
                "click→steady s", "MediaLive own s", "overhead s", "of own", "runs finished s");
        b.append(head).append("-".repeat(head.length() - 1)).append('\n');
        for (Result r : results) {
            b.append(String.format(Locale.ROOT, "%-26s %-7s %15.1f %14.1f %16.1f %12.1f %9.0f%% %16.1f%n", r.scenario, r.side,
                    r.channelSettleSeconds, r.settleFromFirstClick,
                    r.mediaLiveTransitionSeconds, r.overheadSeconds(), r.overheadFraction() * 100, r.runsFinishedSeconds));
        }
        return b.toString();
    }

    /** The channel's state changes as the simulator publishes them, stamped with the shared clock. */
    static final class StateLog {
        record Change(Instant at, String state) {
        }

        record Totals(double notRunningSeconds, double billedSeconds, double transitionSeconds, boolean billedAtEnd) {
        }

        private final java.util.function.Supplier<Instant> clock;
        private final List<Change> changes = new CopyOnWriteArrayList<>();

        StateLog(java.util.function.Supplier<Instant> clock) {
            this.clock = clock;
        }

        @SuppressWarnings("unchecked")
        void publish(Map<String, Object> event) {
            if ("MediaLive Channel State Change".equals(event.get("detail-type"))) {
                Object state = ((Map<String, Object>) event.get("detail")).get("state");
                changes.add(new Change(clock.get(), String.valueOf(state)));
            }
        }

        Instant lastAt() {
            return changes.isEmpty() ? null : changes.get(changes.size() - 1).at();
        }

        /** Event vocabulary: STARTING, RUNNING, STOPPING, STOPPED (also CREATED). API state at t0 maps onto it. */
        Totals totals(Instant from, String apiStateAtFrom, Instant to) {
            String state = switch (apiStateAtFrom) {
                case "IDLE" -> "STOPPED";
                default -> apiStateAtFrom;
            };
            Instant at = from;
            double notRunning = 0;
            double billed = 0;
            double transition = 0;
            List<Change> all = new ArrayList<>(changes);
            all.add(new Change(to, null));
            for (Change c : all) {
                if (c.at().isBefore(from)) {
                    continue;
                }
                boolean after = c.at().isAfter(to);
                Instant until = after ? to : c.at();
                double d = seconds(at, until);
                if (!"RUNNING".equals(state)) {
                    notRunning += d;
                }
                if (Set.of("STARTING", "RUNNING", "STOPPING").contains(state)) {
                    billed += d;
                }
                if (Set.of("STARTING", "STOPPING").contains(state)) {
                    transition += d;
                }
                at = until;
                if (after || c.state() == null) {
                    break;
                }
                state = c.state();
            }
            return new Totals(notRunning, billed, transition, Set.of("STARTING", "RUNNING", "STOPPING").contains(state));
        }
    }
}
