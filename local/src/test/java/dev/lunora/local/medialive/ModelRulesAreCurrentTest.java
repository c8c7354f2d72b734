package dev.lunora.local.medialive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The committed {@code medialive/model-rules.json} is what {@link ModelRulesGenerator} makes from the botocore
 * installed here (its {@code data/medialive/2017-10-14/service-2.json.gz}). Without botocore the test is
 * skipped, unless {@code LUNORA_REQUIRE_BOTOCORE=1} says a missing botocore is a failure (CI).
 */
class ModelRulesAreCurrentTest {

    private record Botocore(Path directory, String version) {
    }

    @Test
    void committedRulesEqualTheRulesGeneratedFromTheInstalledBotocore() throws IOException, InterruptedException {
        Botocore botocore = locateBotocore();
        Path model = botocore.directory().resolve(ModelRulesGenerator.MODEL_PATH);
        String generated = ModelRulesGenerator.generate(model, botocore.version());
        String committed;
        try (InputStream in = getClass().getResourceAsStream(ModelRules.RESOURCE)) {
            assertThat(in).as("the bundled rules resource").isNotNull();
            committed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(committed)
                .as("model-rules.json is stale: regenerate with ModelRulesGenerator %s %s"
                        + " local/src/main/resources/medialive/model-rules.json", model, botocore.version())
                .isEqualTo(generated);
    }

    @Test
    void theRulesCarryNoDocumentationText() throws IOException {
        try (InputStream in = getClass().getResourceAsStream(ModelRules.RESOURCE)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(text).doesNotContain("\"documentation\"").doesNotContain("Placeholder documentation");
        }
    }

    private static Botocore locateBotocore() throws IOException, InterruptedException {
        boolean required = "1".equals(System.getenv("LUNORA_REQUIRE_BOTOCORE"));
        List<String> lines;
        try {
            Process python = new ProcessBuilder("python3", "-c",
                    "import botocore,os;print(os.path.dirname(botocore.__file__));print(botocore.__version__)")
                    .redirectErrorStream(true).start();
            String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean done = python.waitFor(60, TimeUnit.SECONDS);
            lines = done && python.exitValue() == 0 ? out.lines().toList() : List.of();
        } catch (IOException e) {
            lines = List.of();
        }
        if (lines.size() < 2 || !Files.exists(Path.of(lines.get(0)).resolve(ModelRulesGenerator.MODEL_PATH))) {
            String why = "botocore is not installed for python3 (pip install botocore), so model-rules.json"
                    + " cannot be compared with AWS's model";
            if (required) {
                fail(why + "; LUNORA_REQUIRE_BOTOCORE=1 makes that a failure");
            }
            Assumptions.abort(why + "; skipped (set LUNORA_REQUIRE_BOTOCORE=1 to fail instead)");
        }
        return new Botocore(Path.of(lines.get(0)), lines.get(1).trim());
    }
}
