package dev.lunora.local.medialive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The checks on a channel configuration that AWS's model cannot express; they run after {@link ModelValidator}
 * has checked the request against the model (required members, types, enums, ranges: those live there only).
 * A destination that does not carry exactly one kind of settings is a 400, as MediaLive answers it
 * [TF-30659]; everything else is gathered into one 422 with an element path per problem, so a caller sees all
 * its mistakes at once. Rules beyond the two MediaLive documents (undefined destination [ISSUE-1525],
 * exactly-one-kind) are the plausible ones its console enforces: URL schemes, one setting per pipeline,
 * unique names, existing descriptions. Messages never quote a URL: it can carry a stream key.
 */
final class ChannelValidator {

    private static final Map<String, Integer> PIPELINES = Map.of("STANDARD", 2, "SINGLE_PIPELINE", 1);

    private final Predicate<String> inputExists;

    ChannelValidator(Predicate<String> inputExists) {
        this.inputExists = inputExists;
    }

    static int pipelines(String channelClass) {
        return PIPELINES.getOrDefault(channelClass, 2);
    }

    void validate(ObjectNode channel) {
        checkDestinationKinds(channel.path("destinations"));
        List<ValidationError> errors = new ArrayList<>();
        String channelClass = channel.path("channelClass").asText("STANDARD");
        Set<String> destinationIds = new HashSet<>();
        Set<String> rtmpDestinations = new HashSet<>();
        JsonNode groups = channel.path("encoderSettings").path("outputGroups");
        for (JsonNode group : groups) {
            for (JsonNode output : group.path("outputs")) {
                String ref = output.path("outputSettings").path("rtmpOutputSettings").path("destination")
                        .path("destinationRefId").asText(null);
                if (ref != null) {
                    rtmpDestinations.add(ref);
                }
            }
        }
        checkDestinations(channel.path("destinations"), pipelines(channelClass), destinationIds,
                rtmpDestinations, errors);
        if (channel.has("encoderSettings")) {
            checkEncoderSettings(channel.path("encoderSettings"), destinationIds, errors);
        }
        JsonNode attachments = channel.path("inputAttachments");
        for (int i = 0; i < attachments.size(); i++) {
            String inputId = attachments.get(i).path("inputId").asText(null);
            if (inputId == null || !inputExists.test(inputId)) {
                errors.add(new ValidationError("inputAttachments[" + i + "].inputId",
                        "Input \"" + inputId + "\" does not exist."));
            }
        }
        if (!errors.isEmpty()) {
            throw new MediaLiveApiException(ErrorType.UNPROCESSABLE_ENTITY,
                    "Channel configuration failed validation: " + errors.get(0).elementPath() + " "
                            + errors.get(0).errorMessage(), errors);
        }
    }

    /** Empty lists count as absent: the SDK echoes {@code "mediaPackageSettings": []} from describe responses. */
    private static void checkDestinationKinds(JsonNode destinations) {
        for (JsonNode destination : destinations) {
            int kinds = 0;
            for (String kind : List.of("settings", "mediaPackageSettings", "srtSettings",
                    "mediaConnectRouterSettings")) {
                if (destination.path(kind).size() > 0) {
                    kinds++;
                }
            }
            if (destination.path("multiplexSettings").isObject()) {
                kinds++;
            }
            if (kinds != 1) {
                throw MediaLiveApiException.badRequest(
                        "Exactly one of settings, MediaPackage settings, or Multiplex settings is required for"
                                + " destination " + destination.path("id").asText("") + ".");
            }
        }
    }

    private static void checkDestinations(JsonNode destinations, int pipelines, Set<String> ids,
            Set<String> rtmpDestinations, List<ValidationError> errors) {
        for (int i = 0; i < destinations.size(); i++) {
            JsonNode destination = destinations.get(i);
            String path = "destinations[" + i + "]";
            String id = destination.path("id").asText("");
            if (id.isEmpty()) {
                errors.add(new ValidationError(path + ".id", "Destination id is required."));
            } else if (!ids.add(id)) {
                errors.add(new ValidationError(path + ".id", "Destination id \"" + id + "\" is used more than once."));
            }
            JsonNode settings = destination.path("settings");
            if (settings.size() == 0) {
                continue;
            }
            if (settings.size() != pipelines) {
                String pipelineWord = pipelines == 1 ? " pipeline" : " pipelines";
                errors.add(new ValidationError(path + ".settings", "Destination \"" + id + "\" has "
                        + settings.size() + " settings but the channel has " + pipelines + pipelineWord
                        + "; give exactly " + pipelines + ", one per pipeline."));
            }
            if (!rtmpDestinations.contains(id)) {
                continue;
            }
            for (int j = 0; j < settings.size(); j++) {
                String url = settings.get(j).path("url").asText("");
                if (!isRtmpUrl(url)) {
                    errors.add(new ValidationError(path + ".settings[" + j + "].url",
                            "An RTMP destination URL must be of the form rtmp://<host>/<application>"
                                    + " or rtmps://<host>/<application>."));
                }
            }
        }
    }

