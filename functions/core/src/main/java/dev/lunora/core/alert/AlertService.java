package dev.lunora.core.alert;

import dev.lunora.core.alert.DestinationHealth.ActiveAlert;
import dev.lunora.core.channel.ChannelState;
import dev.lunora.core.channel.ChannelView;
import dev.lunora.core.channel.LunoraOutputs;
import dev.lunora.core.destination.Destination;
import dev.lunora.core.exceptions.ConflictException;
import dev.lunora.core.exceptions.NotFoundException;
import dev.lunora.core.channel.InputSignal;
import dev.lunora.core.ports.ChannelControl;
import dev.lunora.core.ports.ChannelCoordination;
import dev.lunora.core.ports.DestinationStore;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns MediaLive's output alerts into each destination's health. An alert belongs to the destination whose
 * output name ({@code lunora-<destinationId>}) its message names; others are not Lunora's and are ignored.
 *
 * <p>Each destination keeps the alerts still set on it and the time of the newest alert applied: an alert older
 * than that arrived out of order and changes nothing (times are compared in whole seconds, the precision of an
 * EventBridge envelope, so a clear in the same second as a ListAlerts read still applies). Writes are conditional
 * on that time, so two alerts handled at once for one destination cannot lose each other.
 */
public final class AlertService {

    private static final Logger LOG = LoggerFactory.getLogger(AlertService.class);
    private static final int ATTEMPTS = 5;

    private final DestinationStore destinations;
    private final ChannelControl channels;
    private final Clock clock;
    /** Where the channel's input signal is kept; null: input-loss alerts are logged only. */
    private final ChannelCoordination coordination;

    public AlertService(DestinationStore destinations, ChannelControl channels, Clock clock) {
        this(destinations, channels, null, clock);
    }

    /** @param coordination the channel items that keep {@code input_signal_lost_at} */
    public AlertService(DestinationStore destinations, ChannelControl channels, ChannelCoordination coordination, Clock clock) {
        this.destinations = destinations;
        this.channels = channels;
        this.coordination = coordination;
        this.clock = clock;
    }

    /**
     * Applies one alert event; returns the destination it concerned, if it was one of Lunora's. An input-loss alert
     * (see {@link InputSignal#INPUT_LOSS_ALERTS}) concerns the channel, not an output: it marks the channel's input lost
     * when SET, and when CLEARED unmarks it unless another input-loss alert is still set (ListAlerts).
     */
    public Optional<String> apply(ChannelAlert alert) {
        if (InputSignal.isInputLoss(alert.alertType())) {
            applyInputLoss(alert);
            return Optional.empty();
        }
        Optional<Destination> target = destinationNamedIn(alert.message(), destinationsOf(alert.channelId()));
        if (target.isEmpty()) {
            LOG.debug("alert names no Lunora output, ignored channel_id={} alert_type={} alert_id={}",
                    alert.channelId(), alert.alertType(), alert.alertId());
            return Optional.empty();
        }
        Destination d = target.get();
        Instant at = seconds(alert.at());
        IntSupplier pipelines = pipelinesOf(alert.channelId());
        write(d, at, stored -> {
            List<ActiveAlert> active = new ArrayList<>(stored.active());
            active.removeIf(a -> a.alertId().equals(alert.alertId()));
            if (alert.state() == ChannelAlert.AlarmState.SET) {
                active.add(new ActiveAlert(alert.alertId(), alert.pipeline(), alert.alertType(), at));
            }
            return active;
        }, pipelines);
        LOG.info("alert applied channel_id={} destination_id={} alarm_state={} alert_type={} pipeline={}",
                alert.channelId(), d.destinationId(), alert.state(), alert.alertType(), alert.pipeline());
        return Optional.of(d.destinationId());
    }

    /**
     * Makes every destination of the channel match the alerts MediaLive lists as SET now — for when an event was
     * missed. ListAlerts lists every alert still set, so one of ours that it does not list has cleared. A channel
     * that is not running has no output alerts.
     *
     * @return how many destinations have an alert set
     */
    public int applyCurrentAlerts(String channelId) {
        ChannelView view = channels.describe(channelId);
        Instant at = seconds(clock.instant());
        List<ChannelAlert> set = view.state() == ChannelState.RUNNING
                ? channels.alerts(channelId).stream().filter(a -> a.state() == ChannelAlert.AlarmState.SET).toList()
                : List.of();
        reconcileInputSignal(channelId, set);
        List<Destination> ofChannel = destinationsOf(channelId);
        Map<String, List<ActiveAlert>> byDestination = new LinkedHashMap<>();
        for (ChannelAlert a : set) {
            destinationNamedIn(a.message(), ofChannel).ifPresent(d -> byDestination.computeIfAbsent(d.destinationId(), id -> new ArrayList<>())
                    .add(new ActiveAlert(a.alertId(), a.pipeline(), a.alertType(), seconds(a.at()))));
        }
        for (Destination d : ofChannel) {
            List<ActiveAlert> active = byDestination.getOrDefault(d.destinationId(), List.of());
            if (active.isEmpty() && (d.health() == null || d.health().equals(Health.OK.id())) && d.healthMessage() == null) {
                continue;
            }
            write(d, at, stored -> active, view::pipelines);
        }
        LOG.info("current alerts applied channel_id={} state={} alerts={} destinations_alerted={}",
                channelId, view.state(), set.size(), byDestination.size());
        return byDestination.size();
    }

