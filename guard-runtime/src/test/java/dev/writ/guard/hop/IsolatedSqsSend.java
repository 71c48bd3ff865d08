package dev.writ.guard.hop;

import dev.writ.guard.Fixtures;
import dev.writ.guard.Guard;
import dev.writ.guard.GuardConfig;
import dev.writ.guard.writ.WritVerifier;
import dev.writ.testsupport.TestContext;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * A guarded SQS send, run by {@link WithoutOptionalClientsTest} inside a class loader that lacks the
 * other services' SDK modules: returns the writ the message would have carried.
 */
public final class IsolatedSqsSend implements Supplier<String> {

    @Override
    public String get() {
        LocalExchange exchange = new LocalExchange(new WritVerifier(Fixtures.verifierConfig().build()), Fixtures.FUNCTION,
                Fixtures.signer(), Fixtures.CLOCK);
        Guard guard = Guard.create(GuardConfig.builder().verifier(Fixtures.verifierConfig().build())
                .logTo(new PrintStream(OutputStream.nullOutputStream())).hops(exchange).build());
        SentRequests sent = new SentRequests();
        try (SqsClient sqs = sent.configure(SqsClient.builder()).httpClient(UrlConnectionHttpClient.create()).build()) {
            guard.handle(Map.of("writ", Fixtures.token(WritHopInterceptorTest.parent().build())),
                    new TestContext(Fixtures.FUNCTION), (e, c, writ) -> {
                        WritHopInterceptorTest.call(() -> sqs.sendMessage(r -> r.queueUrl(WritHopInterceptorTest.QUEUE)
                                .messageBody("alone")));
                        return "ok";
                    });
        }
        return sent.last(SendMessageRequest.class).messageAttributes().get("writ").stringValue();
    }
}
