package dev.writ.e2e;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.guard.lineage.LineageTable;
import java.net.URI;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.kms.KmsClient;
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
    void signingAndCheckpointKeysHaveTheTemplatesSpecAndUsage() {
        KeyMetadata key = stack.kms.describeKey(b -> b.keyId(stack.keyArn)).keyMetadata();
        StackTemplate.KeyShape shape = template.key("SigningKey");
        assertThat(key.keySpecAsString()).isEqualTo(shape.keySpec()).isEqualTo("RSA_2048");
        assertThat(key.keyUsageAsString()).isEqualTo(shape.keyUsage()).isEqualTo("SIGN_VERIFY");
        KeyMetadata checkpoint = stack.kms.describeKey(b -> b.keyId(stack.checkpointKeyArn)).keyMetadata();
        assertThat(checkpoint.keySpecAsString()).isEqualTo(template.key("CheckpointKey").keySpec()).isEqualTo("ECC_NIST_P256");
    }

    /**
     * On LocalStack, the stack is there and not on the direct emulators that scripts/test also runs (for the other
     * modules' tests): clients built for each endpoint by hand, not through the settings the run relies on.
     */
    @Test
    void onLocalStackTheStackIsMadeThereAndNotOnTheDirectEmulators() {
        Endpoints.Target target = Endpoints.require();
        URI localStack = target.localStack();
        if (localStack == null) {
            // WRIT_LOCALSTACK=off or a real account: the SDK's variables are the only route, as printed at the start.
            assertThat(target.description()).doesNotStartWith("LocalStack");
            return;
        }
        try (DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(localStack)
                .httpClient(UrlConnectionHttpClient.create()).build();
             KmsClient kms = KmsClient.builder().endpointOverride(localStack).httpClient(UrlConnectionHttpClient.create()).build()) {
            assertThat(dynamo.describeTable(b -> b.tableName(stack.lineageTable)).table().tableName()).isEqualTo(stack.lineageTable);
            assertThat(kms.describeKey(b -> b.keyId(stack.keyArn)).keyMetadata().arn()).isEqualTo(stack.keyArn);
        }
        String direct = System.getenv("AWS_ENDPOINT_URL_DYNAMODB");
        if (direct != null && !URI.create(direct).equals(localStack)) {
            try (DynamoDbClient emulator = DynamoDbClient.builder().endpointOverride(URI.create(direct))
                    .httpClient(UrlConnectionHttpClient.create()).build()) {
                assertThatThrownBy(() -> emulator.describeTable(b -> b.tableName(stack.lineageTable)))
                        .isInstanceOf(ResourceNotFoundException.class);
            }
        }
    }

    private static Map<String, String> keys(java.util.stream.Stream<KeySchemaElement> schema) {
        return schema.collect(Collectors.toMap(KeySchemaElement::attributeName, KeySchemaElement::keyTypeAsString));
    }
}
