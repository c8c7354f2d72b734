package dev.lunora.local.medialive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lunora.aws.medialive.MediaLiveChannelControl;
import dev.lunora.core.channel.ChannelView;
import dev.lunora.core.channel.OutputSpec;
import dev.lunora.core.channel.ResolvedOutput;
import dev.lunora.core.exceptions.ChannelRejectedException;
import dev.lunora.core.preset.Preset;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, items 1–3: what Lunora's adapter sends back on UpdateChannel keeps everything of a richly configured
 * channel but Lunora's own outputs. The channel is modelled on the HLS ladder AWS publishes with its
 * live-streaming-on-aws solution (encoding profile "TN2224": eight renditions, an audio description per rendition,
 * SCTE-35 avails), plus captions, a second input attachment, logical interfaces on a destination, a maintenance
 * window, an engine version and the members AWS's current model has that SDK 2.40.2 does not. It is created with
 * raw JSON, since the SDK could not send those members, and compared as raw JSON, since the SDK would drop them.
 */
class ChannelFidelityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Preset P720 = AdapterFixture.P720;
    private static final String KEY_A = "key-aaaa-bbbb-1111";
    private static final String KEY_B = "key-cccc-dddd-2222";

    private AdapterFixture fixture;
    private MediaLiveChannelControl control;

    @BeforeEach
    void start() throws Exception {
        fixture = new AdapterFixture();
        control = fixture.control;
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void startStopCycle_richSinglePipelineChannel_describeIdenticalButLunorasOutputs() throws Exception {
        assertCycleKeepsTheChannel(create(richChannel("SINGLE_PIPELINE")), false);
    }

    @Test
    void startStopCycle_richStandardChannel_describeIdenticalButLunorasOutputs() throws Exception {
        assertCycleKeepsTheChannel(create(richChannel("STANDARD")), true);
    }

    /** MediaLive user guide, "RTMP output: destinations": one URL per pipeline; pipeline 1 gets the backup ingest. */
    @Test
    void applyOutputs_standardChannel_pipelineOnePushesTheBackupIngest() throws Exception {
        String id = create(richChannel("STANDARD"));
        control.applyOutputs(id, List.of(withBackup("yt", "rtmp://a.rtmp.youtube.com/live2", KEY_A,
                "rtmp://b.rtmp.youtube.com/live2?backup=1", KEY_A)), List.of(P720));
        settle();

        JsonNode yt = destination(describeRaw(id), "lunora-yt");
        assertThat(yt.path("settings")).hasSize(2);
        assertThat(yt.path("settings").get(0).path("url").asText()).isEqualTo("rtmp://a.rtmp.youtube.com/live2");
        assertThat(yt.path("settings").get(1).path("url").asText()).isEqualTo("rtmp://b.rtmp.youtube.com/live2?backup=1");
        ChannelView view = control.describe(id);
        assertThat(view.lunoraOutputs()).singleElement().satisfies(o -> {
            assertThat(o.backupUrl()).isEqualTo("rtmp://b.rtmp.youtube.com/live2?backup=1");
            assertThat(o.backupKeyFingerprint()).isEqualTo(o.keyFingerprint());
        });
    }

    /** AWS's model requires audioSelectorName on AudioDescription; it names a selector of the input attachment. */
    @Test
    void applyOutputs_channelWithoutAudioDescriptions_takesTheSelectorFromTheInputAttachment() throws Exception {
        ObjectNode channel = richChannel("SINGLE_PIPELINE");
        ((ObjectNode) channel.path("encoderSettings")).putArray("audioDescriptions");
        for (JsonNode output : channel.path("encoderSettings").path("outputGroups").get(0).path("outputs")) {
            ((ObjectNode) output).putArray("audioDescriptionNames");
        }
        String id = create(channel);

        control.applyOutputs(id, List.of(output("yt", "rtmp://a.rtmp.youtube.com/live2", KEY_A)), List.of(P720));

        JsonNode audio = describeRaw(id).path("encoderSettings").path("audioDescriptions");
        assertThat(audio).singleElement().satisfies(a -> {
            assertThat(a.path("name").asText()).isEqualTo("lunora-audio-p720");
            assertThat(a.path("audioSelectorName").asText()).isEqualTo("program-audio");
        });
    }

    @Test
    void applyOutputs_inputWithoutAudioSelector_refusedWithAReasonAProducerCanAct_on() throws Exception {
        ObjectNode channel = richChannel("SINGLE_PIPELINE");
        for (JsonNode attachment : channel.path("inputAttachments")) {
            ((ObjectNode) attachment.path("inputSettings")).remove("audioSelectors");
        }
        ((ObjectNode) channel.path("encoderSettings")).putArray("audioDescriptions");
        for (JsonNode output : channel.path("encoderSettings").path("outputGroups").get(0).path("outputs")) {
            ((ObjectNode) output).putArray("audioDescriptionNames");
        }
        String id = create(channel);

        assertThatThrownBy(() -> control.applyOutputs(id, List.of(output("yt", "rtmp://a.rtmp.youtube.com/live2", KEY_A)),
                List.of(P720)))
                .isInstanceOf(ChannelRejectedException.class)
                .hasMessageContaining("no audio selector")
                .hasMessageContaining("Audio selectors");
    }

    private void assertCycleKeepsTheChannel(String id, boolean standard) throws Exception {
        JsonNode before = describeRaw(id);
        assertThat(before.fieldNames()).toIterable().as("the channel carries members SDK 2.40.2 cannot model")
                .contains("linkedChannelSettings", "channelSecurityGroups", "inferenceSettings", "maintenance", "channelEngineVersion");
        assertThat(destination(before, "hls-origin").fieldNames()).toIterable().contains("logicalInterfaceNames");
        assertThat(destination(before, "router-out").fieldNames()).toIterable().contains("mediaConnectRouterSettings");
        List<ResolvedOutput> outputs = standard
                ? List.of(withBackup("yt", "rtmp://a.rtmp.youtube.com/live2", KEY_A, "rtmp://b.rtmp.youtube.com/live2?backup=1", KEY_A),
                        withBackup("tw", "rtmp://live.twitch.tv/app", KEY_B, "rtmp://live.twitch.tv/app", "key-backup-3333-eeee"))
                : List.of(output("yt", "rtmp://a.rtmp.youtube.com/live2", KEY_A), output("tw", "rtmp://live.twitch.tv/app", KEY_B));

        control.applyOutputs(id, outputs, List.of(P720));
        settle();
        JsonNode withLunora = describeRaw(id);
        assertThat(withoutLunora(withLunora)).isEqualTo(withoutLunora(before));
        assertThat(withLunora.path("encoderSettings").path("outputGroups").toString()).contains("lunora-rtmp");
        assertThat(withLunora.path("encoderSettings").path("thumbnailConfiguration").path("state").asText()).isEqualTo("AUTO");

        control.start(id);
        settle();
        control.stop(id);
        settle();
        control.applyOutputs(id, List.of(), List.of());
        settle();

        // Everything as before, but thumbnails stay on: Lunora enables them on the channels it manages.
        ObjectNode expected = before.deepCopy();
        ((ObjectNode) expected.path("encoderSettings")).putObject("thumbnailConfiguration").put("state", "AUTO");
        assertThat(describeRaw(id)).isEqualTo(expected);
    }

    private static ResolvedOutput output(String destinationId, String url, String key) {
        return new ResolvedOutput(new OutputSpec(destinationId, url, "/keys/" + destinationId, "p720"), key);
    }

    private static ResolvedOutput withBackup(String destinationId, String url, String key, String backupUrl, String backupKey) {
        OutputSpec spec = new OutputSpec(destinationId, url, "/keys/" + destinationId, "p720", null,
                new OutputSpec.Backup(backupUrl, null, null));
        return new ResolvedOutput(spec, key, backupKey);
    }

    private void settle() {
        fixture.settle();
    }

    private String create(ObjectNode channel) throws IOException, InterruptedException {
        return fixture.create(channel);
    }

    private JsonNode describeRaw(String id) throws IOException, InterruptedException {
        return fixture.describeRaw(id);
    }

    private static JsonNode destination(JsonNode channel, String id) {
        for (JsonNode d : channel.path("destinations")) {
            if (d.path("id").asText().equals(id)) {
                return d;
            }
        }
        throw new AssertionError("no destination " + id);
    }

    /** The channel minus everything Lunora adds: its group, its destinations, its encodes. */
    private static JsonNode withoutLunora(JsonNode channel) {
        ObjectNode copy = channel.deepCopy();
        removeNamed((ArrayNode) copy.path("destinations"), "id");
        ObjectNode encoder = (ObjectNode) copy.path("encoderSettings");
        removeNamed((ArrayNode) encoder.path("outputGroups"), "name");
        removeNamed((ArrayNode) encoder.path("videoDescriptions"), "name");
        removeNamed((ArrayNode) encoder.path("audioDescriptions"), "name");
        // Lunora turns thumbnails on in the same update (the confidence picture), so they are Lunora's too.
        encoder.remove("thumbnailConfiguration");
        return copy;
    }

    private static void removeNamed(ArrayNode items, String field) {
        for (Iterator<JsonNode> it = items.iterator(); it.hasNext(); ) {
            if (it.next().path(field).asText().startsWith("lunora-")) {
                it.remove();
            }
        }
    }

    /** A channel as an AWS-published live workflow configures it, with every kind of member Lunora must carry. */
    static ObjectNode richChannel(String channelClass) {
        int pipelines = channelClass.equals("STANDARD") ? 2 : 1;
        ObjectNode c = JSON.createObjectNode();
        c.put("name", "rich-" + channelClass.toLowerCase());
        c.put("channelClass", channelClass);
        c.put("roleArn", "arn:aws:iam::111122223333:role/MediaLiveAccessRole");
        c.put("logLevel", "WARNING");
        c.putObject("inputSpecification").put("codec", "AVC").put("maximumBitrate", "MAX_20_MBPS").put("resolution", "HD");
        c.putObject("maintenance").put("maintenanceDay", "TUESDAY").put("maintenanceStartTime", "03:00");
        c.putObject("channelEngineVersion").put("version", "5.0.0");
        c.putObject("cdiInputSpecification").put("resolution", "HD");
        // Members of AWS's current model that SDK 2.40.2 lacks (UnmodeledChannelMembers carries them).
        c.putArray("channelSecurityGroups").add("sg-rich-1");
        c.putObject("inferenceSettings").put("feedArn", "arn:aws:elemental-inference:us-west-2:111122223333:feed/rich");
        c.putObject("linkedChannelSettings").putObject("primaryChannelSettings").put("linkedChannelType", "PRIMARY_CHANNEL");
        ArrayNode attachments = c.putArray("inputAttachments");
        for (String[] input : new String[][] {{"main-input", "7107272"}, {"backup-input", "2012618"}}) {
            ObjectNode a = attachments.addObject().put("inputAttachmentName", input[0]).put("inputId", input[1]);
            ObjectNode settings = a.putObject("inputSettings").put("sourceEndBehavior", "CONTINUE").put("inputFilter", "AUTO");
            settings.putArray("audioSelectors").addObject().put("name", "program-audio");
            settings.putArray("captionSelectors").addObject().put("name", "cc-608").putObject("selectorSettings")
                    .putObject("embeddedSourceSettings").put("source608ChannelNumber", 1);
        }
        ArrayNode destinations = c.putArray("destinations");
        ObjectNode hls = destinations.addObject().put("id", "hls-origin");
        ArrayNode hlsSettings = hls.putArray("settings");
        for (int p = 0; p < pipelines; p++) {
            hlsSettings.addObject().put("url", "https://origin-" + p + ".example.com/live/index");
        }
        hls.putArray("logicalInterfaceNames").add("eth-origin");
        ObjectNode router = destinations.addObject().put("id", "router-out");
        ArrayNode routerSettings = router.putArray("mediaConnectRouterSettings");
        for (int p = 0; p < pipelines; p++) {
            routerSettings.addObject().put("encryptionType", "AUTOMATIC");
        }

        ObjectNode encoder = c.putObject("encoderSettings");
        encoder.putObject("timecodeConfig").put("source", "SYSTEMCLOCK");
        encoder.putObject("availConfiguration").putObject("availSettings").putObject("scte35SpliceInsert")
                .put("noRegionalBlackoutFlag", "FOLLOW").put("webDeliveryAllowedFlag", "FOLLOW");
        ArrayNode videos = encoder.putArray("videoDescriptions");
        ArrayNode audios = encoder.putArray("audioDescriptions");
        ArrayNode captions = encoder.putArray("captionDescriptions");
        captions.addObject().put("name", "captions-608").put("captionSelectorName", "cc-608").put("languageCode", "eng")
                .putObject("destinationSettings").putObject("embeddedDestinationSettings");
        ObjectNode group = encoder.putArray("outputGroups").addObject().put("name", "TN2224");
        ObjectNode groupSettings = group.putObject("outputGroupSettings").putObject("hlsGroupSettings");
        groupSettings.putArray("adMarkers").add("ELEMENTAL_SCTE35");
        groupSettings.putObject("destination").put("destinationRefId", "hls-origin");
        groupSettings.put("segmentLength", 6).put("indexNSegments", 10).put("keepSegments", 21).put("mode", "LIVE")
                .put("programDateTime", "INCLUDE").put("programDateTimePeriod", 600);
        groupSettings.putObject("hlsCdnSettings").putObject("hlsBasicPutSettings").put("connectionRetryInterval", 30)
                .put("filecacheDuration", 300).put("numRetries", 5).put("restartDelay", 5);
        ArrayNode outputs = group.putArray("outputs");
        int[][] ladder = {{416, 234, 200_000}, {480, 270, 400_000}, {640, 360, 800_000}, {768, 432, 1_200_000},
                {960, 540, 2_200_000}, {1280, 720, 3_300_000}, {1280, 720, 4_700_000}, {1920, 1080, 6_500_000}};
        for (int i = 0; i < ladder.length; i++) {
            String video = "video_" + ladder[i][0] + "_" + ladder[i][1] + "_" + i;
            String audio = "audio_" + i + "_aac" + (i < 3 ? 64 : i < 6 ? 96 : 128);
            videos.addObject().put("name", video).put("width", ladder[i][0]).put("height", ladder[i][1])
                    .put("scalingBehavior", "DEFAULT").put("sharpness", 50).putObject("codecSettings").putObject("h264Settings")
                    .put("bitrate", ladder[i][2]).put("rateControlMode", "CBR").put("gopSize", 60.0).put("gopSizeUnits", "FRAMES")
                    .put("framerateControl", "SPECIFIED").put("framerateNumerator", 30000).put("framerateDenominator", 1001)
                    .put("profile", i < 2 ? "BASELINE" : i < 4 ? "MAIN" : "HIGH").put("level", "H264_LEVEL_AUTO");
            audios.addObject().put("name", audio).put("audioSelectorName", "program-audio").put("audioTypeControl", "FOLLOW_INPUT")
                    .put("languageCodeControl", "FOLLOW_INPUT").putObject("codecSettings").putObject("aacSettings")
                    .put("bitrate", (double) (i < 3 ? 64_000 : i < 6 ? 96_000 : 128_000)).put("rawFormat", "NONE").put("spec", "MPEG4");
            ObjectNode output = outputs.addObject().put("videoDescriptionName", video);
            output.putArray("audioDescriptionNames").add(audio);
            output.putArray("captionDescriptionNames").add("captions-608");
            output.putObject("outputSettings").putObject("hlsOutputSettings").put("nameModifier", "_" + ladder[i][0] + "x" + ladder[i][1])
                    .putObject("hlsSettings").putObject("standardHlsSettings").put("audioRenditionSets", "PROGRAM_AUDIO")
                    .putObject("m3u8Settings").put("audioFramesPerPes", 4).put("pmtPid", "480").put("videoPid", "481")
                    .put("scte35Behavior", "PASSTHROUGH").put("scte35Pid", "500");
        }
        return c;
    }
}
