package dev.lunora.local.medialive;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the simulated account lives and how long MediaLive's slow transitions take, in simulated time
 * ({@code --time-scale N} shortens them in real time through the clock, not here).
 *
 * <p>Defaults and why:
 * <ul>
 * <li>create 5 s: CreateChannel finishes in "a few seconds" (users who started right after creating got a
 *     400), and the SDK's ChannelCreated waiter gives up after 5 polls 3 s apart.</li>
 * <li>start 90 s: the user guide says most channels start in 3 minutes or less; small single-pipeline
 *     RTMP channels are typically running after one to two minutes. 90 s is also the figure the local-mode
 *     design uses ("a 90 s channel start takes 1.5 s at N = 60").</li>
 * <li>stop 30 s: no figure is documented; stops are much quicker than starts in practice and the SDK's
 *     ChannelStopped waiter allows 5 minutes. 30 s keeps callers honest about polling.</li>
 * <li>delete 5 s: deletion is quick; the ChannelDeleted waiter polls every 5 s.</li>
 * <li>no update duration: UpdateChannel leaves an IDLE channel IDLE; the user guide's channel states page shows
 *     Updating only while the channel class changes (UpdateChannelClass) [UG-STATES].</li>
 * <li>cleared alerts stay listed 5 minutes, as the MediaLive monitoring guide says.</li>
 * </ul>
 */
public record SimulatorOptions(
        String region,
        String account,
        Duration createDuration,
        Duration startDuration,
        Duration stopDuration,
        Duration deleteDuration,
        Duration clearedAlertRetention) {

    public SimulatorOptions {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(account, "account");
        for (Duration d : new Duration[] {createDuration, startDuration, stopDuration, deleteDuration,
                clearedAlertRetention}) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("durations must be zero or positive");
            }
        }
    }

    public static SimulatorOptions defaults() {
        return new SimulatorOptions("us-west-2", "000000000000", Duration.ofSeconds(5), Duration.ofSeconds(90),
                Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMinutes(5));
    }

    public SimulatorOptions withRegion(String value) {
        return new SimulatorOptions(value, account, createDuration, startDuration, stopDuration,
                deleteDuration, clearedAlertRetention);
    }

    public SimulatorOptions withAccount(String value) {
        return new SimulatorOptions(region, value, createDuration, startDuration, stopDuration,
                deleteDuration, clearedAlertRetention);
    }

    public SimulatorOptions withCreateDuration(Duration value) {
        return new SimulatorOptions(region, account, value, startDuration, stopDuration,
                deleteDuration, clearedAlertRetention);
    }

    public SimulatorOptions withStartDuration(Duration value) {
        return new SimulatorOptions(region, account, createDuration, value, stopDuration,
                deleteDuration, clearedAlertRetention);
    }

    public SimulatorOptions withStopDuration(Duration value) {
        return new SimulatorOptions(region, account, createDuration, startDuration, value,
                deleteDuration, clearedAlertRetention);
    }

    public SimulatorOptions withDeleteDuration(Duration value) {
        return new SimulatorOptions(region, account, createDuration, startDuration, stopDuration,
                value, clearedAlertRetention);
    }

    String channelArn(String channelId) {
        return "arn:aws:medialive:" + region + ":" + account + ":channel:" + channelId;
    }

    String inputArn(String inputId) {
        return "arn:aws:medialive:" + region + ":" + account + ":input:" + inputId;
    }
}
