package dev.lunora.core.destination;

import dev.lunora.core.exceptions.NotFoundException;
import dev.lunora.core.exceptions.TooManyRequestsException;
import dev.lunora.core.ports.ChannelControl;
import dev.lunora.core.ports.ConnectionProbe;
import dev.lunora.core.ports.DestinationStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The destination "Test": can the platform be reached, and does it accept the application? An RTMP destination is
 * probed (handshake and connect, never a publish, so its key is sent nowhere); an HLS destination has no server of its
 * own, so its test says whether the channel carries the output group that serves it. One test per destination every
 * {@link #MIN_INTERVAL}: each one opens a connection to somebody else's server.
 */
public final class ConnectionTestService {

    static final Duration MIN_INTERVAL = Duration.ofSeconds(10);

    private final DestinationStore destinations;
    private final ConnectionProbe probe;
    private final ChannelControl channels;
    private final String defaultChannelId;
    private final Clock clock;
    private final Map<String, Instant> lastTest = new ConcurrentHashMap<>();
    private final AddressPolicy addresses;

    public ConnectionTestService(DestinationStore destinations, ConnectionProbe probe, ChannelControl channels, String defaultChannelId,
                                 Clock clock) {
        this(destinations, probe, channels, defaultChannelId, clock, null);
    }

    /** @param addresses checked again at test time (a name may resolve elsewhere now); null: no check */
    public ConnectionTestService(DestinationStore destinations, ConnectionProbe probe, ChannelControl channels, String defaultChannelId,
                                 Clock clock, AddressPolicy addresses) {
        this.addresses = addresses;
        this.destinations = destinations;
        this.probe = probe;
        this.channels = channels;
        this.defaultChannelId = defaultChannelId;
        this.clock = clock;
    }

    public ConnectionProbe.Result test(String destinationId) {
        Destination d = destinations.find(destinationId).orElseThrow(() -> NotFoundException.destination(destinationId));
        Instant now = clock.instant();
        Instant previous = lastTest.get(destinationId);
        if (previous != null && previous.plus(MIN_INTERVAL).isAfter(now)) {
            long wait = Math.max(1, Duration.between(now, previous.plus(MIN_INTERVAL)).toSeconds());
            throw new TooManyRequestsException("'" + d.name() + "' was tested a moment ago. Try again in " + wait + " s.", wait);
        }
        lastTest.put(destinationId, now);
        if (!d.platform().pushesRtmp()) {
            String channelId = d.channelId() != null ? d.channelId() : defaultChannelId;
            boolean served = channels.describe(channelId).hasOtherOutputs();
            return served ? new ConnectionProbe.Result("reachable", null, "Channel " + channelId + " has the output group that serves HLS.")
                    : new ConnectionProbe.Result("not_configured", null, "Channel " + channelId + " has no HLS or MediaPackage output group,"
                            + " so this destination would play nothing. Add one to the channel in the MediaLive console.");
        }
        if (addresses != null) {
            var problem = addresses.problem(d.rtmpUrl());
            if (problem.isPresent()) {
                return new ConnectionProbe.Result("refused", null, "Not tested: the URL " + problem.get());
            }
        }
        return probe.probe(d.rtmpUrl());
    }
}
