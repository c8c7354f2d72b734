package dev.lunora.core.ports;

import dev.lunora.core.alert.ChannelAlert;
import dev.lunora.core.channel.ChannelSummary;
import dev.lunora.core.channel.ChannelView;
import dev.lunora.core.channel.ResolvedOutput;
import dev.lunora.core.preset.Preset;
import java.util.List;

/**
 * The MediaLive channel, as far as Lunora drives it.
 *
 * <p>Errors: {@link dev.lunora.core.exceptions.ChannelRejectedException} when MediaLive refuses a configuration
 * (not worth retrying), {@link dev.lunora.core.exceptions.ChannelBusyException} when the channel is in the wrong
 * state for the call (look again later), {@link dev.lunora.core.exceptions.ServiceUnavailableException} for
 * throttling and server errors that outlived the client's retries, and
 * {@link dev.lunora.core.exceptions.NotFoundException} for a channel that does not exist.
 */
public interface ChannelControl {

    ChannelView describe(String channelId);

    void start(String channelId);

    void stop(String channelId);

    /**
     * Makes Lunora's RTMP output group carry exactly {@code outputs}, leaving every other part of the channel
     * as it was. The channel must be idle.
     *
     * @param presets the encoding presets the outputs refer to
     */
    void applyOutputs(String channelId, List<ResolvedOutput> outputs, List<Preset> presets);

    /** The alerts MediaLive lists as SET on the channel now (ListAlerts), newest run only. */
    List<ChannelAlert> alerts(String channelId);

    /**
     * The latest thumbnail of pipeline 0 (DescribeThumbnails, type CURRENT_ACTIVE); empty when the channel does not run,
     * has thumbnails off, or has none yet.
     */
    default java.util.Optional<dev.lunora.core.channel.Thumbnail> thumbnail(String channelId) {
        return java.util.Optional.empty(); // adapters without pictures (test fakes): never a picture
    }

    /**
     * Every channel of the account (ListChannels, all pages), each with its attached inputs (DescribeInput), in the order
     * MediaLive lists them. Adapters that only drive one channel (test fakes) may not support it.
     */
    default List<ChannelSummary> listChannels() {
        throw new UnsupportedOperationException("this ChannelControl does not list channels");
    }
}
