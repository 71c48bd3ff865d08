package dev.writ.authorizer.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.policy.bundle.Hop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HopTargetTest {

    @Test
    void namesTargetsAsTheSdkCallNamesThem() {
        assertThat(HopTarget.name(Hop.Kind.LAMBDA_INVOKE, "ledger-post")).contains("ledger-post");
        assertThat(HopTarget.name(Hop.Kind.LAMBDA_INVOKE, "arn:aws:lambda:eu-west-1:123456789012:function:ledger-post:live"))
                .contains("ledger-post");
        assertThat(HopTarget.name(Hop.Kind.SQS_SEND_MESSAGE, "https://sqs.eu-west-1.amazonaws.com/123456789012/payment-events"))
                .contains("payment-events");
        // An emulator's queue URL (moto, LocalStack): http, any host and port; the name decides.
        assertThat(HopTarget.name(Hop.Kind.SQS_SEND_MESSAGE, "http://127.0.0.1:4566/123456789012/payment-events"))
                .contains("payment-events");
        assertThat(HopTarget.name(Hop.Kind.SQS_SEND_MESSAGE,
                "http://sqs.us-east-1.localhost.localstack.cloud:4566/000000000000/payment-events")).contains("payment-events");
        assertThat(HopTarget.name(Hop.Kind.SQS_SEND_MESSAGE, "arn:aws:sqs:eu-west-1:123456789012:payment-events.fifo"))
                .contains("payment-events.fifo");
        assertThat(HopTarget.name(Hop.Kind.SNS_PUBLISH, "arn:aws:sns:eu-west-1:123456789012:payment-notifications"))
                .contains("payment-notifications");
        assertThat(HopTarget.name(Hop.Kind.EVENTS_PUT_EVENTS, "arn:aws:events:eu-west-1:123456789012:event-bus/payments"))
                .contains("payments");
        assertThat(HopTarget.name(Hop.Kind.STATES_START_EXECUTION, "arn:aws:states:eu-west-1:123456789012:stateMachine:settle"))
                .contains("settle");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ledger-post:live", "ledger-post:$LATEST", "123456789012:function:ledger-post",
        "123456789012:function:ledger-post:7", "arn:aws:lambda:eu-west-1:123456789012:function:ledger-post:live"})
    void namesAFunctionInEveryFormLambdasFunctionNameTakesWithoutItsQualifier(String target) {
        assertThat(HopTarget.name(Hop.Kind.LAMBDA_INVOKE, target)).contains("ledger-post");
    }

    @Test
    void refusesWhatIsNoTargetOfTheKind() {
        assertThat(HopTarget.name(Hop.Kind.SQS_SEND_MESSAGE, "arn:aws:sns:eu-west-1:123456789012:payment-events")).isEmpty();
        assertThat(HopTarget.name(Hop.Kind.SNS_PUBLISH, "payment-notifications")).isEmpty();
        assertThat(HopTarget.name(Hop.Kind.SQS_SEND_MESSAGE, "ftp://127.0.0.1/123456789012/payment-events")).isEmpty();
        assertThat(HopTarget.name(Hop.Kind.SQS_SEND_MESSAGE, "http://127.0.0.1/payment-events")).isEmpty();
        assertThat(HopTarget.name(Hop.Kind.LAMBDA_INVOKE, "arn:aws:lambda:eu-west-1:123456789012:function:a/../b")).isEmpty();
        assertThat(HopTarget.name(Hop.Kind.LAMBDA_INVOKE, "ledger post")).isEmpty();
        assertThat(HopTarget.name(Hop.Kind.LAMBDA_INVOKE, "ledger-post:live:7")).isEmpty();
        assertThat(HopTarget.name(Hop.Kind.LAMBDA_INVOKE, "1234:function:ledger-post")).isEmpty();
        assertThat(HopTarget.name(Hop.Kind.LAMBDA_INVOKE, null)).isEmpty();
    }
}
