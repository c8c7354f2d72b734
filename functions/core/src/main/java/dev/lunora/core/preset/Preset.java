package dev.lunora.core.preset;

/** An encoding profile a destination streams with (the seed's {@code lunora-presets} items). */
public record Preset(
        String presetId,
        String name,
        String platform,
        String description,
        boolean isDefault,
        Video video,
        Audio audio) {

    /** H.264 settings; {@code width}/{@code height} come from the seed's {@code "1280x720"} resolution string. */
    public record Video(String codec, int width, int height, int framerate, int bitrate, String profile,
                        String level, int gopSize, String rateControl) {

        public String resolution() {
            return width + "x" + height;
        }
    }

    public record Audio(String codec, int bitrate, int sampleRate, int channels, String codingMode) {
    }
}
