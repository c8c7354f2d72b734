package dev.lunora.core.destination;

import dev.lunora.core.ports.PresetStore;
import dev.lunora.core.preset.Preset;
import java.util.List;
import java.util.Optional;

public final class InMemoryPresetStore implements PresetStore {

    private final List<Preset> presets;

    public InMemoryPresetStore(Preset... presets) {
        this.presets = List.of(presets);
    }

    public static Preset preset(String presetId, boolean isDefault) {
        return new Preset(presetId, presetId + " name", "youtube", "test preset", isDefault,
                new Preset.Video("H264", 1280, 720, 30, 3_000_000, "HIGH", "H264_LEVEL_AUTO", 60, "CBR"),
                new Preset.Audio("AAC", 128_000, 48_000, 2, "CODING_MODE_2_0"));
    }

    @Override
    public List<Preset> list() {
        return presets;
    }

    @Override
    public Optional<Preset> find(String presetId) {
        return presets.stream().filter(p -> p.presetId().equals(presetId)).findFirst();
    }
}
