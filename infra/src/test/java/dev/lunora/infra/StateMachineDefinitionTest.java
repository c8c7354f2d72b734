package dev.lunora.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The deployed definition is the ASL file itself, with every placeholder bound to the catalog's function alias. */
class StateMachineDefinitionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void definition_isTheFileWithFunctionArnsSubstituted() throws Exception {
        Synth s = Synth.existingChannel();
        Map<String, Object> sm = s.resourcesOfType("AWS::StepFunctions::StateMachine").values().iterator().next();
        Map<String, Object> props = Synth.props(sm);
        String file = Files.readString(s.stack.settings().stateMachineFile());
        assertThat(props.get("DefinitionString")).isEqualTo(file);

        FunctionCatalog catalog = FunctionCatalog.read(s.stack.settings().functionCatalogFile());
        Map<String, Object> expected = new LinkedHashMap<>();
        catalog.tasks().forEach(e -> expected.put(e.placeholder(), s.resolve(s.stack.tasks().get(e.name()).alias().getFunctionArn())));
        assertThat(props.get("DefinitionSubstitutions")).isEqualTo(expected);

        // Apply the template's substitutions as CloudFormation will, and compare with the file bound independently.
        String deployed = file;
        String bound = file;
        Map<?, ?> substitutions = (Map<?, ?>) props.get("DefinitionSubstitutions");
        for (var e : substitutions.entrySet()) {
            deployed = deployed.replace("${" + e.getKey() + "}", "arn-of:" + e.getValue());
        }
        for (var e : catalog.tasks()) {
            bound = bound.replace("${" + e.placeholder() + "}", "arn-of:" + s.resolve(s.stack.tasks().get(e.name()).alias().getFunctionArn()));
        }
        assertThat(deployed).doesNotContain("${");
        JsonNode deployedJson = JSON.readTree(deployed);
        assertThat(deployedJson).isEqualTo(JSON.readTree(bound));
        assertThat(deployedJson.path("QueryLanguage").asText()).isEqualTo("JSONata");
    }

    @Test
    void stateMachine_isStandard_traced_andLogsAll() {
        Synth s = Synth.existingChannel();
        Map<String, Object> props = Synth.props(s.resourcesOfType("AWS::StepFunctions::StateMachine").values().iterator().next());
        assertThat(props.get("StateMachineType")).isEqualTo("STANDARD");
        assertThat(props.get("TracingConfiguration")).isEqualTo(Map.of("Enabled", true));
        Map<?, ?> logging = (Map<?, ?>) props.get("LoggingConfiguration");
        assertThat(logging.get("Level")).isEqualTo("ALL");
        assertThat(logging.get("IncludeExecutionData")).isEqualTo(false);
    }
}
