package dev.lunora.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/**
 * cdk-nag's AwsSolutions pack (added by {@link LunoraApp#build}) leaves no unsuppressed error or warning; every
 * suppression carries its reason next to the code it excuses (LunoraStack.suppressFindings).
 */
class NagTest {

    static Stream<Synth> variants() {
        return Stream.of(Synth.existingChannel(), Synth.createdChannel(), Synth.existingTables(), Synth.withoutRelay());
    }

    @ParameterizedTest
    @MethodSource("variants")
    void awsSolutions_noUnsuppressedErrors(Synth s) {
        assertThat(describe(s.annotations().findError("*", Match.stringLikeRegexp("AwsSolutions-.*")))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("variants")
    void awsSolutions_noUnsuppressedWarnings(Synth s) {
        assertThat(describe(s.annotations().findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*")))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("variants")
    void synth_noWarningsAtAll(Synth s) {
        assertThat(describe(s.annotations().findWarning("*", Match.anyValue()))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("variants")
    @SuppressWarnings("unchecked")
    void everySuppression_hasAWrittenReason(Synth s) {
        List<String> reasons = new java.util.ArrayList<>();
        s.resources().forEach((id, r) -> {
            Map<String, Object> metadata = (Map<String, Object>) r.get("Metadata");
            Map<String, Object> nag = metadata == null ? null : (Map<String, Object>) metadata.get("cdk_nag");
            if (nag != null) {
                for (Object rule : (List<Object>) nag.get("rules_to_suppress")) {
                    reasons.add(id + " " + ((Map<String, Object>) rule).get("id") + ": " + ((Map<String, Object>) rule).get("reason"));
                }
            }
        });
        assertThat(reasons).isNotEmpty().allSatisfy(r -> assertThat(r.substring(r.indexOf(": ") + 2)).hasSizeGreaterThan(60));
    }

    private static List<String> describe(List<SynthesisMessage> messages) {
        return messages.stream().map(m -> m.getId() + ": " + String.valueOf(m.getEntry().getData()).lines().findFirst().orElse("")).toList();
    }
}
