package dev.lunora.core.channel;

import dev.lunora.core.destination.Destination;
import dev.lunora.core.destination.DestinationRules;
import dev.lunora.core.exceptions.ConflictException;
import dev.lunora.core.exceptions.NotFoundException;
import dev.lunora.core.exceptions.ValidationException;
import dev.lunora.core.ports.ChannelControl;
import dev.lunora.core.ports.ChannelCoordination;
import dev.lunora.core.ports.DestinationStore;
import dev.lunora.core.ports.SessionHistory;
import dev.lunora.core.ports.SessionLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account's channels and which of them Lunora manages (issue 18). The configured primary channel is managed
 * unless its item says {@code managed=false}; any other channel only once the operator turns it on. A managed
 * channel is one destinations may belong to, the cost guard watches, and the stack's IAM lets Lunora drive.
 */
public final class ChannelRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelRegistry.class);
    /** MediaLive channel ids are digits; a little wider so a test world's ids ("ch-1") pass, never anything a path could abuse. */
    private static final Pattern CHANNEL_ID = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");
    private static final int NAMES_SHOWN = 3;

    private final ChannelControl channels;
    private final ChannelCoordination coordination;
    private final DestinationStore destinations;
    private final ChannelDeliveryService delivery;
    private final SessionHistory sessions;
    private final String primaryChannelId;
    private final double hourlyRateUsd;
    private final Clock clock;
    /** The channels the stack's permissions cover; empty: any (local mode, tests). */
    private final java.util.Set<String> permitted;

    /** @param hourlyRateUsd the usage report's rate, so a channel's running cost agrees with the report */
    public ChannelRegistry(ChannelControl channels, ChannelCoordination coordination, DestinationStore destinations,
                           ChannelDeliveryService delivery, SessionHistory sessions, String primaryChannelId, double hourlyRateUsd,
                           Clock clock) {
        this(channels, coordination, destinations, delivery, sessions, primaryChannelId, hourlyRateUsd, clock, java.util.Set.of());
    }

    private ChannelRegistry(ChannelControl channels, ChannelCoordination coordination, DestinationStore destinations,
                            ChannelDeliveryService delivery, SessionHistory sessions, String primaryChannelId, double hourlyRateUsd,
                            Clock clock, java.util.Set<String> permitted) {
        this.permitted = java.util.Set.copyOf(permitted);
        this.channels = Objects.requireNonNull(channels, "channels");
        this.coordination = Objects.requireNonNull(coordination, "coordination");
        this.destinations = Objects.requireNonNull(destinations, "destinations");
        this.delivery = Objects.requireNonNull(delivery, "delivery");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.primaryChannelId = Objects.requireNonNull(primaryChannelId, "primaryChannelId");
        this.hourlyRateUsd = hourlyRateUsd;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * One channel for the page.
     *
     * @param overview       MediaLive's state, Lunora's outputs and the reconcile in flight (as {@code /api/channel} shows them)
     * @param runningSince   when the channel's current running session began; null while it does not run
     * @param runningCostUsd the estimated cost of that session so far
     */
    public record Channel(ChannelSummary summary, boolean primary, boolean managed, String displayName, ChannelOverview overview,
                          Instant runningSince, double hourlyRateUsd, double runningCostUsd) {
    }

    /** A PUT's members; null means "not given". {@code displayName} "" puts the MediaLive name back. */
    public record Update(Boolean managed, DeliveryMode delivery, String displayName) {
    }

    /**
     * The same registry, refusing to manage channels outside {@code channelIds} (the ones the stack's IAM names); empty
     * permits every channel.
     */
    public ChannelRegistry permitting(java.util.Set<String> channelIds) {
        return new ChannelRegistry(channels, coordination, destinations, delivery, sessions, primaryChannelId, hourlyRateUsd, clock, channelIds);
    }

    public String primaryChannelId() {
        return primaryChannelId;
    }

    /** Every channel of the account, primary first, then by id. */
    public List<Channel> list() {
        return channels.listChannels().stream()
                .sorted(Comparator.comparing((ChannelSummary s) -> !s.channelId().equals(primaryChannelId))
                        .thenComparing(ChannelSummary::channelId))
                .map(this::channel)
                .toList();
    }

    /** @throws NotFoundException when the account has no such channel */
    public Channel get(String channelId) {
        return channel(summary(channelId));
    }

    /** Flagged managed (the primary unless flagged otherwise) and covered by the stack's permissions, when those are known. */
    public boolean isManaged(String channelId) {
        if (!permitted.isEmpty() && !permitted.contains(channelId)) {
            return false; // flagged once, but a later deploy took the channel out of managedChannelIds: Lunora may not drive it
        }
        Boolean flag = coordination.settings(channelId).managed();
        return channelId.equals(primaryChannelId) ? !Boolean.FALSE.equals(flag) : Boolean.TRUE.equals(flag);
    }

    /** The managed channels, primary first: what the cost guard runs for. Reads only Lunora's table, never MediaLive. */
    public List<String> managedChannelIds() {
        Map<String, Boolean> flags = coordination.managedFlags();
        List<String> out = new ArrayList<>();
        if (!Boolean.FALSE.equals(flags.get(primaryChannelId))) {
            out.add(primaryChannelId);
        }
        flags.entrySet().stream().filter(e -> Boolean.TRUE.equals(e.getValue()) && !e.getKey().equals(primaryChannelId))
                .map(Map.Entry::getKey).sorted().forEach(out::add);
        return permitted.isEmpty() ? out : out.stream().filter(permitted::contains).toList();
    }

    /**
     * Applies what the PUT asks for, all checks first so a refused request changes nothing.
     *
     * @throws ConflictException {@code channel_streaming} when unmanaging a channel that has destinations wanting to stream,
     *                           is not IDLE or is being changed; the delivery switch's own refusals
     */
    public Channel update(String channelId, Update update) {
        ChannelSummary summary = summary(channelId);
        String displayName = update.displayName() == null ? null : displayName(update.displayName());
        boolean managedNow = isManaged(channelId);
        boolean managedAfter = update.managed() != null ? update.managed() : managedNow;
        if (!managedNow && managedAfter && !permitted.isEmpty() && !permitted.contains(channelId)) {
            throw new ConflictException(ConflictException.Reason.CHANNEL_NOT_PERMITTED, "This stack's permissions do not cover channel "
                    + channelId + ", so Lunora cannot manage it. Deploy with it in managedChannelIds (-c managedChannelIds="
                    + String.join(",", new java.util.TreeSet<>(permitted)) + "," + channelId + "), then manage it here.");
        }
        if (managedNow && !managedAfter) {
            refuseUnmanageWhileInUse(summary);
        }
        if (update.delivery() != null && !managedAfter && update.delivery() != coordination.deliveryMode(channelId)) {
            // Lunora may not even read an unmanaged channel (the stack's IAM covers the managed ones).
            throw new ValidationException("delivery", "Channel " + channelId + " is not managed by Lunora, so it has no delivery"
                    + " mode to choose. Send \"managed\": true with it.");
        }
        if (update.delivery() == DeliveryMode.RELAY && !channelId.equals(primaryChannelId)
                && coordination.deliveryMode(channelId) != DeliveryMode.RELAY) {
            // The stack's one relay service pushes the primary channel's program (RelayMain serves MEDIALIVE_CHANNEL_ID).
            throw new ConflictException(ConflictException.Reason.RELAY_UNAVAILABLE, "The relay serves the primary channel "
                    + primaryChannelId + " only, so channel " + channelId + " stays direct.");
        }
        if (update.delivery() != null) {
            delivery.switchTo(channelId, update.delivery());
        }
        if (managedAfter != managedNow) {
            coordination.setManaged(channelId, update.managed());
            LOG.atInfo().addKeyValue("channel_id", channelId).addKeyValue("managed", update.managed()).log("channel management changed");
        }
        if (displayName != null) {
            coordination.setDisplayName(channelId, displayName.isEmpty() ? null : displayName);
        }
        return channel(summary);
    }

    private void refuseUnmanageWhileInUse(ChannelSummary summary) {
        String channelId = summary.channelId();
        List<String> wanting = destinations.list().stream()
                .filter(d -> channelId.equals(d.channelId()) && d.isLive())
                .map(ChannelRegistry::quotedName)
                .toList();
        if (!wanting.isEmpty()) {
            throw new ConflictException(ConflictException.Reason.CHANNEL_STREAMING, "Channel " + channelId
                    + " stays managed while its destinations stream or want to: " + names(wanting) + ". Stop "
                    + (wanting.size() == 1 ? "it" : "them") + " first.");
        }
        ChannelState state = summary.state();
        if (state != ChannelState.IDLE) {
            throw new ConflictException(ConflictException.Reason.CHANNEL_STREAMING, "Channel " + channelId + " is " + state
                    + "; Lunora stops managing a channel only while it is IDLE. Wait until it is, then try again.");
        }
        if (coordination.reconcileInFlight(channelId, clock.instant())) {
            throw new ConflictException(ConflictException.Reason.CHANNEL_STREAMING, "Channel " + channelId
                    + " is being changed right now. Wait until the change finishes, then try again.");
        }
    }

    private ChannelSummary summary(String channelId) {
        if (channelId == null || !CHANNEL_ID.matcher(channelId).matches()) {
            throw new NotFoundException("No channel '" + DestinationRules.printable(String.valueOf(channelId)) + "' in this account.");
        }
        return channels.listChannels().stream().filter(s -> s.channelId().equals(channelId)).findFirst()
                .orElseThrow(() -> new NotFoundException("No channel " + channelId + " in this account. GET /api/channels lists them."));
    }

    private Channel channel(ChannelSummary s) {
        String id = s.channelId();
        ChannelCoordination.ChannelSettings settings = coordination.settings(id);
        boolean managed = isManaged(id);
        // An unmanaged channel is not described: the stack's IAM lets Lunora read only the channels it manages.
        ChannelOverview overview = managed ? overviewOrSummary(s) : fromSummary(s);
        Instant now = clock.instant();
        Instant since = overview.state().isOn() ? sessions.openSince(SessionLog.channelSubject(id)).orElse(null) : null;
        double cost = since == null ? 0.0 : Math.max(0, Duration.between(since, now).toMillis()) / 3_600_000.0 * hourlyRateUsd;
        String name = settings.displayName() != null ? settings.displayName() : s.name();
        return new Channel(s, id.equals(primaryChannelId), managed, name, overview, since, hourlyRateUsd, cost);
    }

    /** A managed channel MediaLive does not describe now still lists, with ListChannels' state: one channel must not blank the page. */
    private ChannelOverview overviewOrSummary(ChannelSummary s) {
        try {
            return delivery.overview(s.channelId());
        } catch (dev.lunora.core.exceptions.ServiceUnavailableException | NotFoundException e) {
            LOG.atWarn().addKeyValue("channel_id", s.channelId()).log("channel listed without its overview: {}", e.getMessage());
            return fromSummary(s);
        }
    }

    private ChannelOverview fromSummary(ChannelSummary s) {
        return new ChannelOverview(s.channelId(), s.state(), 0, null, false, null, null, null, coordination.deliveryMode(s.channelId()),
                delivery.relayAvailable());
    }

    private static String displayName(String raw) {
        if (raw.isBlank()) {
            return "";
        }
        try {
            return DestinationRules.name(raw);
        } catch (ValidationException e) {
            throw new ValidationException("display_name", e.getMessage().replace("Name", "The display name"));
        }
    }

    private static String quotedName(Destination d) {
        String name = d.name() == null || d.name().isBlank() ? d.destinationId() : d.name();
        return "'" + DestinationRules.printable(name) + "'";
    }

    private static String names(List<String> names) {
        if (names.size() <= NAMES_SHOWN) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, NAMES_SHOWN)) + " and " + (names.size() - NAMES_SHOWN) + " others";
    }
}
