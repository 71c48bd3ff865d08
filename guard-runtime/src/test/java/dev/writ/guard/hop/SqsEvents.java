package dev.writ.guard.hop;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** What a test of a guarded SQS consumer needs: a real queue's messages, or records, as Lambda delivers them. */
public final class SqsEvents {

    private SqsEvents() {
    }

    /** Exactly {@code count} messages of {@code queueUrl}, with their attributes (fails after 20 one-second polls). */
    public static List<Message> receive(SqsClient sqs, String queueUrl, int count) {
        List<Message> out = new ArrayList<>();
        for (int attempt = 0; attempt < 20 && out.size() < count; attempt++) {
            out.addAll(sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageAttributeNames("All")).messages());
        }
        assertThat(out).as("messages on %s", queueUrl).hasSize(count);
        return out;
    }

    /** The SQS event Lambda's event source mapping builds from {@code messages} of the queue {@code queueArn}. */
    public static SQSEvent of(List<Message> messages, String queueArn) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message message : messages) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(message.messageId());
            record.setBody(message.body());
            record.setEventSourceArn(queueArn);
            Map<String, SQSEvent.MessageAttribute> attributes = new HashMap<>();
            message.messageAttributes().forEach((name, value) -> {
                SQSEvent.MessageAttribute a = new SQSEvent.MessageAttribute();
                a.setDataType(value.dataType());
                a.setStringValue(value.stringValue());
                attributes.put(name, a);
            });
            record.setMessageAttributes(attributes);
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    /** One record of queue {@code queueArn} (its {@code eventSourceARN}; null: none) carrying {@code writ} in its {@code writ} attribute. */
    public static SQSEvent.SQSMessage record(String id, String body, String writ, String queueArn) {
        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId(id);
        m.setBody(body);
        m.setEventSourceArn(queueArn);
        SQSEvent.MessageAttribute a = new SQSEvent.MessageAttribute();
        a.setDataType("String");
        a.setStringValue(writ);
        m.setMessageAttributes(Map.of("writ", a));
        return m;
    }

    /** A batch of {@code records}. */
    public static SQSEvent batch(SQSEvent.SQSMessage... records) {
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(records));
        return event;
    }
}
