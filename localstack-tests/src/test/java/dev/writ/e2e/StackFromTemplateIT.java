package dev.writ.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.guard.lineage.LineageTable;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

/**
 * What the other tests run on is what the SAM template deploys: the tables and the key that
 * {@link E2eStack} made on the endpoint, as the endpoint describes them, have the template's key
 * schema, attributes, GSIs, stream, TTL, key spec and usage.
 */
class StackFromTemplateIT {
    private static E2eStack stack;
    private static StackTemplate template;

    @BeforeAll
    static void start() {
        stack = E2eStack.start("template");
        template = StackTemplate.load();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void lineageTableHasTheTemplatesKeysIndexesAndStream() {
        CreateTableRequest expected = template.table("LineageTable", stack.lineageTable);
        TableDescription actual = stack.dynamo.describeTable(b -> b.tableName(stack.lineageTable)).table();

        assertThat(keys(actual.keySchema().stream())).isEqualTo(keys(expected.keySchema().stream()));
        assertThat(actual.attributeDefinitions()).containsExactlyInAnyOrderElementsOf(expected.attributeDefinitions());
        assertThat(actual.globalSecondaryIndexes().stream().collect(Collectors.toMap(GlobalSecondaryIndexDescription::indexName,
                g -> keys(g.keySchema().stream()) + " " + g.projection().projectionTypeAsString())))
                .isEqualTo(expected.globalSecondaryIndexes().stream().collect(Collectors.toMap(g -> g.indexName(),
                        g -> keys(g.keySchema().stream()) + " " + g.projection().projectionTypeAsString())));
        assertThat(actual.globalSecondaryIndexes()).extracting(GlobalSecondaryIndexDescription::indexName)
                .containsExactlyInAnyOrder(LineageTable.BY_EXEC_ID, LineageTable.BY_PRINCIPAL, LineageTable.BY_TXN);
        assertThat(actual.streamSpecification().streamEnabled()).isTrue();
        assertThat(actual.streamSpecification().streamViewTypeAsString())
                .isEqualTo(expected.streamSpecification().streamViewTypeAsString());
        assertThat(template.timeToLive("LineageTable")).as("lineage is never deleted").isEmpty();
    }

    @Test
    void replayTableHasTheTemplatesKeyAndTimeToLive() {
        CreateTableRequest expected = template.table("ReplayTable", stack.replayTable);
        TableDescription actual = stack.dynamo.describeTable(b -> b.tableName(stack.replayTable)).table();
        assertThat(keys(actual.keySchema().stream())).isEqualTo(keys(expected.keySchema().stream()));

        var ttl = stack.dynamo.describeTimeToLive(b -> b.tableName(stack.replayTable)).timeToLiveDescription();
        assertThat(ttl.attributeName()).isEqualTo(template.timeToLive("ReplayTable").orElseThrow().attributeName());
        assertThat(ttl.timeToLiveStatusAsString()).isIn("ENABLED", "ENABLING");
    }

    @Test
    void signingKeyHasTheTemplatesSpecAndUsage() {
        KeyMetadata key = stack.kms.describeKey(b -> b.keyId(stack.keyArn)).keyMetadata();
        StackTemplate.KeyShape shape = template.key("SigningKey");
        assertThat(key.keySpecAsString()).isEqualTo(shape.keySpec()).isEqualTo("ECC_NIST_P256");
        assertThat(key.keyUsageAsString()).isEqualTo(shape.keyUsage()).isEqualTo("SIGN_VERIFY");
    }

    private static Map<String, String> keys(java.util.stream.Stream<KeySchemaElement> schema) {
        return schema.collect(Collectors.toMap(KeySchemaElement::attributeName, KeySchemaElement::keyTypeAsString));
    }
}
