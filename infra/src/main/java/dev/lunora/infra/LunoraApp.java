package dev.lunora.infra;

import software.amazon.awscdk.App;

/** CDK entry point run by the root cdk.json. Stacks arrive with the deployment issue. */
public final class LunoraApp {

    private LunoraApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        app.synth();
    }
}
