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

/**
 * SQS {@code SendMessage} and {@code SendMessageBatch}: message attribute {@code writ} on every
 * message, bound to its body. The exchange is asked for the queue by its ARN (the URL's account
 * and name, the client's region), which names the region a URL may leave out; a URL that names
 * another region than the client's is not sent, as its queue depends on who serves the call.
 */
final class SqsMessages {

    /** SQS's (and SNS's) limit of message attributes per message. */
    static final int MAX_ATTRIBUTES = 10;

    private SqsMessages() {
    }

    static SdkRequest attach(SdkRequest call, ChildSource children, CallResources.Arns arns) {
        if (call instanceof SendMessageBatchRequest batch) {
            return attach(batch, children, target(batch.queueUrl(), arns));
        }
        SendMessageRequest request = (SendMessageRequest) call;
        String writ = children.child(HopKind.SQS_SEND, target(request.queueUrl(), arns), ChildSource.bodyDigest(request.messageBody()));
        return request.toBuilder().messageAttributes(withWrit(request.messageAttributes(), writ, request.queueUrl())).build();
    }

    /** The queue's ARN; the URL as given when no ARN can be read from it (the exchange then judges it). */
    private static String target(String queueUrl, CallResources.Arns arns) {
        List<String> queues = CallResources.queueArns(queueUrl, arns);
        if (queues.size() > 1) {
            throw new WritHopException(WritHopException.Reason.HOP_NOT_POSSIBLE, null, "sqs:SendMessage to " + queueUrl
                    + ": the URL names another region than the client's (" + arns.region() + "), so which queue gets the"
                    + " message depends on who serves the call; send it with a client of the queue's region");
        }
        return queues.isEmpty() ? queueUrl : queues.get(0);
    }

    private static SendMessageBatchRequest attach(SendMessageBatchRequest request, ChildSource children, String queue) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (SendMessageBatchRequestEntry entry : request.entries()) {
            String writ = children.child(HopKind.SQS_SEND, queue, ChildSource.bodyDigest(entry.messageBody()));
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
