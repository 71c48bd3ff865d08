package dev.writ.guard.hop;

import dev.writ.guard.internal.EventInspector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/** SQS {@code SendMessage} and {@code SendMessageBatch}: message attribute {@code writ} on every message, bound to its body. */
final class SqsMessages {

    /** SQS's (and SNS's) limit of message attributes per message. */
    static final int MAX_ATTRIBUTES = 10;

    private SqsMessages() {
    }

    static SdkRequest attach(SdkRequest call, ChildSource children) {
        if (call instanceof SendMessageBatchRequest batch) {
            return attach(batch, children);
        }
        SendMessageRequest request = (SendMessageRequest) call;
        String writ = children.child(HopKind.SQS_SEND, request.queueUrl(), ChildSource.bodyDigest(request.messageBody()));
        return request.toBuilder().messageAttributes(withWrit(request.messageAttributes(), writ, request.queueUrl())).build();
    }

    private static SendMessageBatchRequest attach(SendMessageBatchRequest request, ChildSource children) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (SendMessageBatchRequestEntry entry : request.entries()) {
            String writ = children.child(HopKind.SQS_SEND, request.queueUrl(), ChildSource.bodyDigest(entry.messageBody()));
            entries.add(entry.toBuilder().messageAttributes(withWrit(entry.messageAttributes(), writ, request.queueUrl())).build());
        }
        return request.toBuilder().entries(entries).build();
    }

    private static Map<String, MessageAttributeValue> withWrit(Map<String, MessageAttributeValue> attributes, String writ,
                                                              String queue) {
        Map<String, MessageAttributeValue> out = new HashMap<>(attributes);
        out.put(EventInspector.WRIT, MessageAttributeValue.builder().dataType("String").stringValue(writ).build());
        if (out.size() > MAX_ATTRIBUTES) {
            throw new WritHopException(WritHopException.Reason.HOP_TOO_LARGE, null, "sqs:SendMessage to " + queue
                    + ": the message already has " + MAX_ATTRIBUTES + " attributes, SQS's limit; the writ needs one");
        }
        return out;
    }
}
