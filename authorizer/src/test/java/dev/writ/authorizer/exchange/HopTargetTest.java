package dev.writ.authorizer.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.policy.bundle.Hop;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HopTargetTest {

    private static Optional<String> name(Hop.Kind kind, String target) {
        return HopTarget.parse(kind, target).map(HopTarget::name);
    }

    @Test
    void namesTargetsAsTheSdkCallNamesThem() {
        assertThat(name(Hop.Kind.LAMBDA_INVOKE, "ledger-post")).contains("ledger-post");
        assertThat(name(Hop.Kind.LAMBDA_INVOKE, "arn:aws:lambda:eu-west-1:123456789012:function:ledger-post:live"))
                .contains("ledger-post");
        assertThat(name(Hop.Kind.SQS_SEND_MESSAGE, "https://sqs.eu-west-1.amazonaws.com/123456789012/payment-events"))
                .contains("payment-events");
        // An emulator's queue URL (moto, LocalStack): http, any host and port; the name decides.
        assertThat(name(Hop.Kind.SQS_SEND_MESSAGE, "http://127.0.0.1:4566/123456789012/payment-events"))
                .contains("payment-events");
        assertThat(name(Hop.Kind.SQS_SEND_MESSAGE,
                "http://sqs.us-east-1.localhost.localstack.cloud:4566/000000000000/payment-events")).contains("payment-events");
        assertThat(name(Hop.Kind.SQS_SEND_MESSAGE, "arn:aws:sqs:eu-west-1:123456789012:payment-events.fifo"))
                .contains("payment-events.fifo");
        assertThat(name(Hop.Kind.SNS_PUBLISH, "arn:aws:sns:eu-west-1:123456789012:payment-notifications"))
                .contains("payment-notifications");
        assertThat(name(Hop.Kind.EVENTS_PUT_EVENTS, "arn:aws:events:eu-west-1:123456789012:event-bus/payments"))
                .contains("payments");
        assertThat(name(Hop.Kind.STATES_START_EXECUTION, "arn:aws:states:eu-west-1:123456789012:stateMachine:settle"))
                .contains("settle");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ledger-post:live", "ledger-post:$LATEST", "123456789012:function:ledger-post",
        "123456789012:function:ledger-post:7", "arn:aws:lambda:eu-west-1:123456789012:function:ledger-post:live"})
    void namesAFunctionInEveryFormLambdasFunctionNameTakesWithoutItsQualifier(String target) {
        assertThat(name(Hop.Kind.LAMBDA_INVOKE, target)).contains("ledger-post");
    }

    @ParameterizedTest
    @ValueSource(strings = {"arn:aws:states:eu-west-1:123456789012:stateMachine:settle:7",
        "arn:aws:states:eu-west-1:123456789012:stateMachine:settle:PROD"})
    void namesAStateMachineByItsVersionOrAliasArnWithoutTheQualifier(String target) {
        assertThat(HopTarget.parse(Hop.Kind.STATES_START_EXECUTION, target).orElseThrow().arn("aws", "us-east-1", "123456789012"))
                .isEqualTo("arn:aws:states:eu-west-1:123456789012:stateMachine:settle");
    }

    @Test
    void refusesWhatIsNoTargetOfTheKind() {
        assertThat(name(Hop.Kind.SQS_SEND_MESSAGE, "arn:aws:sns:eu-west-1:123456789012:payment-events")).isEmpty();
        assertThat(name(Hop.Kind.SNS_PUBLISH, "payment-notifications")).isEmpty();
        assertThat(name(Hop.Kind.SQS_SEND_MESSAGE, "ftp://127.0.0.1/123456789012/payment-events")).isEmpty();
        assertThat(name(Hop.Kind.SQS_SEND_MESSAGE, "http://127.0.0.1/payment-events")).isEmpty();
        // LocalStack's path form only with a region and an account, and never naming two regions.
        assertThat(name(Hop.Kind.SQS_SEND_MESSAGE, "http://localhost:4566/queue/123456789012/payment-events")).isEmpty();
        assertThat(name(Hop.Kind.SQS_SEND_MESSAGE, "http://localhost:4566/queue/eu-west-1/payment-events")).isEmpty();
        assertThat(name(Hop.Kind.SQS_SEND_MESSAGE, "http://localhost:4566/queue/eu-west-1/1234/payment-events")).isEmpty();
        assertThat(name(Hop.Kind.SQS_SEND_MESSAGE, "http://localhost:4566/queues/eu-west-1/123456789012/payment-events")).isEmpty();
        assertThat(name(Hop.Kind.SQS_SEND_MESSAGE,
                "https://sqs.us-east-1.amazonaws.com/queue/eu-west-1/123456789012/payment-events")).isEmpty();
        assertThat(name(Hop.Kind.LAMBDA_INVOKE, "arn:aws:lambda:eu-west-1:123456789012:function:a/../b")).isEmpty();
        assertThat(name(Hop.Kind.LAMBDA_INVOKE, "ledger post")).isEmpty();
        assertThat(name(Hop.Kind.LAMBDA_INVOKE, "ledger-post:live:7")).isEmpty();
        assertThat(name(Hop.Kind.LAMBDA_INVOKE, "1234:function:ledger-post")).isEmpty();
        assertThat(name(Hop.Kind.LAMBDA_INVOKE, null)).isEmpty();
        assertThat(name(Hop.Kind.STATES_START_EXECUTION, "arn:aws:states:eu-west-1:123456789012:stateMachine:settle:7:8")).isEmpty();
        assertThat(name(Hop.Kind.STATES_START_EXECUTION, "arn:aws:states:eu-west-1:123456789012:execution:settle:run-1")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "LAMBDA_INVOKE, ledger-post:live, arn:aws:lambda:us-east-1:123456789012:function:ledger-post",
        "LAMBDA_INVOKE, 210987654321:function:ledger-post, arn:aws:lambda:us-east-1:210987654321:function:ledger-post",
        "SQS_SEND_MESSAGE, https://sqs.eu-west-1.amazonaws.com/210987654321/payment-events, arn:aws:sqs:eu-west-1:210987654321:payment-events",
        "SQS_SEND_MESSAGE, https://eu-west-1.queue.amazonaws.com/123456789012/payment-events, arn:aws:sqs:eu-west-1:123456789012:payment-events",
        "SQS_SEND_MESSAGE, http://sqs.eu-west-1.localhost.localstack.cloud:4566/123456789012/payment-events, arn:aws:sqs:eu-west-1:123456789012:payment-events",
        "SQS_SEND_MESSAGE, http://127.0.0.1:4566/123456789012/payment-events.fifo, arn:aws:sqs:us-east-1:123456789012:payment-events.fifo",
        "SQS_SEND_MESSAGE, http://localhost:4566/queue/eu-west-1/123456789012/payment-events, arn:aws:sqs:eu-west-1:123456789012:payment-events",
        "SQS_SEND_MESSAGE, http://127.0.0.1/queue/eu-west-1/123456789012/payment-events.fifo, arn:aws:sqs:eu-west-1:123456789012:payment-events.fifo",
        "SQS_SEND_MESSAGE, http://eu-west-1.queue.localhost.localstack.cloud:4566/123456789012/payment-events, arn:aws:sqs:eu-west-1:123456789012:payment-events",
        "SQS_SEND_MESSAGE, arn:aws-cn:sqs:cn-north-1:123456789012:payment-events, arn:aws-cn:sqs:cn-north-1:123456789012:payment-events",
        "SNS_PUBLISH, arn:aws:sns:eu-west-1:123456789012:payment-notifications, arn:aws:sns:eu-west-1:123456789012:payment-notifications",
        "EVENTS_PUT_EVENTS, payments, arn:aws:events:us-east-1:123456789012:event-bus/payments",
        "EVENTS_PUT_EVENTS, arn:aws:events:eu-west-1:210987654321:event-bus/payments, arn:aws:events:eu-west-1:210987654321:event-bus/payments",
        "STATES_START_EXECUTION, arn:aws:states:eu-west-1:123456789012:stateMachine:settle, arn:aws:states:eu-west-1:123456789012:stateMachine:settle"})
    void resolvesEachTargetToItsArnWhatItLeavesOutTheCallers(Hop.Kind kind, String target, String arn) {
        assertThat(HopTarget.parse(kind, target).orElseThrow().arn("aws", "us-east-1", "123456789012")).isEqualTo(arn);
    }

    @Test
    void isInThePartitionRegionAndAccountOnlyWhenEveryPartItNamesIs() {
        String[] own = {"aws", "us-east-1", "123456789012"};
        assertThat(HopTarget.parse(Hop.Kind.EVENTS_PUT_EVENTS, "payments").orElseThrow().isIn(own[0], own[1], own[2])).isTrue();
        // An emulator's URL names the account, no region.
        assertThat(HopTarget.parse(Hop.Kind.SQS_SEND_MESSAGE, "http://127.0.0.1:4566/123456789012/q").orElseThrow()
                .isIn(own[0], own[1], own[2])).isTrue();
        for (String[] foreign : new String[][] {
            {"SQS_SEND_MESSAGE", "https://sqs.us-east-1.amazonaws.com/210987654321/payment-events"},
            {"SQS_SEND_MESSAGE", "https://sqs.eu-west-1.amazonaws.com/123456789012/payment-events"},
            {"SQS_SEND_MESSAGE", "http://localhost:4566/queue/eu-west-1/123456789012/payment-events"},
            {"SQS_SEND_MESSAGE", "arn:aws-us-gov:sqs:us-east-1:123456789012:payment-events"},
            {"SNS_PUBLISH", "arn:aws:sns:us-east-1:210987654321:payment-notifications"},
            {"EVENTS_PUT_EVENTS", "arn:aws:events:eu-west-1:123456789012:event-bus/payments"},
            {"STATES_START_EXECUTION", "arn:aws:states:us-east-1:210987654321:stateMachine:settle"},
            {"LAMBDA_INVOKE", "arn:aws:lambda:eu-west-1:123456789012:function:ledger-post"}}) {
            assertThat(HopTarget.parse(Hop.Kind.valueOf(foreign[0]), foreign[1]).orElseThrow().isIn(own[0], own[1], own[2]))
                    .as(foreign[1]).isFalse();
        }
    }
}
