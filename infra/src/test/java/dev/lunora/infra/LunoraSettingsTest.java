package dev.lunora.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;

class LunoraSettingsTest {

    @Test
    void fromContext_noChannelId_saysWhatToPass() {
        App app = App.Builder.create().context(Map.of()).build();
        assertThatThrownBy(() -> LunoraSettings.fromContext(app.getNode()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-c channelId=")
                .hasMessageContaining("-c createChannel=true");
    }

    @Test
    void fromContext_nonNumericChannelId_isRefused() {
        App app = App.Builder.create().context(Map.of("channelId", "arn:aws:medialive:x")).build();
        assertThatThrownBy(() -> LunoraSettings.fromContext(app.getNode())).hasMessageContaining("digits only");
    }

    @Test
    void fromContext_defaults_fitTheSeedDeployment() {
        App app = App.Builder.create().context(Map.of("channelId", "3714710", "region", "us-west-2")).build();
        LunoraSettings s = LunoraSettings.fromContext(app.getNode());
        assertThat(s.channelId()).isEqualTo("3714710");
        assertThat(s.region()).isEqualTo("us-west-2");
        assertThat(s.createChannel()).isFalse();
        assertThat(s.streamKeyPrefix()).isEqualTo("/lunora-player/streaming/destinations");
        assertThat(s.functionsJar()).isEqualTo(s.repoRoot().resolve("functions/handlers/target/lunora-functions.jar"));
        assertThat(s.stateMachineFile()).exists();
        assertThat(s.functionCatalogFile()).exists();
    }

    @Test
    void fromContext_reconcileMinutesOutOfRange_isRefused() {
        App app = App.Builder.create().context(Map.of("channelId", "3714710", "reconcileMinutes", "1")).build();
        assertThatThrownBy(() -> LunoraSettings.fromContext(app.getNode())).hasMessageContaining("between 5 and 60");
    }

    @Test
    void fromContext_createChannel_needsNoChannelId() {
        App app = App.Builder.create().context(Map.of("createChannel", "true")).build();
        assertThat(LunoraSettings.fromContext(app.getNode()).createChannel()).isTrue();
    }
}
