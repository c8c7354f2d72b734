package dev.lunora.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog's three kinds of entry: reconcile task, EventBridge rule target, Scheduler target. */
class FunctionCatalogTest {

    @Test
    void theRepositoryCatalog_tasksEventsAndSchedules() {
        FunctionCatalog c = FunctionCatalog.read(LunoraSettings.findRepoRoot(Path.of("").toAbsolutePath()).resolve("statemachines/functions.json"));
        assertThat(c.tasks()).hasSize(12).allSatisfy(e -> assertThat(e.placeholder()).isEqualTo(e.name() + "FunctionArn"));
        assertThat(c.events()).extracting(e -> ((FunctionCatalog.Event) e.kind()).detailType())
                .containsExactlyInAnyOrder(ChannelEvents.ALERT, ChannelEvents.STATE_CHANGE);
        assertThat(c.scheduled()).extracting(FunctionCatalog.Entry::name)
                .containsExactlyInAnyOrder(LunoraStack.SCHEDULED_ACTION, LunoraStack.COST_GUARD);
        assertThat(c.events()).allSatisfy(e -> assertThat(e.placeholder()).isNull());
    }

    @Test
    void anEntryWithBothOrNeither_isRefused(@TempDir Path dir) throws Exception {
        Path both = Files.writeString(dir.resolve("both.json"), "{\"functions\":[{\"name\":\"X\",\"handler\":\"a.B::h\","
                + "\"placeholder\":\"XFunctionArn\",\"trigger\":{\"schedule\":\"s\"}}]}");
        assertThatThrownBy(() -> FunctionCatalog.read(both)).hasMessageContaining("exactly one of");
        Path neither = Files.writeString(dir.resolve("neither.json"), "{\"functions\":[{\"name\":\"X\",\"handler\":\"a.B::h\"}]}");
        assertThatThrownBy(() -> FunctionCatalog.read(neither)).hasMessageContaining("exactly one of");
        Path rule = Files.writeString(dir.resolve("rule.json"), "{\"functions\":[{\"name\":\"X\",\"handler\":\"a.B::h\","
                + "\"trigger\":{\"source\":\"aws.medialive\"}}]}");
        assertThatThrownBy(() -> FunctionCatalog.read(rule)).hasMessageContaining("detail-type");
    }
}
