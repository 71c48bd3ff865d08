package dev.writ.e2e;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.guard.lineage.LineageTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;

/** Reading the SAM template: the real one, and the short CloudFormation tags it may use anywhere. */
class StackTemplateTest {

    @Test
    void readsTheLineageTableOfTheRealTemplate() {
        CreateTableRequest lineage = StackTemplate.load().table("LineageTable", "t");
        assertThat(lineage.tableName()).isEqualTo("t");
        assertThat(lineage.keySchema()).extracting(k -> k.attributeName() + ":" + k.keyTypeAsString())
                .containsExactly("chain:HASH", "seq:RANGE");
        assertThat(lineage.globalSecondaryIndexes()).extracting(g -> g.indexName())
                .containsExactly(LineageTable.BY_EXEC_ID, LineageTable.BY_PRINCIPAL, LineageTable.BY_TXN);
        assertThat(lineage.streamSpecification().streamViewTypeAsString()).isEqualTo("NEW_IMAGE");
        assertThat(StackTemplate.load().timeToLive("LineageTable")).isEmpty();
    }

    @Test
    void readsTheReplayTableTtlTheKeyAndTheFunctionName() {
        StackTemplate template = StackTemplate.load();
        assertThat(template.timeToLive("ReplayTable")).get().satisfies(t -> assertThat(t.attributeName()).isEqualTo("expiresAt"));
        assertThat(template.key("SigningKey")).isEqualTo(new StackTemplate.KeyShape("RSA_2048", "SIGN_VERIFY"));
        assertThat(template.key("CheckpointKey")).isEqualTo(new StackTemplate.KeyShape("ECC_NIST_P256", "SIGN_VERIFY"));
        assertThat(template.functionVariable("PaymentsRestFunction", "WRIT_GUARD_FUNCTION_NAME")).isEqualTo("payments-write");
        assertThat(template.parameterDefault("WritIssuer")).isNotBlank();
    }

    @Test
    void toleratesShortIntrinsicTagsOnScalarsSequencesAndMappings(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("t.yaml");
        Files.writeString(file, """
                Resources:
                  T:
                    Type: AWS::DynamoDB::Table
                    Properties:
                      TableName: !Sub ${AWS::StackName}-t
                      BillingMode: PAY_PER_REQUEST
                      AttributeDefinitions:
                        - {AttributeName: id, AttributeType: S}
                      KeySchema:
                        - {AttributeName: id, KeyType: HASH}
                      Tags: !If [C, [{Key: a, Value: !Ref X}], !Ref AWS::NoValue]
                      ResourcePolicy: !GetAtt Other.Policy
                """);
        CreateTableRequest t = StackTemplate.load(file).table("T", "name");
        assertThat(t.tableName()).isEqualTo("name");
        assertThat(t.hasGlobalSecondaryIndexes()).isFalse();
        assertThat(t.streamSpecification()).isNull();
    }

    @Test
    void refusesAResourceOfAnotherTypeOrWithoutKeys(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("t.yaml");
        Files.writeString(file, """
                Resources:
                  K: {Type: AWS::KMS::Key, Properties: {KeySpec: ECC_NIST_P256, KeyUsage: SIGN_VERIFY}}
                  T: {Type: AWS::DynamoDB::Table, Properties: {BillingMode: PAY_PER_REQUEST, KeySchema: []}}
                """);
        StackTemplate template = StackTemplate.load(file);
        assertThatThrownBy(() -> template.table("K", "x")).hasMessageContaining("K is not a AWS::DynamoDB::Table");
        assertThatThrownBy(() -> template.table("T", "x")).hasMessageContaining("KeySchema");
        assertThatThrownBy(() -> template.key("T")).hasMessageContaining("not a AWS::KMS::Key");
    }
}
