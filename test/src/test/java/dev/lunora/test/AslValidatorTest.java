package dev.lunora.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every statemachines/*.asl.json passes asl-validator 4 (the community ASL schema and transition checker, JSONata-aware;
 * pinned in the top-level package.json, installed by {@code npm ci}): a second opinion beside
 * {@link StateMachineDefinitionTest} and the local runner, before a deploy would find out.
 */
class AslValidatorTest {

    private static final Path ROOT = Path.of(System.getProperty("lunora.root.dir", ".."));
    private static final Path DIR = ROOT.resolve("statemachines");
    private static final Path VALIDATOR = ROOT.resolve("node_modules/asl-validator/dist/bin/asl-validator.js");

    /** Skips without the validator, or fails when {@code LUNORA_REQUIRE_NODE_TOOLS=1} (CI). */
    @BeforeAll
    static void requireValidator() {
        if (!Files.isRegularFile(VALIDATOR)) {
            String message = "asl-validator not found at " + VALIDATOR.normalize() + "; run `npm ci` in the repository root";
            if ("1".equals(System.getenv("LUNORA_REQUIRE_NODE_TOOLS"))) {
                fail(message);
            }
            assumeTrue(false, message);
        }
    }

    private record Verdict(int exitCode, String output) {
    }

    private static Verdict validate(Path definition) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("node", VALIDATOR.toString(), "--json-path", definition.toString())
                .redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("asl-validator did not finish within 60 s on " + definition);
        }
        return new Verdict(process.exitValue(), output.strip());
    }

    private static List<Path> definitions() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".asl.json")).sorted().toList();
        }
    }

    @Test
    void everyDefinition_passesAslValidator() throws Exception {
        List<Path> definitions = definitions();
        assertThat(definitions).isNotEmpty();
        for (Path definition : definitions) {
            Verdict verdict = validate(definition);
            assertThat(verdict.exitCode()).as("asl-validator on %s said:%n%s", definition.getFileName(), verdict.output()).isZero();
        }
    }

    @Test
    void brokenDefinition_isRefusedWithTheReason(@TempDir Path temp) throws Exception {
        String reconcile = Files.readString(DIR.resolve("channel-reconcile.asl.json"));
        String broken = reconcile.replace("\"Next\": \"PlanNextChange\"", "\"Next\": \"NoSuchState\"");
        assertThat(broken).as("the copy must really be broken").isNotEqualTo(reconcile);
        Path copy = Files.writeString(temp.resolve("broken.asl.json"), broken);

        Verdict verdict = validate(copy);

        assertThat(verdict.exitCode()).as(verdict.output()).isNotZero();
        assertThat(verdict.output()).contains("NoSuchState");
    }
}
