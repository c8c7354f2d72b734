package dev.lunora.aws.dynamodb;

import dev.lunora.core.exceptions.ServiceUnavailableException;
import dev.lunora.core.ports.PresetStore;
import dev.lunora.core.preset.Preset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/** {@code lunora-presets}, in the seed system's shape (nested {@code video} and {@code audio} maps). */
public final class DynamoDbPresetStore implements PresetStore {

    private static final String KEY = "preset_id";

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public DynamoDbPresetStore(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    /** Active presets, defaults first, then by name. */
    @Override
    public List<Preset> list() {
        List<Preset> out = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        try {
            do {
                ScanResponse page = dynamoDb.scan(ScanRequest.builder().tableName(tableName).exclusiveStartKey(startKey).build());
                page.items().stream().filter(item -> Items.bool(item, "is_active", true)).forEach(item -> out.add(fromItem(item)));
                startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (startKey != null);
        } catch (SdkException e) {
            throw new ServiceUnavailableException("Could not list presets in table " + tableName + ". Try again in a moment.", e);
        }
        out.sort(Comparator.comparing((Preset p) -> !p.isDefault()).thenComparing(Preset::name, Comparator.nullsLast(Comparator.naturalOrder())));
        return out;
    }

    @Override
    public Optional<Preset> find(String presetId) {
        try {
            Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(tableName).key(Map.of(KEY, Items.s(presetId)))).item();
            return item == null || item.isEmpty() || !Items.bool(item, "is_active", true) ? Optional.empty() : Optional.of(fromItem(item));
        } catch (SdkException e) {
            throw new ServiceUnavailableException("Could not read preset " + presetId + ". Try again in a moment.", e);
        }
    }

    /** Writes a preset (used to seed an empty store). */
    public void put(Preset preset) {
        Map<String, AttributeValue> video = new HashMap<>();
        video.put("codec", Items.s(preset.video().codec()));
        video.put("resolution", Items.s(preset.video().resolution()));
        video.put("framerate", Items.n(preset.video().framerate()));
        video.put("bitrate", Items.n(preset.video().bitrate()));
        video.put("profile", Items.s(preset.video().profile()));
        video.put("level", Items.s(preset.video().level()));
        video.put("gop_size", Items.n(preset.video().gopSize()));
        video.put("rate_control", Items.s(preset.video().rateControl()));
        Map<String, AttributeValue> audio = new HashMap<>();
        audio.put("codec", Items.s(preset.audio().codec()));
        audio.put("bitrate", Items.n(preset.audio().bitrate()));
        audio.put("sample_rate", Items.n(preset.audio().sampleRate()));
        audio.put("channels", Items.n(preset.audio().channels()));
        audio.put("coding_mode", Items.s(preset.audio().codingMode()));
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(KEY, Items.s(preset.presetId()));
        item.put("name", Items.s(preset.name()));
        item.put("platform", Items.s(preset.platform()));
        item.put("description", Items.s(preset.description()));
        item.put("is_default", Items.bool(preset.isDefault()));
        item.put("is_active", Items.bool(true));
        item.put("video", AttributeValue.fromM(video));
        item.put("audio", AttributeValue.fromM(audio));
        try {
            dynamoDb.putItem(r -> r.tableName(tableName).item(item));
        } catch (SdkException e) {
            throw new ServiceUnavailableException("Could not write preset " + preset.presetId() + ".", e);
        }
    }

    static Preset fromItem(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> v = Items.map(item, "video");
        Map<String, AttributeValue> a = Items.map(item, "audio");
        String resolution = Items.string(v, "resolution");
        int width = 1280;
        int height = 720;
        if (resolution != null && resolution.matches("\\d+x\\d+")) {
            String[] wh = resolution.split("x");
            width = Integer.parseInt(wh[0]);
            height = Integer.parseInt(wh[1]);
        }
        Preset.Video video = new Preset.Video(orDefault(Items.string(v, "codec"), "H264"), width, height,
                Items.integer(v, "framerate", 30), Items.integer(v, "bitrate", 3_000_000),
                orDefault(Items.string(v, "profile"), "HIGH"), orDefault(Items.string(v, "level"), "H264_LEVEL_AUTO"),
                Items.integer(v, "gop_size", 60), orDefault(Items.string(v, "rate_control"), "CBR"));
        Preset.Audio audio = new Preset.Audio(orDefault(Items.string(a, "codec"), "AAC"),
                Items.integer(a, "bitrate", 128_000), Items.integer(a, "sample_rate", 48_000),
                Items.integer(a, "channels", 2), orDefault(Items.string(a, "coding_mode"), "CODING_MODE_2_0"));
        return new Preset(Items.string(item, KEY), Items.string(item, "name"), Items.string(item, "platform"),
                Items.string(item, "description"), Items.bool(item, "is_default", false), video, audio);
    }

    private static String orDefault(String v, String fallback) {
        return v == null ? fallback : v;
    }
}
