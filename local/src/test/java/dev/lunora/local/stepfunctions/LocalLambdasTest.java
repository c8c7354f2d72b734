package dev.lunora.local.stepfunctions;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LocalLambdasTest {

    @Test
    void functionName_acceptsEveryFormLambdaInvokeAccepts() {
        assertThat(LocalLambdas.functionName("plan")).isEqualTo("plan");
        assertThat(LocalLambdas.functionName("plan:live")).isEqualTo("plan");
        assertThat(LocalLambdas.functionName("arn:aws:lambda:us-west-2:123456789012:function:plan")).isEqualTo("plan");
        assertThat(LocalLambdas.functionName("arn:aws:lambda:us-west-2:123456789012:function:plan:7")).isEqualTo("plan");
        assertThat(LocalLambdas.functionName("123456789012:function:plan")).isEqualTo("plan");
        assertThat(LocalLambdas.functionName("function:plan:$LATEST")).isEqualTo("plan");
    }

    @Test
    void find_byArn_findsFunctionRegisteredByName() {
        LocalFunction fn = payload -> payload;
        LocalLambdas lambdas = new LocalLambdas().register("plan", fn);
        assertThat(lambdas.find("arn:aws:lambda:us-west-2:000000000000:function:plan")).containsSame(fn);
        assertThat(lambdas.find("other")).isEmpty();
    }
}
