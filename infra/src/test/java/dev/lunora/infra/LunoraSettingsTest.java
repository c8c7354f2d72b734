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
    void fromContext_costGuardRate_defaultsToFiveMinutes_andTakesOtherMinuteRates() {
        App app = App.Builder.create().context(Map.of("channelId", "3714710")).build();
        assertThat(LunoraSettings.fromContext(app.getNode()).costGuardRate()).isEqualTo("rate(5 minutes)");
        for (String ok : java.util.List.of("rate(1 minute)", "rate(15 minutes)", "rate(60 minutes)")) {
            App other = App.Builder.create().context(Map.of("channelId", "3714710", "costGuardRate", ok)).build();
            assertThat(LunoraSettings.fromContext(other.getNode()).costGuardRate()).isEqualTo(ok);
        }
    }

    @Test
    void fromContext_costGuardRateNotMinutesFrom1To60_isRefused() {
        for (String bad : java.util.List.of("rate(0 minutes)", "rate(61 minutes)", "rate(1 minutes)", "rate(5 minute)",
                "cron(0/5 * * * ? *)", "rate(1 hour)", "5")) {
            App app = App.Builder.create().context(Map.of("channelId", "3714710", "costGuardRate", bad)).build();
            assertThatThrownBy(() -> LunoraSettings.fromContext(app.getNode())).as(bad).hasMessageContaining("rate(N minutes)");
        }
    }

    @Test
    void fromContext_tunables_optional_andChecked() {
        App none = App.Builder.create().context(Map.of("channelId", "3714710")).build();
        assertThat(LunoraSettings.fromContext(none.getNode()).maxChannelRunningMinutes()).isNull();
        assertThat(LunoraSettings.fromContext(none.getNode()).channelHourlyRateUsd()).isNull();
        App set = App.Builder.create().context(Map.of("channelId", "3714710", "maxChannelRunningMinutes", "360",
                "channelHourlyRateUsd", "1.25")).build();
        assertThat(LunoraSettings.fromContext(set.getNode()).maxChannelRunningMinutes()).isEqualTo(360);
        assertThat(LunoraSettings.fromContext(set.getNode()).channelHourlyRateUsd()).isEqualTo("1.25");
        App zero = App.Builder.create().context(Map.of("channelId", "3714710", "maxChannelRunningMinutes", "0")).build();
        assertThatThrownBy(() -> LunoraSettings.fromContext(zero.getNode())).hasMessageContaining("at least 1");
        App words = App.Builder.create().context(Map.of("channelId", "3714710", "channelHourlyRateUsd", "a dollar")).build();
        assertThatThrownBy(() -> LunoraSettings.fromContext(words.getNode())).hasMessageContaining("non-negative number");
    }

    @Test
    void fromContext_createChannel_needsNoChannelId() {
        App app = App.Builder.create().context(Map.of("createChannel", "true")).build();
        assertThat(LunoraSettings.fromContext(app.getNode()).createChannel()).isTrue();
    }
}
