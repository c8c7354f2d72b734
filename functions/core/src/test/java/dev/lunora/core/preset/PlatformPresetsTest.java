package dev.lunora.core.preset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lunora.core.ports.PresetStore;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Issue 17 item 2: presets per platform, stored ones first, Lunora's for the platforms with none. */
class PlatformPresetsTest {

    private static final Preset STORED_YOUTUBE = new Preset("mine_yt", "My YouTube", "youtube", "", false,
            new Preset.Video("H264", 1280, 720, 30, 2_500_000, "MAIN", "H264_LEVEL_3_1", 60, "CBR"),
            new Preset.Audio("AAC", 96_000, 48_000, 2, "CODING_MODE_2_0"));

    private static PresetStore stored(Preset... presets) {
        return new PresetStore() {
            @Override
            public List<Preset> list() {
                return List.of(presets);
            }

            @Override
            public Optional<Preset> find(String presetId) {
                return list().stream().filter(p -> p.presetId().equals(presetId)).findFirst();
            }
        };
    }

    @Test
    void everyPlatformHasAPreset_aStoredOneWinsForItsPlatform() {
        PlatformPresets presets = new PlatformPresets(stored(STORED_YOUTUBE));
        assertThat(presets.list()).extracting(Preset::platform).contains("youtube", "twitch", "facebook", "x", "linkedin", "custom", "hls");
        assertThat(presets.list()).filteredOn(p -> p.platform().equals("youtube")).containsExactly(STORED_YOUTUBE);
    }

    @Test
    void builtInPresets_canBeFoundById_soDestinationsMayUseThem() {
        PlatformPresets presets = new PlatformPresets(stored());
        assertThat(presets.find("preset_twitch_1080p")).map(Preset::platform).contains("twitch");
        assertThat(presets.find("nope")).isEmpty();
    }
}
