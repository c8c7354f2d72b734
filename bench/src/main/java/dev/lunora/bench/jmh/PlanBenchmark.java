package dev.lunora.bench.jmh;

import dev.lunora.core.channel.ChannelPlan;
import dev.lunora.core.channel.ChannelPlanner;
import dev.lunora.core.channel.ChannelState;
import dev.lunora.core.channel.ChannelView;
import dev.lunora.core.destination.DesiredState;
import dev.lunora.core.destination.Destination;
import dev.lunora.core.destination.Platform;
import dev.lunora.core.destination.StreamingStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The plan computation (what every PlanNextChange, RecordStreamingStatus and cost-guard run does) for a channel
 * with 50 destinations: 20 live and staying, 10 newly wanted, 10 live but stopped by the producer, 10 idle.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PlanBenchmark {

    static final String CHANNEL = "3714710";

    List<Destination> destinations;
    ChannelView channel;

    @Setup
    public void setUp() {
        destinations = fiftyDestinations();
        List<ChannelView.OutputOnChannel> outputs = new ArrayList<>();
        for (Destination d : destinations) {
            if (d.streamingStatus() == StreamingStatus.STREAMING) {
                outputs.add(new ChannelView.OutputOnChannel(d.destinationId(), d.rtmpUrl(), d.presetId()));
            }
        }
        channel = new ChannelView(CHANNEL, ChannelState.RUNNING, 1, outputs, true);
    }

    /** The mix the class comment describes, ordered as a table scan would return them (by id). */
    static List<Destination> fiftyDestinations() {
        List<Destination> out = new ArrayList<>();
        Platform[] platforms = {Platform.YOUTUBE, Platform.TWITCH, Platform.CUSTOM};
        Instant t0 = Instant.parse("2026-11-24T20:00:00Z");
        for (int i = 0; i < 50; i++) {
            Platform p = platforms[i % platforms.length];
            boolean live = i < 20 || (i >= 30 && i < 40);
            DesiredState desired = i < 30 ? DesiredState.STREAMING : DesiredState.STOPPED;
            out.add(Destination.builder(String.format("dest_%02d", i), p).name("Destination " + i).channelId(CHANNEL)
                    .rtmpUrl(p == Platform.CUSTOM ? "rtmp://live.example.com/app" + i : p.defaultIngestUrl().orElseThrow())
                    .streamKeyParam("/lunora/keys/dest_" + i).streamKeyHint("••••" + (1000 + i)).presetId("preset_generic_720p")
                    .desiredState(desired).streamingStatus(live ? StreamingStatus.STREAMING : StreamingStatus.READY)
                    .version(3).createdAt(t0.plusSeconds(i)).build());
        }
        return out;
    }

    @Benchmark
    public ChannelPlan planFiftyDestinations() {
        return ChannelPlanner.plan(destinations, channel);
    }
}
