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
 * reaches no guard and is not a hop. A message with its attributes must stay within the largest
 * size a topic accepts, else the call is not sent; a topic's own {@code MaximumMessageSize} (256 KiB
 * unless raised) is not known here, so a message between it and that ceiling is refused by SNS.
 */
final class SnsMessages {

    /** SNS's limit of message attributes per message. */
    private static final int MAX_ATTRIBUTES = 10;
    /** The largest {@code MaximumMessageSize} a topic can have: SNS counts the message and every attribute's name, type and value. */
    static final int MAX_MESSAGE_BYTES = 1024 * 1024;
    private static final SizeLimit LIMIT = new SizeLimit("SNS's", MAX_MESSAGE_BYTES, "1 MiB, the largest MaximumMessageSize of a topic");

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
        String writ = child(request.topicArn(), request.message(), request.messageStructure(), request.messageAttributes(), children);
        return request.toBuilder().messageAttributes(withWrit(request.message(), request.messageAttributes(), writ, request.topicArn())).build();
    }

    private static PublishBatchRequest attach(PublishBatchRequest request, ChildSource children) {
        List<PublishBatchRequestEntry> entries = new ArrayList<>();
        for (PublishBatchRequestEntry entry : request.publishBatchRequestEntries()) {
            String writ = child(request.topicArn(), entry.message(), entry.messageStructure(), entry.messageAttributes(), children);
            entries.add(entry.toBuilder().messageAttributes(withWrit(entry.message(), entry.messageAttributes(), writ, request.topicArn())).build());
        }
        return request.toBuilder().publishBatchRequestEntries(entries).build();
    }

    /** The child for one message; none is asked for a message too large without it, which cannot be sent. */
    private static String child(String topic, String message, String structure, Map<String, MessageAttributeValue> attributes,
                                ChildSource children) {
        LIMIT.require(bytes(message, attributes), "sns:Publish to " + topic + ": the message with its attributes");
        return children.child(HopKind.SNS_PUBLISH, topic, "json".equals(structure) ? null : ChildSource.bodyDigest(message));
    }

    private static Map<String, MessageAttributeValue> withWrit(String message, Map<String, MessageAttributeValue> attributes,
                                                              String writ, String topic) {
        Map<String, MessageAttributeValue> out = new HashMap<>(attributes);
        out.put(EventInspector.WRIT, MessageAttributeValue.builder().dataType("String").stringValue(writ).build());
        if (out.size() > MAX_ATTRIBUTES) {
            throw new WritHopException(WritHopException.Reason.HOP_TOO_LARGE, null, "sns:Publish to " + topic
                    + ": the message already has " + MAX_ATTRIBUTES + " attributes; the writ needs one");
        }
        LIMIT.require(bytes(message, out), "sns:Publish to " + topic + ": the message with its attributes and the writ");
        return out;
    }

    /** The message's size as SNS counts it: the message, and each attribute's name, data type and value. */
    static long bytes(String message, Map<String, MessageAttributeValue> attributes) {
        long size = SizeLimit.utf8(message);
        for (Map.Entry<String, MessageAttributeValue> attribute : attributes.entrySet()) {
            MessageAttributeValue value = attribute.getValue();
            size += SizeLimit.utf8(attribute.getKey()) + SizeLimit.utf8(value.dataType()) + SizeLimit.utf8(value.stringValue())
                    + (value.binaryValue() == null ? 0 : value.binaryValue().asByteBuffer().remaining());
        }
        return size;
    }
}
