package dev.writ.authorizer;


import dev.writ.testsupport.Emulators;
import dev.writ.testsupport.TestIdp;
import dev.writ.guard.internal.DefaultDynamoDb;
import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.authorizer.event.RecordedEvent;
import dev.writ.audit.ChainVerdict;
import dev.writ.audit.LineageAudit;
import dev.writ.guard.lineage.LineageConfig;
import dev.writ.guard.lineage.LineageTable;
import dev.writ.guard.lineage.LineageWriter;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Every decision, allow and deny, lands on chain {@code authorizer#<n>} of a real (DynamoDB Local) lineage table. */
class LineageDecisionsIT {
    private static TestIdp idp;
    private static Supplier<DynamoDbClient> dynamo;
    private static String table;

    @BeforeAll
    static void setUp() {
        Emulators.require("DYNAMODB");
        idp = new TestIdp();
        dynamo = DefaultDynamoDb.lazy();
        table = "writ-lineage-authz-it-" + UUID.randomUUID();
        LineageTable.create(dynamo.get(), table);
    }

    @AfterAll
    static void tearDown() {
        if (idp != null) {
            idp.close();
        }
    }

    @Test
    void appendsAllowAndDenyDecisionsToTheAuthorizerChain() {
        LineageConfig config = LineageConfig.builder().table(table).shards(4).shard(2).build();
        Authorizer authorizer = TestWorld.authorizer(idp, TestWorld.clockAt(TestWorld.MONDAY_10), new ByteArrayOutputStream())
                .lineage(LineageWriter.create(config, dynamo)).build();

        RecordedEvent.Http allowed = (RecordedEvent.Http) TestWorld.event("http-request",
                idp.token("vera", List.of("viewer"), TestWorld.MONDAY_10), e -> { });
        RecordedEvent.Http denied = (RecordedEvent.Http) TestWorld.event("http-request",
                idp.token("nobody", List.of(), TestWorld.MONDAY_10), e -> { });
        Decision allow = authorizer.decide(allowed.event());
        Decision deny = authorizer.decide(denied.event());
        assertThat(allow.isAllowed()).isTrue();
        assertThat(deny.effect()).isEqualTo(Decision.Effect.DENY);

        List<Map<String, AttributeValue>> items = dynamo.get().query(r -> r.tableName(table).consistentRead(true)
                .keyConditionExpression("#c = :c").expressionAttributeNames(Map.of("#c", "chain"))
                .expressionAttributeValues(Map.of(":c", AttributeValue.fromS("authorizer#2")))).items();
        assertThat(items).hasSize(2);
        assertThat(items.get(0).get("type").s()).isEqualTo("decision");
        assertThat(items.get(0).get("decision").s()).isEqualTo("allow");
        assertThat(items.get(0).get("execId").s()).isEqualTo(allow.writ().orElseThrow().id());
        assertThat(items.get(0).get("principal").s()).isEqualTo("vera");
        assertThat(items.get(0).get("action").s()).isEqualTo("Payments::Action::\"GetPayment\"");
        assertThat(items.get(0).get("bundle").s()).startsWith("payments-api@3#");
        assertThat(items.get(1).get("decision").s()).isEqualTo("deny");
        assertThat(items.get(1).get("reason").s()).isEqualTo("POLICY_DENY");
        assertThat(items.get(1).get("prev").s()).isEqualTo(items.get(0).get("hash").s());

        ChainVerdict verdict = LineageAudit.create(config, dynamo, Optional.empty()).verifyChain("authorizer#2", (c, n) -> { });
        assertThat(verdict.intact()).as(verdict.toJson()).isTrue();
        assertThat(verdict.recordsVerified()).isEqualTo(2);
    }

    @Test
    void aMissingTableKeepsTheAnsweredDecisionsRecordAndRefusesTheNextRequest() {
        LineageConfig config = LineageConfig.builder().table("no-such-table-" + UUID.randomUUID()).maxAttempts(1).build();
        Authorizer authorizer = TestWorld.authorizer(idp, TestWorld.clockAt(TestWorld.MONDAY_10), new ByteArrayOutputStream())
                .lineage(LineageWriter.create(config, dynamo)).build();
        RecordedEvent.Http allowed = (RecordedEvent.Http) TestWorld.event("http-request",
                idp.token("vera", List.of("viewer"), TestWorld.MONDAY_10), e -> { });
        assertThat(authorizer.decide(allowed.event()).effect()).as("answered before its record is written")
                .isEqualTo(Decision.Effect.ALLOW);
        Decision o = authorizer.decide(allowed.event());
        assertThat(o.effect()).isEqualTo(Decision.Effect.DENY);
        assertThat(o.reason()).isEqualTo(ReasonCode.LINEAGE_UNAVAILABLE);
    }
}