    private void applyInputLoss(ChannelAlert alert) {
        if (coordination == null) {
            LOG.info("input-loss alert not kept (no channel store) channel_id={} alarm_state={}", alert.channelId(), alert.state());
            return;
        }
        if (alert.state() == ChannelAlert.AlarmState.SET) {
            coordination.recordInputSignalLost(alert.channelId(), seconds(alert.at()));
        } else {
            // Each pipeline, and RTMP's and video's alerts, clear on their own: the signal is back when none is left.
            boolean stillLost = channels.alerts(alert.channelId()).stream()
                    .anyMatch(a -> InputSignal.isInputLoss(a.alertType()) && !a.alertId().equals(alert.alertId()));
            if (stillLost) {
                LOG.info("input-loss alert cleared, another still set channel_id={} alert_type={}", alert.channelId(), alert.alertType());
                return;
            }
            coordination.clearInputSignalLost(alert.channelId());
        }
        LOG.info("input signal channel_id={} alarm_state={} alert_type={} pipeline={}", alert.channelId(), alert.state(),
                alert.alertType(), alert.pipeline());
    }

    /** The input signal as ListAlerts shows it now (a missed event repaired): lost since the oldest input-loss alert set. */
    private void reconcileInputSignal(String channelId, List<ChannelAlert> set) {
        if (coordination == null) {
            return;
        }
        Optional<Instant> lostSince = set.stream().filter(a -> InputSignal.isInputLoss(a.alertType()))
                .map(a -> seconds(a.at())).min(Comparator.naturalOrder());
        Optional<Instant> recorded = coordination.inputSignalLostAt(channelId);
        if (lostSince.isPresent() && recorded.isEmpty()) {
            coordination.recordInputSignalLost(channelId, lostSince.get());
        } else if (lostSince.isEmpty() && recorded.isPresent()) {
            coordination.clearInputSignalLost(channelId);
        }
    }

    /** Reads, computes and writes conditionally, again if another alert for the destination got in between. */
    private void write(Destination d, Instant at, Function<DestinationHealth, List<ActiveAlert>> change, IntSupplier pipelines) {
        for (int attempt = 1; ; attempt++) {
            DestinationHealth stored;
            try {
                stored = destinations.health(d.destinationId());
            } catch (NotFoundException deletedMeanwhile) {
                return;
            }
            if (stored.updatedAt() != null && at.isBefore(stored.updatedAt())) {
                LOG.debug("alert older than the destination's health, ignored destination_id={} alert_at={} health_at={}",
                        d.destinationId(), at, stored.updatedAt());
                return;
            }
            List<ActiveAlert> active = change.apply(stored);
            DestinationHealth next = healthOf(d, active, at, active.isEmpty() ? 1 : pipelines.getAsInt());
            if (next.equals(stored)) {
                return;
            }
            try {
                destinations.recordHealth(d.destinationId(), next, stored.updatedAt());
                return;
            } catch (NotFoundException deletedMeanwhile) {
                return;
            } catch (ConflictException anotherAlertWroteFirst) {
                if (attempt >= ATTEMPTS) {
                    throw anotherAlertWroteFirst;
                }
            }
        }
    }

    /** Failing when every pipeline has an alert, degraded when only some do; the message of the newest alert. */
    static DestinationHealth healthOf(Destination d, List<ActiveAlert> active, Instant at, int pipelines) {
        if (active.isEmpty()) {
            return new DestinationHealth(Health.OK, null, at, List.of());
        }
        Set<String> failingPipelines = new HashSet<>();
        active.forEach(a -> failingPipelines.add(a.pipeline()));
        ActiveAlert newest = active.stream().max(Comparator.comparing(ActiveAlert::setAt, Comparator.nullsFirst(Comparator.naturalOrder())))
                .orElseThrow();
        String message = AlertMessages.describe(d.platform(), newest.alertType());
        boolean allPipelines = failingPipelines.size() >= Math.max(1, pipelines);
        return allPipelines
                ? new DestinationHealth(Health.FAILING, message, at, active)
                : new DestinationHealth(Health.DEGRADED, AlertMessages.degraded(message), at, active);
    }

    /**
     * The destination whose output name the message contains as a whole word; the longest such name wins, so
     * {@code lunora-yt} never claims an alert about {@code lunora-yt2}.
     */
    static Optional<Destination> destinationNamedIn(String message, List<Destination> candidates) {
        if (message == null || message.isEmpty()) {
            return Optional.empty();
        }
        Destination best = null;
        for (Destination d : candidates) {
            String name = LunoraOutputs.outputName(d.destinationId());
            int from = 0;
            int i;
            while ((i = message.indexOf(name, from)) >= 0) {
                int end = i + name.length();
                boolean wordStart = i == 0 || !idChar(message.charAt(i - 1));
                boolean wordEnd = end == message.length() || !idChar(message.charAt(end));
                if (wordStart && wordEnd) {
                    if (best == null || d.destinationId().length() > best.destinationId().length()) {
                        best = d;
                    }
                    break;
                }
                from = i + 1;
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean idChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-';
    }

    private List<Destination> destinationsOf(String channelId) {
        return destinations.list().stream().filter(d -> channelId.equals(d.channelId())).toList();
    }

    /** Looked up once, and only if needed: a clear that leaves nothing set does not ask MediaLive. */
    private IntSupplier pipelinesOf(String channelId) {
        int[] cached = {0};
        return () -> {
            if (cached[0] == 0) {
                cached[0] = channels.describe(channelId).pipelines();
            }
            return cached[0];
        };
    }

    private static Instant seconds(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS);
    }
}
