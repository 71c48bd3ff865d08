package dev.writ.examples.payments;

import dev.writ.core.json.Json;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.utils.Lazy;

/** Payment events as SQS messages on one queue; the client is built at the first send. */
final class SqsPaymentEvents implements PaymentEvents {
    private final String queueUrl;
    private final Lazy<SqsClient> sqs = new Lazy<>(() -> SqsClient.builder().httpClient(UrlConnectionHttpClient.create()).build());

    SqsPaymentEvents(String queueUrl) {
        this.queueUrl = queueUrl;
    }

    @Override
    public Optional<String> accepted(Map<String, Object> event) {
        return Optional.of(sqs.getValue().sendMessage(r -> r.queueUrl(queueUrl).messageBody(Json.write(event))).messageId());
    }
}
