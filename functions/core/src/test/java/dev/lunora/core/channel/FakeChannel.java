package dev.lunora.core.channel;

import dev.lunora.core.alert.ChannelAlert;
import dev.lunora.core.exceptions.ChannelBusyException;
import dev.lunora.core.exceptions.ChannelRejectedException;
import dev.lunora.core.ports.ChannelControl;
import dev.lunora.core.preset.Preset;
import java.util.ArrayList;
import java.util.List;

/** A channel that obeys MediaLive's state rules instantly and remembers what it was told. */
final class FakeChannel implements ChannelControl {

    ChannelState state = ChannelState.IDLE;
    /** What DescribeThumbnails gives while the channel runs (null: none yet). */
    Thumbnail thumbnail;
    List<ChannelView.OutputOnChannel> outputs = new ArrayList<>();
    final List<String> calls = new ArrayList<>();
    /** The keys the last apply sent; tests only compare them. */
    final List<String> keysSent = new ArrayList<>();
    boolean rejectNextApply;
    /** What ListAlerts answers; tests put alerts here. */
    final List<ChannelAlert> alerts = new ArrayList<>();
    int pipelines = 1;
    /** What ListChannels answers; tests put channels here. */
    final List<ChannelSummary> account = new ArrayList<>();

    @Override
    public List<ChannelSummary> listChannels() {
        calls.add("list");
        return List.copyOf(account);
    }

    @Override
    public ChannelView describe(String channelId) {
        return new ChannelView(channelId, state, pipelines, outputs, true);
    }

    @Override
    public void start(String channelId) {
        calls.add("start");
        if (state != ChannelState.IDLE) {
            throw new ChannelBusyException("cannot start a " + state + " channel", null);
        }
        state = ChannelState.STARTING;
    }

    @Override
    public void stop(String channelId) {
        calls.add("stop");
        if (!state.isOn()) {
            throw new ChannelBusyException("cannot stop a " + state + " channel", null);
        }
        state = ChannelState.STOPPING;
    }

    @Override
    public void applyOutputs(String channelId, List<ResolvedOutput> resolved, List<Preset> presets) {
        calls.add("update");
        // As the local simulator: UpdateChannel is accepted on an idle channel and on one whose last update failed.
        if (state != ChannelState.IDLE && state != ChannelState.UPDATE_FAILED) {
            throw new ChannelBusyException("cannot update a " + state + " channel", null);
        }
        if (rejectNextApply) {
            rejectNextApply = false;
            throw new ChannelRejectedException("MediaLive rejected the change: outputs[0].url: unreachable", List.of("outputs[0].url: unreachable"));
        }
        keysSent.clear();
        outputs = new ArrayList<>();
        for (ResolvedOutput o : resolved) {
            outputs.add(new ChannelView.OutputOnChannel(o.spec().destinationId(), o.spec().url(), o.spec().presetId(),
                    dev.lunora.core.destination.TestFingerprints.FINGERPRINTS.of(o.spec().destinationId(), o.streamKey())));
            keysSent.add(o.streamKey());
        }
        // An accepted update makes MediaLive work on the channel for a moment, whatever state it was in.
        state = ChannelState.UPDATING;
    }

    /** Finishes whatever transition is under way, as MediaLive would after a while. */
    void settle() {
        state = switch (state) {
            case STARTING, RECOVERING -> ChannelState.RUNNING;
            case STOPPING, UPDATING -> ChannelState.IDLE;
            default -> state;
        };
    }

    @Override
    public List<ChannelAlert> alerts(String channelId) {
        calls.add("alerts");
        return List.copyOf(alerts);
    }

    @Override
    public java.util.Optional<Thumbnail> thumbnail(String channelId) {
        calls.add("thumbnail");
        return java.util.Optional.ofNullable(state == ChannelState.RUNNING ? thumbnail : null);
    }
}
