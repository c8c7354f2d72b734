package dev.lunora.relay;

import dev.lunora.core.destination.AddressPolicy;
import dev.lunora.core.destination.DeliveryState;
import dev.lunora.core.destination.DeliveryStatus;
import dev.lunora.core.destination.DesiredState;
import dev.lunora.core.destination.Destination;
import dev.lunora.core.destination.StreamKeys;
import dev.lunora.core.exceptions.NotFoundException;
import dev.lunora.core.exceptions.ServiceUnavailableException;
import dev.lunora.core.ports.DeliveryStatusStore;
import dev.lunora.core.ports.DestinationStore;
import dev.lunora.core.ports.StreamKeySource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows stored desired state: every converge reads the channel's destinations, starts a push for each one that
 * wants to stream, stops the pushes no longer wanted and restarts one whose URL or key changed. Keys are read from
 * SSM only when a push (re)starts. Each push's status is written back to its destination on change (a live
 * bitrate at most every {@code bitrateRefresh}). Keeps no state of its own, so a restarted relay resumes every
 * wanted destination on its first converge.
 */
public final class RelayService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RelayService.class);
    /** A key that could not be read is tried again after this, not on every converge. */
    private static final Duration KEY_RETRY = Duration.ofSeconds(10);

    /**
     * @param ingestUrl where pushes read the program: {@code rtmp://127.0.0.1:<port>/<app>/<ingest secret>}
     * @param ingestSecret masked wherever the ingest URL could show
     * @param addresses checked before every push connects: a name saved as public may resolve inside a network now
     */
    public record Settings(String channelId, String ingestUrl, String ingestSecret, RetryPolicy policy, Duration staleAfter,
            Duration bitrateRefresh, AddressPolicy addresses) {

        public Settings(String channelId, String ingestUrl, String ingestSecret, RetryPolicy policy, Duration staleAfter,
                Duration bitrateRefresh) {
            this(channelId, ingestUrl, ingestSecret, policy, staleAfter, bitrateRefresh, AddressPolicy.standard());
        }

        public Settings {
            Objects.requireNonNull(addresses, "addresses");
            Objects.requireNonNull(channelId, "channelId");
            Objects.requireNonNull(ingestUrl, "ingestUrl");
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(staleAfter, "staleAfter");
            Objects.requireNonNull(bitrateRefresh, "bitrateRefresh");
        }
    }

    /** What a push is started from: a change to any of it means a new push with a freshly read key. */
    record Wanted(String destinationId, String url, String keyParameter, String keyFingerprint) {

        static Optional<Wanted> of(Destination d, String channelId) {
            if (!channelId.equals(d.channelId()) || d.desiredState() != DesiredState.STREAMING || !d.enabled() || !d.platform().pushesRtmp()) {
                return Optional.empty();
            }
            String url = d.rtmpUrl() != null ? d.rtmpUrl() : d.platform().defaultIngestUrl().orElse(null);
            return url == null ? Optional.empty()
                    : Optional.of(new Wanted(d.destinationId(), url, d.streamKeyParam(), d.streamKeyFingerprint()));
        }
    }

    private record Running(Wanted wanted, SupervisedPush push, StatusWriter status) {
    }

    private final DestinationStore destinations;
    private final StreamKeySource keys;
    private final DeliveryStatusStore statuses;
    private final ProcessRunner runner;
    private final Settings settings;
    private final Clock clock;
    /** Told when a push turns live or failing, so the workflow records it (see {@link #onSettled}). */
    private volatile Runnable settled = () -> { };
    private final Map<String, Running> running = new LinkedHashMap<>();
    /** Pushes that could not start (unreadable key, refused address), with when to try again. */
    private final Map<Wanted, Instant> unreadableKeys = new HashMap<>();
    private ScheduledExecutorService ticker;
    private boolean firstConverge = true;
    private boolean closed;

    public RelayService(DestinationStore destinations, StreamKeySource keys, DeliveryStatusStore statuses, ProcessRunner runner,
            Settings settings, Clock clock) {
        this.destinations = destinations;
        this.keys = keys;
        this.statuses = statuses;
        this.runner = runner;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * What to do when a push turns live or failing: the relay reports, the reconcile records (streaming, or error with
     * the reason). Called on the push's thread; the callee coalesces.
     */
    public RelayService onSettled(Runnable action) {
        this.settled = Objects.requireNonNull(action, "action");
        return this;
    }

    /** Converges now and then every {@code period} until closed. */
    public synchronized RelayService start(Duration period) {
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "relay-converge");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::convergeQuietly, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void convergeQuietly() {
        try {
            converge();
        } catch (RuntimeException e) {
            // The ticker stops for good on an escaping exception; one bad pass must not end the relay.
            LOG.atError().addKeyValue("channel_id", settings.channelId()).log("converge failed, trying again next tick: {}", e.toString());
        }
    }

    /** One pass. Serialized, so concurrent callers never start a second push for a destination. */
    public synchronized void converge() {
        if (closed) {
            return;
        }
        List<Destination> all;
        try {
            all = destinations.list();
        } catch (ServiceUnavailableException e) {
            LOG.atWarn().addKeyValue("channel_id", settings.channelId()).log("could not read destinations, keeping the pushes as they are: {}", e.getMessage());
            return;
        }
        Map<String, Wanted> wanted = new LinkedHashMap<>();
        for (Destination d : all) {
            Wanted.of(d, settings.channelId()).ifPresent(w -> wanted.put(w.destinationId(), w));
        }
        for (Running r : List.copyOf(running.values())) {
            Wanted now = wanted.get(r.wanted().destinationId());
            if (now == null) {
                stop(r, DeliveryStatus.stopped(), "no longer wants to stream");
            } else if (!now.equals(r.wanted())) {
                stop(r, null, "URL or stream key changed");
            }
        }
        for (Wanted w : wanted.values()) {
            if (!running.containsKey(w.destinationId())) {
                startPush(w);
            }
        }
        for (Wanted w : List.copyOf(unreadableKeys.keySet())) {
            if (!w.equals(wanted.get(w.destinationId()))) {
                unreadableKeys.remove(w);
                if (!wanted.containsKey(w.destinationId())) {
                    // It showed "failing" for its key without ever pushing; not wanted now, so say stopped.
                    new StatusWriter(w.destinationId()).finish(DeliveryStatus.stopped());
                }
            }
        }
        if (firstConverge) {
            firstConverge = false;
            markStaleStatusesStopped(all, wanted);
        }
    }

    /** A relay that died leaves its last statuses behind; the next one clears those of destinations it will not push. */
    private void markStaleStatusesStopped(List<Destination> all, Map<String, Wanted> wanted) {
        for (Destination d : all) {
            if (!settings.channelId().equals(d.channelId()) || wanted.containsKey(d.destinationId())) {
                continue;
            }
            try {
                if (statuses.find(d.destinationId()).filter(s -> s.state() != DeliveryState.STOPPED).isPresent()) {
                    statuses.record(d.destinationId(), DeliveryStatus.stopped(), clock.instant());
                }
            } catch (NotFoundException | ServiceUnavailableException e) {
                LOG.atWarn().addKeyValue("destination_id", d.destinationId()).log("could not clear a stale delivery status: {}", e.getMessage());
            }
        }
    }

    private void startPush(Wanted w) {
        Instant retryAt = unreadableKeys.get(w);
        if (retryAt != null && clock.instant().isBefore(retryAt)) {
            return;
        }
        StatusWriter status = new StatusWriter(w.destinationId());
        Optional<String> refused = settings.addresses().problem(w.url());
        if (refused.isPresent()) {
            LOG.atWarn().addKeyValue("destination_id", w.destinationId()).log("push refused: the RTMP URL {}", refused.get());
            // Tried again later like an unreadable key (the name may resolve elsewhere then), not on every converge.
            unreadableKeys.put(w, clock.instant().plus(KEY_RETRY));
            status.finish(DeliveryStatus.failing("the RTMP URL " + refused.get()));
            return;
        }
        String key = null;
        if (w.keyParameter() != null) {
            try {
                key = keys.read(w.keyParameter());
            } catch (NotFoundException | ServiceUnavailableException e) {
                // The exception names the parameter, never a value.
                LOG.atWarn().addKeyValue("destination_id", w.destinationId()).log("could not read the stream key: {}", e.getMessage());
                unreadableKeys.put(w, clock.instant().plus(KEY_RETRY));
                status.finish(DeliveryStatus.failing(e instanceof NotFoundException
                        ? "the stream key is missing: enter it again in the destination"
                        : "the relay could not read the stream key (SSM unavailable); it tries again"));
                return;
            }
        }
        unreadableKeys.remove(w);
        PushTarget target = new PushTarget(w.destinationId(), settings.ingestUrl(), PushTarget.withKey(w.url(), key),
                List.of(key == null ? "" : key, settings.ingestSecret() == null ? "" : settings.ingestSecret()));
        SupervisedPush push = new SupervisedPush(target, runner, settings.policy(), settings.staleAfter(), clock, status);
        running.put(w.destinationId(), new Running(w, push, status));
        LOG.atInfo().addKeyValue("destination_id", w.destinationId()).addKeyValue("key", key == null ? "none" : StreamKeys.hint(key))
                .log("starting push");
        push.start();
    }

    private void stop(Running r, DeliveryStatus last, String why) {
        running.remove(r.wanted().destinationId());
        r.push().close();
        r.status().finish(last);
        LOG.atInfo().addKeyValue("destination_id", r.wanted().destinationId()).log("push stopped: {}", why);
    }

    /** Destinations with a push now, for checks and the log. */
    public synchronized List<String> pushing() {
        return new ArrayList<>(running.keySet());
    }

    /** The OS processes of every push, for checks that none is left behind. */
    public synchronized List<ProcessHandle> processes() {
        List<ProcessHandle> out = new ArrayList<>();
        running.values().forEach(r -> r.push().process().ifPresent(out::add));
        return out;
    }

    /**
     * What SIGKILL does to a relay task: converging stops and every push's process dies at once, and nothing is written —
     * the destinations keep their last status, as they would when a task vanishes. Local mode's ECS stand-in uses it to
     * show that a replacement relay resumes everything by itself.
     */
    public void kill() {
        ScheduledExecutorService t;
        List<Running> pushes;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            t = ticker;
            pushes = List.copyOf(running.values());
            running.clear();
        }
        if (t != null) {
            t.shutdownNow();
        }
        for (Running r : pushes) {
            r.status().finish(null);
            r.push().close();
        }
    }

    /** Stops converging and every push, and marks each destination stopped by the relay. */
    @Override
    public void close() {
        ScheduledExecutorService t;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            t = ticker;
        }
        if (t != null) {
            t.shutdown();
            try {
                t.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            for (Running r : List.copyOf(running.values())) {
                stop(r, DeliveryStatus.stopped("the relay stopped"), "the relay is shutting down");
            }
        }
    }

    /**
     * Writes one destination's statuses: on every change, and a live bitrate at most every {@code bitrateRefresh}.
     * Called from the push's threads; after {@link #finish} it writes nothing more, so a late progress line cannot
     * turn a stopped destination live again.
     */
    private final class StatusWriter implements java.util.function.Consumer<DeliveryStatus> {
        private final String destinationId;
        private DeliveryStatus written;
        private Instant writtenAt = Instant.MIN;
        private boolean finished;

        StatusWriter(String destinationId) {
            this.destinationId = destinationId;
        }

        @Override
        public synchronized void accept(DeliveryStatus status) {
            if (finished) {
                return;
            }
            Instant now = clock.instant();
            boolean changed = !status.sameApartFromBitrate(written);
            boolean bitrateDue = !changed && status.state() == DeliveryState.LIVE && !Objects.equals(status.bitrateKbps(), written.bitrateKbps())
                    && !now.isBefore(writtenAt.plus(settings.bitrateRefresh()));
            if (changed || bitrateDue) {
                DeliveryState before = written == null ? null : written.state();
                write(status, now);
                if (changed && before != status.state() && (status.state() == DeliveryState.LIVE || status.state() == DeliveryState.FAILING)) {
                    settled.run();
                }
            }
        }

        /** Writes {@code last} (null: nothing) and ignores whatever the push still reports. */
        synchronized void finish(DeliveryStatus last) {
            finished = true;
            if (last != null && !last.equals(written)) {
                write(last, clock.instant());
            }
        }

        private void write(DeliveryStatus status, Instant now) {
            try {
                statuses.record(destinationId, status, now);
                written = status;
                writtenAt = now;
                LOG.atInfo().addKeyValue("destination_id", destinationId).addKeyValue("delivery_state", status.state().id())
                        .addKeyValue("bitrate_kbps", status.bitrateKbps()).log("delivery status: {}", status.error() == null ? status.state().id() : status.error());
            } catch (NotFoundException deleted) {
                // Deleted while streaming: the next converge no longer sees it and stops the push.
            } catch (ServiceUnavailableException e) {
                // Left unwritten, so the next status (at most a second away while live) tries again.
                LOG.atWarn().addKeyValue("destination_id", destinationId).log("could not write the delivery status: {}", e.getMessage());
            }
        }
    }
}