    private static boolean isRtmpUrl(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            return ("rtmp".equalsIgnoreCase(scheme) || "rtmps".equalsIgnoreCase(scheme))
                    && uri.getHost() != null && !uri.getHost().isEmpty();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static void checkEncoderSettings(JsonNode encoder, Set<String> destinationIds,
            List<ValidationError> errors) {
        Set<String> videos = uniqueNames(encoder.path("videoDescriptions"), "name",
                "encoderSettings.videoDescriptions", errors);
        Set<String> audios = uniqueNames(encoder.path("audioDescriptions"), "name",
                "encoderSettings.audioDescriptions", errors);
        Set<String> captions = uniqueNames(encoder.path("captionDescriptions"), "name",
                "encoderSettings.captionDescriptions", errors);
        JsonNode groups = encoder.path("outputGroups");
        uniqueNames(groups, "name", "encoderSettings.outputGroups", errors);
        for (int g = 0; g < groups.size(); g++) {
            JsonNode group = groups.get(g);
            String groupPath = "encoderSettings.outputGroups[" + g + "]";
            checkDestinationRefs(group.path("outputGroupSettings"), groupPath + ".outputGroupSettings",
                    destinationIds, errors);
            JsonNode outputs = group.path("outputs");
            uniqueNames(outputs, "outputName", groupPath + ".outputs", errors);
            for (int o = 0; o < outputs.size(); o++) {
                JsonNode output = outputs.get(o);
                String outputPath = groupPath + ".outputs[" + o + "]";
                checkDestinationRefs(output.path("outputSettings"), outputPath + ".outputSettings",
                        destinationIds, errors);
                String video = output.path("videoDescriptionName").asText(null);
                if (video != null && !videos.contains(video)) {
                    errors.add(new ValidationError(outputPath + ".videoDescriptionName",
                            "Object references undefined video description \"" + video + "\"."));
                }
                referencesExist(output.path("audioDescriptionNames"), audios, outputPath + ".audioDescriptionNames",
                        "audio description", errors);
                referencesExist(output.path("captionDescriptionNames"), captions,
                        outputPath + ".captionDescriptionNames", "caption description", errors);
            }
        }
    }

    private static void referencesExist(JsonNode names, Set<String> known, String path, String what,
            List<ValidationError> errors) {
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).asText();
            if (!known.contains(name)) {
                errors.add(new ValidationError(path + "[" + i + "]",
                        "Object references undefined " + what + " \"" + name + "\"."));
            }
        }
    }

    /** Output groups nest their destination reference at different depths (HLS, RTMP, MediaPackage...). */
    private static void checkDestinationRefs(JsonNode node, String path, Set<String> destinationIds,
            List<ValidationError> errors) {
        if (!node.isObject()) {
            return;
        }
        node.properties().forEach(field -> {
            String childPath = path + "." + field.getKey();
            if (field.getKey().equals("destinationRefId")) {
                String ref = field.getValue().asText();
                if (!destinationIds.contains(ref)) {
                    errors.add(new ValidationError(childPath,
                            "Object references undefined destination \"" + ref + "\""));
                }
            } else {
                checkDestinationRefs(field.getValue(), childPath, destinationIds, errors);
            }
        });
    }

    private static Set<String> uniqueNames(JsonNode items, String field, String path, List<ValidationError> errors) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String name = items.get(i).path(field).asText(null);
            if (name != null && !names.add(name)) {
                errors.add(new ValidationError(path + "[" + i + "]." + field,
                        "Name \"" + name + "\" is used more than once; names must be unique."));
            }
        }
        return names;
    }
}
