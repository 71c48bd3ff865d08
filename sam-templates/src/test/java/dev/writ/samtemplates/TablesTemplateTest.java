package dev.writ.samtemplates;


import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.guard.lineage.LineageTable;
import dev.writ.guard.replay.DynamoDbReplayStore;
import dev.writ.lineagefn.stream.PendingExpectations;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

/**
 * The deployed tables have the shape the code uses: the lineage table equals
 * {@link LineageTable#definition} (keys, attribute types, GSIs, projections) plus what only a
 * deployment has (point-in-time recovery, deletion protection, stream, no TTL); the replay table
 * uses {@link DynamoDbReplayStore}'s key and TTL attribute, with point-in-time recovery; the
 * completeness table equals {@link PendingExpectations#definition} (keys, attribute types) and
 * expires reported findings on {@link PendingExpectations#EXPIRES}.
 */
class TablesTemplateTest {
    private Map<String, Object> lineage;
    private Map<String, Object> replay;
    private Map<String, Object> completeness;

    @BeforeEach
    void load() throws IOException {
        Map<String, Map<String, Object>> tables = CfnTemplate.load(CfnTemplate.directory().resolve("template.yaml"))
                .resourcesOfType("AWS::DynamoDB::Table");
        lineage = tables.get("LineageTable");
        replay = tables.get("ReplayTable");
        completeness = tables.get("CompletenessTable");
        assertThat(lineage).as("LineageTable in template.yaml").isNotNull();
        assertThat(replay).as("ReplayTable in template.yaml").isNotNull();
        assertThat(completeness).as("CompletenessTable in template.yaml").isNotNull();
    }

    @Test
    void lineageTableHasTheShapeOfLineageTableDefinition() {
        CreateTableRequest code = LineageTable.definition("any");

        assertThat(attributes(lineage)).isEqualTo(attributes(code));
        assertThat(keys(lineage.get("KeySchema"))).isEqualTo(keys(code.keySchema()));
        assertThat(lineage.get("BillingMode")).isEqualTo(code.billingModeAsString());

        Map<String, Object> indexes = new LinkedHashMap<>();
        for (Object o : CfnTemplate.list(lineage.get("GlobalSecondaryIndexes"))) {
            Map<String, Object> gsi = CfnTemplate.map(o);
            indexes.put((String) gsi.get("IndexName"),
                    List.of(keys(gsi.get("KeySchema")), CfnTemplate.map(gsi.get("Projection")).get("ProjectionType")));
        }
        Map<String, Object> expected = new LinkedHashMap<>();
        code.globalSecondaryIndexes().forEach(g -> expected.put(g.indexName(),
                List.of(keys(g.keySchema()), g.projection().projectionTypeAsString())));
        assertThat(indexes).isEqualTo(expected);
    }

    @Test
    void lineageTableIsRecoverableProtectedStreamedAndNeverExpires() {
        assertThat(CfnTemplate.map(lineage.get("PointInTimeRecoverySpecification")))
                .containsEntry("PointInTimeRecoveryEnabled", true);
        assertThat(lineage).containsEntry("DeletionProtectionEnabled", true).doesNotContainKey("TimeToLiveSpecification");
        assertThat(CfnTemplate.map(lineage.get("StreamSpecification"))).containsEntry("StreamViewType", "NEW_IMAGE");
    }

    @Test
    void replayTableIsKeyedOnJtiAndExpiresOnTheStoresTtlAttribute() {
        assertThat(keys(replay.get("KeySchema"))).isEqualTo(Map.of(DynamoDbReplayStore.KEY, "HASH"));
        assertThat(CfnTemplate.map(replay.get("TimeToLiveSpecification")))
                .containsEntry("AttributeName", DynamoDbReplayStore.TTL).containsEntry("Enabled", true);
        assertThat(CfnTemplate.map(replay.get("PointInTimeRecoverySpecification")))
                .containsEntry("PointInTimeRecoveryEnabled", true);
    }

    @Test
    void completenessTableHasTheShapeOfPendingExpectationsDefinition() {
        CreateTableRequest code = PendingExpectations.definition("any");

        assertThat(attributes(completeness)).isEqualTo(attributes(code));
        assertThat(keys(completeness.get("KeySchema"))).isEqualTo(keys(code.keySchema()));
        assertThat(completeness.get("BillingMode")).isEqualTo(code.billingModeAsString());
    }

    @Test
    void completenessTableExpiresOnTheReportedFindingsTtlAttribute() {
        assertThat(CfnTemplate.map(completeness.get("TimeToLiveSpecification")))
                .containsEntry("AttributeName", PendingExpectations.EXPIRES).containsEntry("Enabled", true);
    }

    /** Attribute name → type, as the code defines them. */
    private static Map<String, Object> attributes(CreateTableRequest code) {
        return code.attributeDefinitions().stream().collect(Collectors.toMap(
                a -> a.attributeName(), a -> a.attributeTypeAsString(), (a, b) -> a, LinkedHashMap::new));
    }

    private static Map<String, Object> attributes(Map<String, Object> table) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (Object o : CfnTemplate.list(table.get("AttributeDefinitions"))) {
            Map<String, Object> a = CfnTemplate.map(o);
            attributes.put((String) a.get("AttributeName"), a.get("AttributeType"));
        }
        return attributes;
    }

    /** Attribute → HASH/RANGE, from the template's list or the SDK's. */
    private static Map<String, String> keys(Object schema) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (Object o : CfnTemplate.list(schema)) {
            if (o instanceof KeySchemaElement k) {
                keys.put(k.attributeName(), k.keyTypeAsString());
            } else {
                Map<String, Object> k = CfnTemplate.map(o);
                keys.put((String) k.get("AttributeName"), (String) k.get("KeyType"));
            }
        }
        return keys;
    }
}
