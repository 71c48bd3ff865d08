package dev.writ.guard.hop;

import dev.writ.guard.internal.EventInspector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishBatchRequest;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * SNS {@code Publish} and {@code PublishBatch} to a topic: message attribute {@code writ} on every
 * message, bound to its {@code Message} (not bound with {@code MessageStructure: json}, whose
 * subscribers each get another message). A publish to a phone number or a platform endpoint
 * reaches no guard and is not a hop.
 */
final class SnsMessages {

    /** SNS's limit of message attributes per message. */
    private static final int MAX_ATTRIBUTES = 10;

    private SnsMessages() {
    }

    static SdkRequest attach(SdkRequest call, ChildSource children) {
        if (call instanceof PublishBatchRequest batch) {
            return attach(batch, children);
        }
        PublishRequest request = (PublishRequest) call;
        if (request.topicArn() == null) {
            return request;
        }
        String writ = children.child(HopKind.SNS_PUBLISH, request.topicArn(), digest(request.message(), request.messageStructure()));
        return request.toBuilder().messageAttributes(withWrit(request.messageAttributes(), writ, request.topicArn())).build();
    }

    private static PublishBatchRequest attach(PublishBatchRequest request, ChildSource children) {
        List<PublishBatchRequestEntry> entries = new ArrayList<>();
        for (PublishBatchRequestEntry entry : request.publishBatchRequestEntries()) {
            String writ = children.child(HopKind.SNS_PUBLISH, request.topicArn(), digest(entry.message(), entry.messageStructure()));
            entries.add(entry.toBuilder().messageAttributes(withWrit(entry.messageAttributes(), writ, request.topicArn())).build());
        }
        return request.toBuilder().publishBatchRequestEntries(entries).build();
    }

    private static String digest(String message, String structure) {
        return "json".equals(structure) ? null : ChildSource.bodyDigest(message);
    }

    private static Map<String, MessageAttributeValue> withWrit(Map<String, MessageAttributeValue> attributes, String writ,
                                                              String topic) {
        Map<String, MessageAttributeValue> out = new HashMap<>(attributes);
        out.put(EventInspector.WRIT, MessageAttributeValue.builder().dataType("String").stringValue(writ).build());
        if (out.size() > MAX_ATTRIBUTES) {
            throw new WritHopException(WritHopException.Reason.HOP_TOO_LARGE, null, "sns:Publish to " + topic
                    + ": the message already has " + MAX_ATTRIBUTES + " attributes; the writ needs one");
        }
        return out;
    }
}
