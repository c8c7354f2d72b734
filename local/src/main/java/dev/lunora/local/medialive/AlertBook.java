package dev.lunora.local.medialive;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The alerts of every channel. MediaLive ids are a hash of a per-channel counter that restarts with the
 * channel, so ids are only unique within one channel run; cleared alerts stay listed for a retention period.
 * Not thread-safe: the channel store guards it.
 */
final class AlertBook {

    private static final class ChannelAlerts {
        final List<ChannelAlertRecord> alerts = new ArrayList<>();
        long counter;
    }

    private final Map<String, ChannelAlerts> byChannel = new HashMap<>();
    private final Duration clearedRetention;

    AlertBook(Duration clearedRetention) {
        this.clearedRetention = clearedRetention;
    }

    /** Raises the alert unless the same condition is already set; returns it only when newly raised. */
    Optional<ChannelAlertRecord> set(String channelId, String key, String alertType, String message,
            String pipelineId, Instant now) {
        ChannelAlerts alerts = byChannel.computeIfAbsent(channelId, id -> new ChannelAlerts());
        for (ChannelAlertRecord a : alerts.alerts) {
            if (a.key().equals(key) && a.state().equals(ChannelAlertRecord.SET)) {
                return Optional.empty();
            }
        }
        String id = alertId(channelId, ++alerts.counter);
        ChannelAlertRecord alert = new ChannelAlertRecord(id, key, alertType, message, pipelineId,
                ChannelAlertRecord.SET, now, null);
        alerts.alerts.add(alert);
        return Optional.of(alert);
    }

    /** Clears the set alerts whose key is not in {@code keep}; returns the cleared ones. */
    List<ChannelAlertRecord> clearExcept(String channelId, java.util.Set<String> keep, String keyPrefix,
            Instant now) {
        List<ChannelAlertRecord> cleared = new ArrayList<>();
        ChannelAlerts alerts = byChannel.get(channelId);
        if (alerts == null) {
            return cleared;
        }
        for (int i = 0; i < alerts.alerts.size(); i++) {
            ChannelAlertRecord a = alerts.alerts.get(i);
            if (a.state().equals(ChannelAlertRecord.SET) && a.key().startsWith(keyPrefix) && !keep.contains(a.key())) {
                ChannelAlertRecord c = a.cleared(now);
                alerts.alerts.set(i, c);
                cleared.add(c);
            }
        }
        return cleared;
    }

    List<ChannelAlertRecord> clearAll(String channelId, Instant now) {
        return clearExcept(channelId, java.util.Set.of(), "", now);
    }

    /** A new channel run: earlier alerts go and the id series restarts, as MediaLive's does. */
    void restart(String channelId) {
        byChannel.remove(channelId);
    }

    List<ChannelAlertRecord> list(String channelId, Instant now) {
        ChannelAlerts alerts = byChannel.get(channelId);
        if (alerts == null) {
            return List.of();
        }
        alerts.alerts.removeIf(a -> a.clearedTimestamp() != null
                && !a.clearedTimestamp().plus(clearedRetention).isAfter(now));
        return List.copyOf(alerts.alerts);
    }

    private static String alertId(String channelId, long counter) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((channelId + ":" + counter).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM ships SHA-1", e);
        }
    }
}
