package dev.lunora.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/**
 * CDK entry point run by the root cdk.json. Context: {@code channelId} (required unless {@code createChannel=true}),
 * optional {@code region}, {@code createChannel}, {@code channelRoleArn}, {@code existingTables}, {@code inputCidr},
 * {@code functionsJar}, {@code streamKeyPrefix}, {@code costGuardRate}, {@code maxChannelRunningMinutes},
 * {@code channelHourlyRateUsd}. The account comes from the CLI's profile.
 * cdk-nag's AwsSolutions checks run on every synth; their report is cdk.out/AwsSolutions-Lunora-NagReport.csv.
 */
public final class LunoraApp {

    public static final String STACK_NAME = "Lunora";

    private LunoraApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        LunoraSettings settings;
        try {
            settings = LunoraSettings.fromContext(app.getNode());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        build(app, settings);
        app.synth();
    }

    static LunoraStack build(App app, LunoraSettings settings) {
        LunoraStack stack = new LunoraStack(app, STACK_NAME, StackProps.builder()
                .description("Lunora: multi-destination live streaming control plane for MediaLive channel "
                        + (settings.createChannel() ? "(created)" : settings.channelId()))
                .env(Environment.builder().account(settings.account()).region(settings.region()).build())
                .build(), settings);
        Aspects.of(app).add(AwsSolutionsChecks.Builder.create().verbose(true).build());
        return stack;
    }
}
