package dev.lunora.aws.medialive;

import dev.lunora.core.channel.LunoraOutputs;
import dev.lunora.core.channel.OutputSpec;
import dev.lunora.core.channel.ResolvedOutput;
import dev.lunora.local.clock.LocalClock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.medialive.MediaLiveClient;
import software.amazon.awssdk.services.medialive.model.ConflictException;
import software.amazon.awssdk.services.medialive.model.DescribeChannelResponse;
import software.amazon.awssdk.services.medialive.model.MediaLiveException;
import software.amazon.awssdk.services.medialive.model.Output;
import software.amazon.awssdk.services.medialive.model.OutputDestination;
import software.amazon.awssdk.services.medialive.model.OutputGroup;

/**
 * The naive baseline (bench sources only, never shipped): what the seed's plan describes. Every click, on its own
 * thread, does DescribeChannel → StopChannel (when not idle) → wait IDLE → UpdateChannel → StartChannel → wait
 * RUNNING through the real SDK, with no lock and no batching. The update is built from the click's own
 * DescribeChannel, so concurrent clicks overwrite each other. A refused call (ConflictException) or any other
 * MediaLive error ends the click, as an unguarded script would; waits poll DescribeChannel every 5 simulated s.
 *
 * <p>It lives in Lunora's adapter package only to build the UpdateChannel request with the very code Lunora uses
 * ({@link ChannelConfiguration#withLunoraOutputs}), so the comparison measures orchestration, not encoding.
 */
public final class NaiveBaseline {

    public record Destination(String id, String url, String streamKey) {
    }

    private static final Duration POLL = Duration.ofSeconds(5);
    private static final Duration WAIT_LIMIT = Duration.ofMinutes(10);

    private final MediaLiveClient mediaLive;
    private final LocalClock clock;
    private final String channelId;
    public final AtomicInteger refused = new AtomicInteger();
    public final AtomicInteger failedClicks = new AtomicInteger();

    public NaiveBaseline(MediaLiveClient mediaLive, LocalClock clock, String channelId) {
        this.mediaLive = mediaLive;
        this.clock = clock;
        this.channelId = channelId;
    }

    /** One click, start or stop; returns when the click's own sequence ended (done, refused or failed). */
    public void click(Destination d, boolean start) {
        try {
            DescribeChannelResponse current = mediaLive.describeChannel(r -> r.channelId(channelId));
            Map<String, ResolvedOutput> outputs = outputsOn(current);
            String state = current.stateAsString();
            if (start && outputs.containsKey(d.id()) && "RUNNING".equals(state)) {
                return;
            }
            if (!start && !outputs.containsKey(d.id())) {
                return;
            }
            if (start) {
                outputs.put(d.id(), new ResolvedOutput(new OutputSpec(d.id(), d.url(), null, null), d.streamKey()));
            } else {
                outputs.remove(d.id());
            }
            if (!"IDLE".equals(state)) {
                mediaLive.stopChannel(r -> r.channelId(channelId));
                waitFor("IDLE");
            }
            mediaLive.updateChannel(ChannelConfiguration.withLunoraOutputs(current, List.copyOf(outputs.values()), Map.of()));
            waitFor("IDLE");
            if (!outputs.isEmpty()) {
                mediaLive.startChannel(r -> r.channelId(channelId));
                waitFor("RUNNING");
            }
        } catch (ConflictException e) {
            refused.incrementAndGet();
            failedClicks.incrementAndGet();
        } catch (MediaLiveException | IllegalStateException e) {
            failedClicks.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failedClicks.incrementAndGet();
        }
    }

    private void waitFor(String state) throws InterruptedException {
        Instant deadline = clock.now().plus(WAIT_LIMIT);
        while (!state.equals(mediaLive.describeChannel(r -> r.channelId(channelId)).stateAsString())) {
            if (clock.now().isAfter(deadline)) {
                throw new IllegalStateException("channel not " + state + " after " + WAIT_LIMIT);
            }
            clock.sleep(POLL);
        }
    }

    /** Lunora-named RTMP outputs on the channel by destination id, with the url and key MediaLive pushes. */
    public static Map<String, ResolvedOutput> outputsOn(DescribeChannelResponse c) {
        Map<String, OutputDestination> byRef = new LinkedHashMap<>();
        c.destinations().forEach(x -> byRef.put(x.id(), x));
        Map<String, ResolvedOutput> out = new LinkedHashMap<>();
        for (OutputGroup g : c.encoderSettings().outputGroups()) {
            if (!LunoraOutputs.GROUP_NAME.equals(g.name())) {
                continue;
            }
            for (Output o : g.outputs()) {
                String id = LunoraOutputs.destinationIdOf(o.outputName()).orElse(null);
                OutputDestination dest = byRef.get(o.outputSettings().rtmpOutputSettings().destination().destinationRefId());
                if (id == null || dest == null || dest.settings().isEmpty()) {
                    continue;
                }
                out.put(id, new ResolvedOutput(new OutputSpec(id, dest.settings().get(0).url(), null, null),
                        dest.settings().get(0).streamName()));
            }
        }
        return out;
    }
}
