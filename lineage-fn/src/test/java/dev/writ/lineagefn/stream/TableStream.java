package dev.writ.lineagefn.stream;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.writ.guard.lineage.LineageTable;
import java.net.URI;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * A fresh lineage table with a stream on DynamoDB Local, read from its start with
 * GetShardIterator/GetRecords and handed out as the Lambda {@code DynamodbEvent} the stream
 * verifier gets, batch by batch.
 */
final class TableStream {
    private final String table;
    private final DynamoDbStreamsClient streams;
    private String iterator;

    private TableStream(String table, DynamoDbStreamsClient streams, String iterator) {
        this.table = table;
        this.streams = streams;
        this.iterator = iterator;
    }

    static TableStream create(DynamoDbClient ddb) {
        // The SDK reads AWS_ENDPOINT_URL_DYNAMODB_STREAMS for this client; scripts/test exports only the
        // DynamoDB one, and DynamoDB Local serves streams on the same port.
        String endpoint = System.getenv().getOrDefault("AWS_ENDPOINT_URL_DYNAMODB_STREAMS", System.getenv("AWS_ENDPOINT_URL_DYNAMODB"));
        DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder().httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(URI.create(endpoint)).build();
        String table = "writ-lineage-fn-stream-" + UUID.randomUUID();
        ddb.createTable(LineageTable.definition(table).toBuilder().streamSpecification(StreamSpecification.builder()
                .streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES).build()).build());
        ddb.waiter().waitUntilTableExists(b -> b.tableName(table));
        String arn = ddb.describeTable(b -> b.tableName(table)).table().latestStreamArn();
        String shard = streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards().get(0).shardId();
        String iterator = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        return new TableStream(table, streams, iterator);
    }

    String table() {
        return table;
    }

    /** Reads what the stream holds now, as the Lambda event the handler would get. */
    DynamodbEvent nextBatch() {
        var r = streams.getRecords(b -> b.shardIterator(iterator));
        iterator = r.nextShardIterator();
        DynamodbEvent event = new DynamodbEvent();
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
        for (var rec : r.records()) {
            DynamodbEvent.DynamodbStreamRecord e = new DynamodbEvent.DynamodbStreamRecord();
            e.setEventID(rec.eventID());
            e.setEventName(rec.eventNameAsString());
            e.setEventSource("aws:dynamodb");
            e.setAwsRegion("us-east-1");
            StreamRecord sr = new StreamRecord();
            sr.setKeys(toEvents(rec.dynamodb().keys()));
            if (rec.dynamodb().hasNewImage()) {
                sr.setNewImage(toEvents(rec.dynamodb().newImage()));
            }
            if (rec.dynamodb().hasOldImage()) {
                sr.setOldImage(toEvents(rec.dynamodb().oldImage()));
            }
            sr.setSequenceNumber(rec.dynamodb().sequenceNumber());
            if (rec.dynamodb().approximateCreationDateTime() != null) {
                sr.setApproximateCreationDateTime(Date.from(rec.dynamodb().approximateCreationDateTime()));
            }
            sr.setStreamViewType(com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType.fromValue(rec.dynamodb().streamViewTypeAsString()));
            e.setDynamodb(sr);
            records.add(e);
        }
        event.setRecords(records);
        return event;
    }

    private static Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> toEvents(Map<String, AttributeValue> item) {
        Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> out = new HashMap<>();
        item.forEach((k, v) -> {
            var a = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue();
            if (v.s() != null) {
                a.setS(v.s());
            }
            if (v.n() != null) {
                a.setN(v.n());
            }
            out.put(k, a);
        });
        return out;
    }
}
