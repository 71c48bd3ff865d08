package dev.writ.authorizer.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MethodArnTest {
    @Test
    void readsApiStageMethodAndPath() {
        MethodArn arn = MethodArn.parse("arn:aws:execute-api:us-east-1:123456789012:a1b2c3/prod/POST/payments/p-1/refund").orElseThrow();
        assertThat(arn).isEqualTo(new MethodArn("a1b2c3", "prod", "POST", "/payments/p-1/refund"));
    }

    @Test
    void rootResourceIsSlash() {
        assertThat(MethodArn.parse("arn:aws:execute-api:us-east-1:123456789012:a1b2c3/prod/GET/").orElseThrow().path()).isEqualTo("/");
        assertThat(MethodArn.parse("arn:aws:execute-api:us-east-1:123456789012:a1b2c3/prod/GET").orElseThrow().path()).isEqualTo("/");
    }

    @Test
    void refusesWhatIsNotAnExecuteApiArn() {
        assertThat(MethodArn.parse(null)).isEmpty();
        assertThat(MethodArn.parse("arn:aws:lambda:us-east-1:123456789012:function/x")).isEmpty();
        assertThat(MethodArn.parse("arn:aws:execute-api:us-east-1:123456789012:a1b2c3")).isEmpty();
        assertThat(MethodArn.parse("arn:aws:execute-api:us-east-1:123456789012://GET/x")).isEmpty();
    }
}
