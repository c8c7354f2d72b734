package dev.lunora.core.preset;

import dev.lunora.core.ports.PresetStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Presets per platform, as the seed system's page lists them ({@code preset.platform === platform}): a stored preset
 * for a platform wins; a platform with none gets Lunora's built-in one. The values are the platforms' usual published
 * recommendations for 1080p30 H.264 + AAC (YouTube up to 9 Mbps, Twitch and Facebook about 6 and 4 Mbps, 2-second
 * keyframes); a producer can store their own per platform.
 */
public final class PlatformPresets implements PresetStore {

    private static final Preset.Audio STEREO_AAC = new Preset.Audio("AAC", 128_000, 48_000, 2, "CODING_MODE_2_0");
    static final List<Preset> BUILT_IN = List.of(
            preset("youtube", "YouTube 1080p30", 1920, 1080, 6_000_000, "H264_LEVEL_4_1", "YouTube's recommended 1080p30 encode"),
            preset("twitch", "Twitch 1080p30", 1920, 1080, 6_000_000, "H264_LEVEL_4_1", "Twitch's 6 Mbps ceiling, 2 s keyframes"),
            preset("facebook", "Facebook 1080p30", 1920, 1080, 4_000_000, "H264_LEVEL_4_1", "Facebook Live's recommended 4 Mbps"),
            preset("x", "X 720p30", 1280, 720, 4_000_000, "H264_LEVEL_3_1", "720p for X (Twitter) Media Studio"),
            preset("linkedin", "LinkedIn 720p30", 1280, 720, 4_000_000, "H264_LEVEL_3_1", "720p for LinkedIn Live"),
            preset("custom", "Custom RTMP 720p30", 1280, 720, 3_000_000, "H264_LEVEL_3_1", "A safe default for any RTMP server"),
            preset("hls", "HLS 1080p30", 1920, 1080, 6_000_000, "H264_LEVEL_4_1", "The top rendition of the channel's HLS output"));

    private final PresetStore stored;

    public PlatformPresets(PresetStore stored) {
        this.stored = stored;
    }

    private static Preset preset(String platform, String name, int width, int height, int bitrate, String level, String description) {
        return new Preset("preset_" + platform + "_" + height + "p", name, platform, description, false,
                new Preset.Video("H264", width, height, 30, bitrate, "HIGH", level, 60, "CBR"), STEREO_AAC);
    }

    @Override
    public List<Preset> list() {
        List<Preset> all = new ArrayList<>(stored.list());
        Set<String> covered = all.stream().map(Preset::platform).collect(Collectors.toSet());
        Set<String> ids = all.stream().map(Preset::presetId).collect(Collectors.toSet());
        BUILT_IN.stream().filter(p -> !covered.contains(p.platform()) && !ids.contains(p.presetId())).forEach(all::add);
        return all;
    }

    @Override
    public Optional<Preset> find(String presetId) {
        return stored.find(presetId).or(() -> list().stream().filter(p -> p.presetId().equals(presetId)).findFirst());
    }
}
