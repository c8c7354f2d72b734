package dev.lunora.local;

import dev.lunora.aws.dynamodb.DynamoDbDestinationStore;
import dev.lunora.aws.dynamodb.DynamoDbPresetStore;
import dev.lunora.core.destination.Destination;
import dev.lunora.core.destination.Platform;
import dev.lunora.core.preset.Preset;
import java.time.Instant;
import java.util.List;

/** What an empty local store starts with: the seed system's three example destinations and its generic presets. */
final class LocalSeed {

    static final String DEFAULT_PRESET = "preset_generic_720p";

    private LocalSeed() {
    }

    static void seedIfEmpty(DynamoDbDestinationStore destinations, DynamoDbPresetStore presets, String channelId, Instant now) {
        if (presets.list().isEmpty()) {
            presets.put(new Preset(DEFAULT_PRESET, "720p Standard", "generic", "Standard 720p quality for most platforms", true,
                    new Preset.Video("H264", 1280, 720, 30, 3_000_000, "HIGH", "H264_LEVEL_3_1", 60, "CBR"),
                    new Preset.Audio("AAC", 128_000, 48_000, 2, "CODING_MODE_2_0")));
            presets.put(new Preset("preset_generic_1080p", "1080p High Quality", "generic",
                    "High quality 1080p for platforms supporting higher bitrates", false,
                    new Preset.Video("H264", 1920, 1080, 30, 6_000_000, "HIGH", "H264_LEVEL_4_1", 60, "CBR"),
                    new Preset.Audio("AAC", 128_000, 48_000, 2, "CODING_MODE_2_0")));
        }
        if (!destinations.list().isEmpty()) {
            return;
        }
        List<Destination> examples = List.of(
                example("dest_youtube_test", "Test YouTube Channel", Platform.YOUTUBE, Platform.YOUTUBE.defaultIngestUrl().orElseThrow(), channelId, now),
                example("dest_restream", "Restream RTMP", Platform.CUSTOM, "rtmp://live.restream.io/live", channelId, now.plusMillis(1)),
                example("dest_hls", "HLS", Platform.HLS, null, channelId, now.plusMillis(2)));
        examples.forEach(destinations::create);
    }

    private static Destination example(String id, String name, Platform platform, String url, String channelId, Instant at) {
        return Destination.builder(id, platform).name(name).rtmpUrl(url).presetId(DEFAULT_PRESET)
                .channelId(channelId).version(1).createdAt(at).updatedAt(at).build();
    }
}
