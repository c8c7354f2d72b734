package dev.lunora.core.ports;

import dev.lunora.core.preset.Preset;
import java.util.List;
import java.util.Optional;

public interface PresetStore {

    List<Preset> list();

    Optional<Preset> find(String presetId);
}
