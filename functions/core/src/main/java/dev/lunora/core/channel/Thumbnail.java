package dev.lunora.core.channel;

import java.util.Objects;

/**
 * The latest program thumbnail of a running channel, as MediaLive's DescribeThumbnails gives it.
 *
 * @param jpeg    the picture, JPEG bytes
 * @param takenAt when MediaLive took it
 */
public record Thumbnail(byte[] jpeg, java.time.Instant takenAt) {

    public Thumbnail {
        Objects.requireNonNull(jpeg, "jpeg");
        Objects.requireNonNull(takenAt, "takenAt");
    }
}
