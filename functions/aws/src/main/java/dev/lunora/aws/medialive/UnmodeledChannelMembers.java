package dev.lunora.aws.medialive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.medialive.MediaLiveClientBuilder;
import software.amazon.awssdk.services.medialive.model.DescribeChannelRequest;
import software.amazon.awssdk.services.medialive.model.UpdateChannelRequest;

/**
 * Carries the channel members that AWS's MediaLive model has and this SDK (2.40.2, the newest MediaLive client the
 * build can fetch) does not, from a DescribeChannel into the UpdateChannel that follows it. The SDK drops unknown
 * response members silently, so without this an update would remove them from the channel — the way a missing
 * {@code roleArn} removes the role. The member lists are checked against the model by
 * {@code MediaLiveModelConformanceTest}: a member the model adds and neither the SDK nor this class carries fails it.
 *
 * <p>Only calls that opt in through {@link #CARRIED} are touched, so every other call goes through unchanged.
 */
public final class UnmodeledChannelMembers implements ExecutionInterceptor {

    /** UpdateChannelRequest members in AWS's model (botocore medialive 2017-10-14) that the SDK's request class lacks. */
    public static final List<String> CHANNEL_MEMBERS = List.of("linkedChannelSettings", "channelSecurityGroups", "inferenceSettings");
    /** OutputDestination members in AWS's model that the SDK's OutputDestination lacks. */
    public static final List<String> DESTINATION_MEMBERS = List.of("mediaConnectRouterSettings");

    /** What one describe found, for the update made from it. */
    static final class Carried {
        private final Map<String, JsonNode> channel = new LinkedHashMap<>();
        private final Map<String, Map<String, JsonNode>> destinations = new LinkedHashMap<>();

        boolean isEmpty() {
            return channel.isEmpty() && destinations.isEmpty();
        }

        int size() {
            return channel.size() + destinations.values().stream().mapToInt(Map::size).sum();
        }
    }

    static final ExecutionAttribute<Carried> CARRIED = new ExecutionAttribute<>("lunora.unmodeledChannelMembers");
    private static final ExecutionAttribute<byte[]> REWRITTEN_BODY = new ExecutionAttribute<>("lunora.updateChannelBodyWithCarriedMembers");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Registers this interceptor on a client builder; {@link MediaLiveChannelControl} needs a client built so. */
    public static MediaLiveClientBuilder registerOn(MediaLiveClientBuilder builder) {
        return builder.overrideConfiguration(o -> o.addExecutionInterceptor(new UnmodeledChannelMembers()));
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        Carried carried = attributes.getAttribute(CARRIED);
        if (carried == null || !(context.request() instanceof DescribeChannelRequest) || context.responseBody().isEmpty()
                || !context.httpResponse().isSuccessful()) {
            return context.responseBody();
        }
        byte[] body = readAll(context.responseBody().get());
        JsonNode channel = parse(body);
        for (String member : CHANNEL_MEMBERS) {
            if (channel.hasNonNull(member)) {
                carried.channel.put(member, channel.get(member));
            }
        }
        for (JsonNode destination : channel.path("destinations")) {
            for (String member : DESTINATION_MEMBERS) {
                if (destination.hasNonNull(member) && destination.hasNonNull("id")) {
                    carried.destinations.computeIfAbsent(destination.get("id").asText(), id -> new LinkedHashMap<>())
                            .put(member, destination.get(member));
                }
            }
        }
        return Optional.of(new ByteArrayInputStream(body));
    }

    /**
     * The headers must follow the longer body: the SDK fixed {@code Content-Length} when it marshalled the request,
     * and a body longer than that would be refused before it is sent.
     */
    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        byte[] body = rewrittenBody(context, attributes);
        if (body == null) {
            return context.httpRequest();
        }
        SdkHttpRequest request = context.httpRequest();
        if (request instanceof SdkHttpFullRequest full) {
            return full.toBuilder().contentStreamProvider(() -> new ByteArrayInputStream(body))
                    .putHeader("Content-Length", Integer.toString(body.length)).build();
        }
        return request.toBuilder().putHeader("Content-Length", Integer.toString(body.length)).build();
    }

    @Override
    public Optional<RequestBody> modifyHttpContent(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        byte[] body = rewrittenBody(context, attributes);
        return body == null ? context.requestBody() : Optional.of(RequestBody.fromBytes(body));
    }

    /** The UpdateChannel body with the carried members, computed once per call (the SDK asks in either hook first). */
    private static byte[] rewrittenBody(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        byte[] done = attributes.getAttribute(REWRITTEN_BODY);
        if (done != null) {
            return done;
        }
        Carried carried = attributes.getAttribute(CARRIED);
        if (carried == null || carried.isEmpty() || !(context.request() instanceof UpdateChannelRequest) || context.requestBody().isEmpty()) {
            return null;
        }
        byte[] body = withCarriedMembers(context.requestBody().get(), carried);
        attributes.putAttribute(REWRITTEN_BODY, body);
        return body;
    }

    private static byte[] withCarriedMembers(RequestBody original, Carried carried) {
        ObjectNode update;
        try (InputStream in = original.contentStreamProvider().newStream()) {
            update = (ObjectNode) parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the UpdateChannel body to carry unmodeled members", e);
        }
        carried.channel.forEach((member, value) -> {
            if (!update.has(member)) {
                update.set(member, value);
            }
        });
        for (JsonNode destination : update.path("destinations")) {
            Map<String, JsonNode> members = carried.destinations.get(destination.path("id").asText());
            if (members != null && destination instanceof ObjectNode d) {
                members.forEach((member, value) -> {
                    if (!d.has(member)) {
                        d.set(member, value);
                    }
                });
            }
        }
        try {
            return JSON.writeValueAsBytes(update);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the UpdateChannel body", e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the DescribeChannel response", e);
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            // The SDK parses the same bytes next and reports a malformed response itself.
            return JSON.createObjectNode();
        }
    }
}
