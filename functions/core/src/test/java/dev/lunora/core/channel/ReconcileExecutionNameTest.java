package dev.lunora.core.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lunora.core.ports.ChannelCoordination.RequestGeneration;
import org.junit.jupiter.api.Test;

/**
 * Execution names: Step Functions allows 1–80 characters and keeps a name for 90 days
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html).
 */
class ReconcileExecutionNameTest {

    @Test
    void value_readableWithChannelIncarnationAndGeneration() {
        assertThat(ReconcileExecutionName.of("3714710", new RequestGeneration(42, "k3x9q2ab")).value())
                .isEqualTo("reconcile-3714710-k3x9q2ab-g42");
    }

    @Test
    void value_generationRestartedOnANewItem_neverRepeatsAnOldName() {
        String before = ReconcileExecutionName.of("3714710", new RequestGeneration(1, "k3x9q2ab")).value();
        String afterTableRecreated = ReconcileExecutionName.of("3714710", new RequestGeneration(1, "p0w7m2cd")).value();
        assertThat(afterTableRecreated).isNotEqualTo(before);
    }

    @Test
    void afterClash_freshNameStillEndsWithTheGeneration() {
        ReconcileExecutionName name = ReconcileExecutionName.of("3714710", new RequestGeneration(42, "k3x9q2ab"));
        assertThat(name.afterClash().value()).isEqualTo("reconcile-3714710-k3x9q2ab_1-g42");
        assertThat(name.afterClash().afterClash().value()).isEqualTo("reconcile-3714710-k3x9q2ab_2-g42");
        assertThat(ReconcileExecutionName.generationOf(name.afterClash().value())).hasValue(42);
    }

    @Test
    void value_longOrOddChannelId_shortenedToEightyAllowedCharacters_generationKept() {
        String name = ReconcileExecutionName.of("chan nel/" + "9".repeat(100), new RequestGeneration(Long.MAX_VALUE, "k3x9q2ab"))
                .afterClash().value();
        assertThat(name).hasSizeLessThanOrEqualTo(ReconcileExecutionName.MAX_LENGTH).matches("[A-Za-z0-9_-]+")
                .endsWith("-k3x9q2ab_1-g" + Long.MAX_VALUE);
        assertThat(ReconcileExecutionName.generationOf(name)).hasValue(Long.MAX_VALUE);
    }

    @Test
    void generationOf_namesOfOtherShapes_empty() {
        assertThat(ReconcileExecutionName.generationOf("reconcile-3714710-g7")).as("the old shape still parses").hasValue(7);
        assertThat(ReconcileExecutionName.generationOf("cost-guard-2026")).isEmpty();
        assertThat(ReconcileExecutionName.generationOf("reconcile-3714710-gx")).isEmpty();
    }
}
