package dev.lunora.local.medialive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lunora.aws.medialive.MediaLiveChannelControl;
import dev.lunora.aws.medialive.UnmodeledChannelMembers;
import dev.lunora.core.channel.OutputSpec;
import dev.lunora.core.channel.ResolvedOutput;
import dev.lunora.core.preset.Preset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.services.medialive.model.OutputDestination;
import software.amazon.awssdk.services.medialive.model.UpdateChannelRequest;

/**
 * Issue 14 item 9: every request Lunora's MediaLive adapter sends is checked against AWS's model (botocore
 * medialive 2017-10-14, as bundled in model-rules.json, kept current by ModelRulesAreCurrentTest): the simulator
 * validates each request with {@link ModelValidator} and refuses violations with 422, and records members the
 * model does not know as warnings. The adapter's whole repertoire — describe, start, stop, apply on single-pipeline
 * and STANDARD channels, remove, alerts — must leave neither a refusal nor a warning.
 */
class MediaLiveModelConformanceTest {

    private static final Preset P720 = AdapterFixture.P720;

    private AdapterFixture fixture;
    private MediaLiveSimulator simulator;
    private MediaLiveChannelControl control;

    @BeforeEach
    void start() throws Exception {
        fixture = new AdapterFixture();
        simulator = fixture.simulator;
        control = fixture.control;
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** Fails when AWS's model gains an UpdateChannel member that neither the SDK nor UnmodeledChannelMembers carries. */
    @Test
    void updateChannelMembersOfTheModel_areAllCarriedBySdkOrInterceptor() {
        ModelRules rules = ModelRules.bundled();
        Set<String> sdkRequest = wireNames(UpdateChannelRequest.builder().build().sdkFields());
        List<String> channelMembers = new ArrayList<>(rules.bodyMembers(rules.operation(Operation.UpdateChannel).input()));
        channelMembers.removeAll(sdkRequest);
        // Update-only members Lunora has no value for: DescribeChannel never returns them, so there is nothing to send back.
        channelMembers.removeAll(Set.of("specialRouterSettings"));
        assertThat(channelMembers).containsExactlyInAnyOrderElementsOf(UnmodeledChannelMembers.CHANNEL_MEMBERS);

        List<String> destinationMembers = new ArrayList<>(rules.bodyMembers("OutputDestination"));
        destinationMembers.removeAll(wireNames(OutputDestination.builder().build().sdkFields()));
        assertThat(destinationMembers).containsExactlyInAnyOrderElementsOf(UnmodeledChannelMembers.DESTINATION_MEMBERS);
    }

    @Test
    void everyAdapterRequest_passesTheModel_withoutRefusalOrUnknownMember() throws Exception {
        for (String channelClass : List.of("SINGLE_PIPELINE", "STANDARD")) {
            String id = create(ChannelFidelityTest.richChannel(channelClass));
            boolean standard = channelClass.equals("STANDARD");
            control.describe(id);
            control.applyOutputs(id, List.of(output("yt", standard), output("tw", standard)), List.of(P720));
            settle();
            control.start(id);
            settle();
            control.alerts(id);
            control.stop(id);
            settle();
            control.applyOutputs(id, List.of(output("tw", standard)), List.of());
            settle();
            control.applyOutputs(id, List.of(), List.of());
            settle();
        }
        // The seeded channel the local world streams on, as the reconcile uses it.
        control.applyOutputs(SimulatorFixture.OBS_CHANNEL, List.of(output("yt", false)), List.of(P720));
        settle();

        List<CallRecord> refused = simulator.callLog().stream().filter(c -> !c.outcome().startsWith("2")).toList();
        assertThat(refused).as("calls MediaLive would refuse").isEmpty();
        assertThat(simulator.modelWarnings()).as("members AWS's model does not know").isEmpty();
        assertThat(simulator.callLog()).extracting(CallRecord::operation)
                .contains(Operation.DescribeChannel, Operation.UpdateChannel, Operation.StartChannel, Operation.StopChannel,
                        Operation.ListAlerts);
    }

    private static Set<String> wireNames(List<SdkField<?>> fields) {
        return fields.stream().map(SdkField::locationName).collect(Collectors.toSet());
    }

    private static ResolvedOutput output(String destinationId, boolean standard) {
        String url = "rtmp://ingest.example.com/" + destinationId;
        OutputSpec spec = new OutputSpec(destinationId, url, "/keys/" + destinationId, "p720", null,
                standard ? new OutputSpec.Backup(url + "-backup", null, null) : null);
        return new ResolvedOutput(spec, "key-" + destinationId + "-0000-1111", standard ? "key-" + destinationId + "-0000-1111" : null);
    }

    private void settle() {
        fixture.settle();
    }

    private String create(ObjectNode channel) throws Exception {
        return fixture.create(channel);
    }
}
