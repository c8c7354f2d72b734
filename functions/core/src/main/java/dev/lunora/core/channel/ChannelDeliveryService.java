package dev.lunora.core.channel;

import dev.lunora.core.destination.Destination;
import dev.lunora.core.destination.DestinationRules;
import dev.lunora.core.exceptions.ConflictException;
import dev.lunora.core.ports.ChannelControl;
import dev.lunora.core.ports.ChannelCoordination;
import dev.lunora.core.ports.DestinationStore;
import dev.lunora.core.ports.RelayFleet;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and switches a channel's delivery mode (architecture §8). A switch changes which outputs the channel must
 * carry, so it is allowed only while nothing on the channel streams: the next Start then builds the channel for the
 * new mode from an idle state, and no live destination is ever cut over between the two.
 */
public final class ChannelDeliveryService {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelDeliveryService.class);
    /** Names listed in a refusal before "and N others": enough to recognise them, short enough to read. */
    private static final int NAMES_SHOWN = 3;

    private final DestinationStore destinations;
    private final ChannelControl channels;
    private final ChannelCoordination coordination;
    private final RelayFleet relays;
    private final Clock clock;

    public ChannelDeliveryService(DestinationStore destinations, ChannelControl channels, ChannelCoordination coordination,
                                  RelayFleet relays, Clock clock) {
        this.destinations = destinations;
        this.channels = channels;
        this.coordination = coordination;
        this.relays = relays;
        this.clock = clock;
    }

    public DeliveryMode mode(String channelId) {
        return coordination.deliveryMode(channelId);
    }

    /** Whether this stack deploys the relay, so a channel could switch to {@link DeliveryMode#RELAY}. */
    public boolean relayAvailable() {
        return relays.configured();
    }

    /** MediaLive's state, the reconcile in flight, the delivery mode and the input signal, for the page. */
    public ChannelOverview overview(String channelId) {
        return ChannelOverview.of(channels.describe(channelId), coordination.status(channelId).orElse(null),
                mode(channelId), relays.configured(), coordination.inputSignalLostAt(channelId).orElse(null), clock.instant());
    }

    /** The channel's latest program picture, or why there is none. */
    public sealed interface Picture {
        record Found(Thumbnail thumbnail) implements Picture {
        }

        record Missing(String reason) implements Picture {
        }
    }

    /**
     * The confidence picture: MediaLive's latest thumbnail while the channel runs. MediaLive makes thumbnails only for a
     * running channel with thumbnails on (user guide, "Retrieving thumbnails programmatically").
     */
    public Picture picture(String channelId) {
        ChannelView view = channels.describe(channelId);
        if (view.state() != ChannelState.RUNNING) {
            return new Picture.Missing("Channel " + channelId + " is " + view.state() + ": thumbnails exist only while it runs.");
        }
        return channels.thumbnail(channelId).<Picture>map(Picture.Found::new).orElseGet(() -> new Picture.Missing(view.thumbnails()
                ? "Channel " + channelId + " runs but MediaLive has no thumbnail yet; the first comes a few seconds after the start."
                : "Channel " + channelId + " runs with thumbnails off; Lunora turns them on the next time it applies the channel's outputs."));
    }

    /**
     * Makes {@code mode} the channel's delivery mode; asking for the current mode changes nothing and always succeeds.
     *
     * @throws ConflictException {@code channel_streaming} while a destination streams, the channel is on or moving, or a
     *                           reconcile runs; {@code relay_unavailable} when relay mode cannot serve this stack or channel
     */
    public void switchTo(String channelId, DeliveryMode mode) {
        Objects.requireNonNull(mode, "mode");
        DeliveryMode current = mode(channelId);
        if (current == mode) {
            return;
        }
        ChannelView channel = channels.describe(channelId);
        // Streaming first: it is the rule for every switch, and the one the producer can act on right now.
        refuseWhileStreaming(channel);
        if (mode == DeliveryMode.RELAY) {
            refuseUnservableRelay(channel);
        }
        coordination.setDeliveryMode(channelId, mode);
        LOG.atInfo().addKeyValue("channel_id", channelId).addKeyValue("from", current.id()).addKeyValue("to", mode.id())
                .log("delivery mode switched");
    }

    private void refuseUnservableRelay(ChannelView channel) {
        if (!relays.configured()) {
            throw new ConflictException(ConflictException.Reason.RELAY_UNAVAILABLE, "Relay mode is not deployed in this stack, so channel "
                    + channel.channelId() + " stays direct. Deploy the stack with the relay service (RELAY_SERVICE) to use it.");
        }
        if (channel.pipelines() > 1) {
            throw new ConflictException(ConflictException.Reason.RELAY_UNAVAILABLE, "Relay mode serves SINGLE_PIPELINE channels; channel "
                    + channel.channelId() + " is STANDARD, and its second pipeline would have nowhere to push. It stays direct.");
        }
    }

    private void refuseWhileStreaming(ChannelView channel) {
        String channelId = channel.channelId();
        List<String> live = destinations.list().stream()
                .filter(d -> channelId.equals(d.channelId()) && d.isLive())
                .map(ChannelDeliveryService::displayName)
                .toList();
        if (!live.isEmpty()) {
            throw new ConflictException(ConflictException.Reason.CHANNEL_STREAMING, "The delivery mode changes only while nothing streams: "
                    + names(live) + (live.size() == 1 ? " is" : " are") + " live or on the way. Stop "
                    + (live.size() == 1 ? "it" : "them") + " first, then switch.");
        }
        if (channel.state().isOn() || channel.state().isTransitional()) {
            throw new ConflictException(ConflictException.Reason.CHANNEL_STREAMING, "The delivery mode changes only while nothing streams: channel "
                    + channelId + " is " + channel.state() + ". Wait until it is IDLE, then switch.");
        }
        if (coordination.reconcileInFlight(channelId, clock.instant())) {
            // A run in flight planned for the old mode; switching under it would leave the channel half in each.
            throw new ConflictException(ConflictException.Reason.CHANNEL_STREAMING, "Channel " + channelId
                    + " is being changed right now. Wait until the change finishes, then switch.");
        }
    }

    private static String displayName(Destination d) {
        String name = d.name() == null || d.name().isBlank() ? d.destinationId() : d.name();
        return "'" + DestinationRules.printable(name) + "'";
    }

    private static String names(List<String> names) {
        if (names.size() == 1) {
            return names.get(0);
        }
        if (names.size() > NAMES_SHOWN + 1) {
            return String.join(", ", names.subList(0, NAMES_SHOWN)) + " and " + (names.size() - NAMES_SHOWN) + " others";
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }
}
