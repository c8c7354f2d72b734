package dev.lunora.core.ports;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The per-channel item that serialises reconciles: a request generation bumped by every click, a lease lock
 * held by one execution at a time, and the step in flight for the page.
 */
public interface ChannelCoordination {

    /**
     * Increments the channel's request generation; the first call on a new item also draws the item's
     * incarnation, which stays with the item from then on.
     */
    RequestGeneration bumpGeneration(String channelId);

    long generation(String channelId);

    /**
     * Takes the lock for {@code owner} if it is free, expired, or already {@code owner}'s; extends the lease.
     *
     * @return false if another live owner holds it
     */
    boolean tryAcquire(String channelId, String owner, Instant now, Duration lease);

    /** Releases the lock if {@code owner} holds it; otherwise does nothing. */
    void release(String channelId, String owner);

    /**
     * Compare-and-release: releases {@code owner}'s lock only if the generation is still {@code seenGeneration}, in one
     * atomic write. A run that found the lock held ended at once and left its click to the holder; this is how the
     * holder cannot release past it.
     *
     * @return false if {@code owner} still holds the lock because a newer generation arrived (plan again); true if
     *         released, or if the lock was no longer {@code owner}'s (taken over after expiry: the new owner plans)
     */
    boolean releaseUnlessNewerRequests(String channelId, String owner, long seenGeneration);

    /** Records what the workflow is doing, for the page ("Stopping channel to add YouTube…"). */
    void recordProgress(String channelId, Progress progress);

    Optional<Status> status(String channelId);

    /** A run holds the channel's lock and its lease has not run out; a dead run's expired lease counts as free. */
    default boolean reconcileInFlight(String channelId, Instant now) {
        return status(channelId).map(s -> s.lockOwner() != null && (s.lockExpires() == null || s.lockExpires().isAfter(now)))
                .orElse(false);
    }

    /**
     * A request's generation and the incarnation of the item that counted it. Generations restart when the item
     * is recreated (a new table); the incarnation then differs, so (incarnation, generation) never repeats.
     */
    /** How the channel delivers its program; {@link dev.lunora.core.channel.DeliveryMode#DIRECT} when none was set. */
    dev.lunora.core.channel.DeliveryMode deliveryMode(String channelId);

    /** Records the channel's delivery mode (the use case checks that nothing streams first). */
    void setDeliveryMode(String channelId, dev.lunora.core.channel.DeliveryMode mode);

    /**
     * Takes the lock from {@code deadOwner}, a holder whose execution no longer runs, if it still holds it.
     *
     * @return false when someone else holds it now, or the store cannot take over (then the lease bounds the wait)
     */
    default boolean takeOver(String channelId, String deadOwner, String owner, Instant now, Duration lease) {
        return false;
    }

    /**
     * Records that the channel's input is lost since {@code at} (an input-loss alert); an earlier record is kept, so
     * "since" stays the first loss. Stores that keep no input signal refuse.
     */
    default void recordInputSignalLost(String channelId, Instant at) {
        throw new UnsupportedOperationException("this channel store keeps no input signal");
    }

    /** The channel's input is back (its input-loss alerts cleared, or it stopped): forgets the loss. */
    default void clearInputSignalLost(String channelId) {
        throw new UnsupportedOperationException("this channel store keeps no input signal");
    }

    /** Since when the channel's input is lost, if an input-loss alert is recorded on it ({@code input_signal_lost_at}). */
    default Optional<Instant> inputSignalLostAt(String channelId) {
        return Optional.empty();
    }

    /**
     * The operator's settings on the channel's item (issue 18): {@code managed} and {@code display_name}; each null when
     * never set. Stores that predate them answer "never set".
     */
    default ChannelSettings settings(String channelId) {
        return new ChannelSettings(null, null);
    }

    /** Records whether Lunora manages the channel (the use case checks that nothing streams first). */
    default void setManaged(String channelId, boolean managed) {
        throw new UnsupportedOperationException("this store keeps no channel settings");
    }

    /** Records the channel's display name; null removes it, so the channel shows its MediaLive name again. */
    default void setDisplayName(String channelId, String displayName) {
        throw new UnsupportedOperationException("this store keeps no channel settings");
    }

    /** Every channel whose item holds a {@code managed} flag, with it: how the cost guard finds the managed channels. */
    default Map<String, Boolean> managedFlags() {
        return Map.of();
    }

    /** @param managed null when never set; @param displayName null when never set */
    record ChannelSettings(Boolean managed, String displayName) {
    }

    record RequestGeneration(long generation, String incarnation) {
    }

    /** @param step a NextStep wire name or "failed"/"idle"; {@code detail} is for people */
    record Progress(String execution, String step, String detail, Instant at) {
    }

    record Status(String channelId, long generation, String lockOwner, Instant lockExpires, Progress progress) {
    }
}
