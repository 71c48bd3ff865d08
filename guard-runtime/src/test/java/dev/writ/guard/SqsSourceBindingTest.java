package dev.writ.guard;

import static dev.writ.guard.Fixtures.FUNCTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.writ.guard.hop.SqsEvents;
import dev.writ.guard.writ.BoundInputs;
import dev.writ.guard.writ.WritClaims;
import dev.writ.testsupport.TestContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A queue's child binds the queue ({@code in.src}): the guard compares it with the record's
 * {@code eventSourceARN}, which Lambda's poller sets and no sender can, so a child sent through
 * another queue of the same consumer does not run.
 */
class SqsSourceBindingTest {
    private static final String QUEUE = "arn:aws:sqs:us-east-1:123456789012:payment-events";
    private static final String OTHER_QUEUE = "arn:aws:sqs:us-east-1:123456789012:refunds";
    private static final String BODY = "{\"paymentId\":\"p-1\"}";

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final Guard guard = Guard.create(GuardConfig.builder().verifier(Fixtures.verifierConfig().build())
            .logTo(new PrintStream(log, true, StandardCharsets.UTF_8)).build());

    /** A hop's writ for this function, bound to {@link #BODY} and {@code queueArn} as the exchange binds a queue's message. */
    private static String childOf(String queueArn) {
        Map<String, Object> json = new HashMap<>(Fixtures.validWrit().request(null).parent("parent-jti").build().toJson());
        json.put("in", Map.of(BoundInputs.BODY, BoundInputs.digest(BODY), BoundInputs.SOURCE_ARN, BoundInputs.digest(queueArn)));
        return Fixtures.token(WritClaims.fromJson(json));
    }

    private static Map<String, Object> mapRecord(String id, String writ, String queueArn) {
        Map<String, Object> record = new HashMap<>(Map.of("messageId", id, "body", BODY, "eventSource", "aws:sqs",
                "messageAttributes", Map.of("writ", Map.of("stringValue", writ, "dataType", "String"))));
        if (queueArn != null) {
            record.put("eventSourceARN", queueArn);
        }
        return record;
    }

    private String run(Object event) {
        return guard.handle(event, new TestContext(FUNCTION), (e, c, writ) -> "ran");
    }

    @Test
    void aRecordOfTheBoundQueueRunsOneOfAnotherQueueOrOfNoneIsARequestMismatch() {
        String child = childOf(QUEUE);

        assertThat(run(Map.of("Records", List.of(mapRecord("m-1", child, QUEUE))))).isEqualTo("ran");
        for (String source : new String[] {OTHER_QUEUE, "arn:aws:sqs:us-east-1:210987654321:payment-events", null}) {
            assertThatThrownBy(() -> run(Map.of("Records", List.of(mapRecord("m-2", child, source)))))
                    .as(String.valueOf(source)).isInstanceOf(WritDeniedException.class).hasMessageContaining("REQUEST_MISMATCH");
        }
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("message source (the queue that delivered it)");
    }

    @Test
    void aBatchRunsTheRecordsOfTheBoundQueueOnly() {
        String child = childOf(QUEUE);
        SQSEvent event = SqsEvents.batch(SqsEvents.record("from-queue", BODY, child, QUEUE),
                SqsEvents.record("via-refunds", BODY, child, OTHER_QUEUE));

        SQSBatchResponse response = guard.handleBatch(event, new TestContext(FUNCTION), (m, c, writ) -> { });

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("via-refunds");
    }
}
