package dev.writ.examples.payments;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.writ.core.keys.JwksKeyResolver;
import dev.writ.core.sign.LocalSigner;
import dev.writ.guard.Guard;
import dev.writ.guard.GuardConfig;
import dev.writ.guard.writ.BoundInputs;
import dev.writ.guard.writ.VerifierConfig;
import dev.writ.guard.writ.WritClaims;
import dev.writ.guard.writ.WritCodec;
import dev.writ.testsupport.TestContext;
import dev.writ.testsupport.TestJwks;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The queue consumer behind a real guard (local key): each record on its own, a partial batch response. */
class NotifyPaymentTest {
    private static final String ISSUER = "https://authorizer.example.test";
    private static final String FUNCTION = "payments-notify";
    private static final JWK KEY = TestJwks.es256();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final NotifyPayment handler = new NotifyPayment(Guard.create(GuardConfig.builder()
            .verifier(VerifierConfig.builder()
                    .keys(JwksKeyResolver.fromJwks(new JWKSet(KEY.toPublicJWK()).toString()))
                    .trustedIssuers(Set.of(ISSUER))
                    .build())
            .functionName(FUNCTION)
            .logTo(new PrintStream(OutputStream.nullOutputStream()))
            .build()), new PrintStream(out, true, StandardCharsets.UTF_8));

    /** The child writ the exchange mints for payments-write's send, bound to {@code body}. */
    private static String child(String audience, String body, JWK key) {
        long now = System.currentTimeMillis() / 1000;
        WritClaims writ = WritClaims.builder().issuer(ISSUER).subject("carl").audience(audience)
                .issuedAt(now).notBefore(now).expiresAt(now + 60).id("jti-" + System.nanoTime())
                .action("Payments::Action::\"SendPaymentEvent\"").resource("Payments::Queue::\"payment-events\"")
                .inputs(BoundInputs.ofValues(Map.of(BoundInputs.BODY, body))).transaction("txn-7").parent("jti-parent").build();
        return WritCodec.encode(writ, LocalSigner.fromJwk(key.toJSONString()));
    }

    private static SQSEvent.SQSMessage record(String id, String body, String writ) {
        SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
        record.setMessageId(id);
        record.setBody(body);
        record.setEventSourceArn("arn:aws:sqs:us-east-1:123456789012:payment-events");
        if (writ != null) {
            SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
            attribute.setDataType("String");
            attribute.setStringValue(writ);
            record.setMessageAttributes(Map.of("writ", attribute));
        }
        return record;
    }

    @Test
    void notifiesForEveryVerifiedRecordAndReportsTheOthersFailed() {
        String good = "{\"paymentId\":\"p-1\"}";
        String noId = "{\"amount\":5}";
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(
                record("ok", good, child(FUNCTION, good, KEY)),
                record("forged", good, child(FUNCTION, good, TestJwks.es256())),
                record("unsigned", good, null),
                record("other-body", "{\"paymentId\":\"p-2\"}", child(FUNCTION, good, KEY)),
                record("other-function", good, child("ledger-post", good, KEY)),
                record("no-payment-id", noId, child(FUNCTION, noId, KEY))));

        SQSBatchResponse response = handler.handleRequest(event, new TestContext(FUNCTION));

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("forged", "unsigned", "other-body", "other-function", "no-payment-id");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"notified\":\"p-1\"").contains("\"principal\":\"carl\"")
                .contains("\"txn\":\"txn-7\"").contains("\"par\":\"jti-parent\"").doesNotContain("p-2");
    }
}
