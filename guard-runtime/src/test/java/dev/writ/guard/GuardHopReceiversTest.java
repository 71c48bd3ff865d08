package dev.writ.guard;

import static dev.writ.guard.Fixtures.FUNCTION;
import static dev.writ.guard.hop.SqsEvents.batch;
import static dev.writ.guard.hop.SqsEvents.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.writ.core.json.Json;
import dev.writ.core.sign.LocalSigner;
import dev.writ.guard.internal.EventInspector;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.LineageRecordAccess;
import dev.writ.guard.lineage.LineageRecorder;
import dev.writ.guard.writ.BoundInputs;
import dev.writ.guard.writ.WritClaims;
import dev.writ.guard.writ.WritCodec;
import dev.writ.testsupport.Events;
import dev.writ.testsupport.TestContext;
import dev.writ.testsupport.TestJwks;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The places a hop's writ arrives in: EventBridge detail, Step Functions input, SQS records one by one. */
class GuardHopReceiversTest {

    private final List<LineageRecord.Draft> appended = new ArrayList<>();
    private final LineageRecorder recorder = draft -> {
        appended.add(draft);
        return null;
    };
    private final Guard guard = Guard.create(GuardConfig.builder().verifier(Fixtures.verifierConfig().build())
            .logTo(new PrintStream(OutputStream.nullOutputStream())).lineage(recorder).build());
    private final List<String> ran = new ArrayList<>();

    /** A hop's writ for this function, bound to {@code body} as the exchange binds a message. */
    private static String childFor(String body) {
        Map<String, Object> json = new HashMap<>(Fixtures.validWrit().request(null).parent("parent-jti").build().toJson());
        json.put("in", Map.of(BoundInputs.BODY, BoundInputs.digest(body)));
        return Fixtures.token(WritClaims.fromJson(json));
    }

    private static Map<String, Object> eventBridgeEvent(Map<String, Object> detail) {
        Map<String, Object> event = Json.parseObject(Events.text("eventbridge.json"));
        event.put("detail", detail);
        return event;
    }

    private static Map<String, Object> detailWithWrit() {
        Map<String, Object> detail = new LinkedHashMap<>(Map.of("paymentId", "p-1", "amount", 100));
        detail.put(EventInspector.WRIT_MEMBER, childFor(EventInspector.memberBody(detail)));
        return detail;
    }

    private String run(Object event) {
        return guard.handle(event, new TestContext(FUNCTION), (e, c, writ) -> {
            ran.add(writ.id());
            return "ran";
        });
    }

    @Test
    void anEventBridgeEventRunsWithTheWritInItsDetail() {
        Map<String, Object> event = eventBridgeEvent(detailWithWrit());

        assertThat(run(event)).isEqualTo("ran");
        assertThat(run(Events.typed(ScheduledEvent.class, Json.write(event)))).isEqualTo("ran");
    }

    @Test
    void anEventBridgeEventWhoseDetailWasChangedIsDenied() {
        Map<String, Object> detail = detailWithWrit();
        detail.put("amount", 99999);

        assertThatThrownBy(() -> run(eventBridgeEvent(detail))).isInstanceOf(WritDeniedException.class)
                .hasMessageContaining("REQUEST_MISMATCH");
        assertThat(ran).isEmpty();
    }

    @Test
    void aStepFunctionsInputRunsWithItsWritAndIsDeniedWhenChanged() {
        Map<String, Object> input = new LinkedHashMap<>(Map.of("orderId", "o-9"));
        input.put(EventInspector.WRIT_MEMBER, childFor(EventInspector.memberBody(input)));
        assertThat(run(input)).isEqualTo("ran");

        input.put("orderId", "o-10");
        assertThatThrownBy(() -> run(input)).isInstanceOf(WritDeniedException.class).hasMessageContaining("REQUEST_MISMATCH");
    }

    private SQSBatchResponse handleBatch(SQSEvent event) {
        return guard.handleBatch(event, new TestContext(FUNCTION), (m, c, writ) -> {
            if (m.getBody().contains("boom")) {
                throw new IllegalStateException("user code failed");
            }
            ran.add(m.getMessageId());
        });
    }

    private static List<String> failed(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    @Test
    void aForgedRecordIsReportedFailedAndNeverReachesUserCodeWhileTheOthersRun() {
        String queue = "arn:aws:sqs:us-east-1:123456789012:payment-events";
        String forged = WritCodec.encode(WritClaims.fromJson(Json.parseObject(Json.write(
                WritCodec.decodeUnverified(childFor("{\"n\":2}")).toJson()))),
                LocalSigner.fromJwk(TestJwks.forAlgorithm("ES256").toJSONString()));
        SQSBatchResponse response = handleBatch(batch(
                record("m-1", "{\"n\":1}", childFor("{\"n\":1}"), queue),
                record("m-2", "{\"n\":2}", forged, queue),
                record("m-3", "{\"n\":3}", childFor("{\"n\":3}"), queue),
                record("m-4", "{\"n\":4}", childFor("{\"n\":5}"), queue)));

        assertThat(failed(response)).containsExactly("m-2", "m-4");
        assertThat(ran).containsExactly("m-1", "m-3");
        assertThat(appended).filteredOn(d -> d.type() == LineageRecord.Type.DENIAL)
                .extracting(LineageRecordAccess::json).hasSize(2)
                .anySatisfy(json -> assertThat(json).contains("\"reason\":\"UNKNOWN_KEY\""))
                .anySatisfy(json -> assertThat(json).contains("\"reason\":\"REQUEST_MISMATCH\""));
    }

    @Test
    void aRecordWhoseUserCodeThrowsIsReportedFailedAndTheBatchGoesOn() {
        String queue = "arn:aws:sqs:us-east-1:123456789012:payment-events";
        SQSBatchResponse response = handleBatch(batch(record("m-1", "boom", childFor("boom"), queue),
                record("m-2", "fine", childFor("fine"), queue)));

        assertThat(failed(response)).containsExactly("m-1");
        assertThat(ran).containsExactly("m-2");
    }

    @Test
    void onAFifoQueueEveryRecordAfterAFailureIsReportedFailedToKeepTheOrder() {
        String fifo = "arn:aws:sqs:us-east-1:123456789012:payment-events.fifo";
        SQSBatchResponse response = handleBatch(batch(record("m-1", "a", childFor("a"), fifo),
                record("m-2", "b", "not-a-writ", fifo), record("m-3", "c", childFor("c"), fifo)));

        assertThat(failed(response)).containsExactly("m-2", "m-3");
        assertThat(ran).containsExactly("m-1");
    }
}
