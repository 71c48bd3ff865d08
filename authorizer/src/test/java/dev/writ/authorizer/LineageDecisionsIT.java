package dev.writ.authorizer;


import dev.writ.testsupport.Emulators;
import dev.writ.testsupport.TestIdp;
import dev.writ.guard.internal.DefaultDynamoDb;
import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.authorizer.event.RecordedEvent;
import dev.writ.authorizer.exchange.ExchangeConfig;
import dev.writ.authorizer.exchange.ToolCallExchange;
import dev.writ.core.config.Environment;
import dev.writ.audit.ChainVerdict;
import dev.writ.audit.LineageAudit;
import dev.writ.audit.VerifyProgress;
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

/**
 * Every decision, allow and deny, lands on chain {@code authorizer#<n>} of a real (DynamoDB Local)
 * lineage table: the tool-call exchange's own refusals too (misconfigured, a foreign agent, no
 * caller, a body that is no tool call), naming the caller, the agent and the tool; and a session id
 * sent by another user lands in that user's own transaction.
 */
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
    void theToolCallExchangesOwnRefusalsAreRecordedOnTheAuthorizerChainNamingCallerAndTool() {
        LineageConfig config = LineageConfig.builder().table(table).shards(4).shard(3).build();
        Authorizer authorizer = TestWorld.authorizer(idp, TestWorld.clockAt(TestWorld.MONDAY_10), new ByteArrayOutputStream())
                .lineage(LineageWriter.create(config, dynamo)).build();
        String agent = "arn:aws:sts::123456789012:assumed-role/support-agent/s-1";
        String foreign = "arn:aws:sts::999999999999:assumed-role/support-agent/s-1";
        String refund = "{\"tool\":\"refund_payment\",\"arguments\":{\"payment_id\":\"p-7\",\"amount\":120}}";
        String bearer = "Bearer " + idp.token("carl", List.of("clerk"), TestWorld.MONDAY_10);
        // No WRIT_EXCHANGE_ACCOUNT: every call refused, and each refusal is what an auditor must see.
        ToolCallExchange misconfigured = ExchangeConfig.toolCallExchange(authorizer, Environment.of(Map.of("AWS_REGION", "us-east-1")));
        ToolCallExchange configured = ExchangeConfig.toolCallExchange(authorizer,
                Environment.of(Map.of("AWS_REGION", "us-east-1", "WRIT_EXCHANGE_ACCOUNT", "123456789012")));

        assertThat(misconfigured.exchange(refund, bearer, agent).reason()).isEqualTo("MISCONFIGURED");
        assertThat(configured.exchange(refund, bearer, foreign).reason()).isEqualTo("FOREIGN_AGENT");
        assertThat(configured.exchange(refund, bearer, null).reason()).isEqualTo("NO_CALLER");
        assertThat(configured.exchange("{\"tool\":\"refund_payment\"}", bearer, agent).reason()).isEqualTo("BAD_REQUEST");

        List<Map<String, AttributeValue>> items = dynamo.get().query(r -> r.tableName(table).consistentRead(true)
                .keyConditionExpression("#c = :c").expressionAttributeNames(Map.of("#c", "chain"))
                .expressionAttributeValues(Map.of(":c", AttributeValue.fromS("authorizer#3")))).items();
        assertThat(items).extracting(i -> i.get("reason").s()).containsExactly("MISCONFIGURED caller=" + agent,
                "FOREIGN_AGENT caller=" + foreign, "NO_CALLER", "BAD_REQUEST caller=" + agent);
        // The agent is the caller's role, where the caller is a role session.
        assertThat(items).extracting(i -> i.containsKey("agent") ? i.get("agent").s() : null).containsExactly(
                "arn:aws:iam::123456789012:role/support-agent", "arn:aws:iam::999999999999:role/support-agent", null,
                "arn:aws:iam::123456789012:role/support-agent");
        assertThat(items).allSatisfy(i -> {
            assertThat(i.get("type").s()).isEqualTo("decision");
            assertThat(i.get("decision").s()).isEqualTo("deny");
            assertThat(i.get("function").s()).isEqualTo("authorizer");
            assertThat(i.get("tool").s()).isEqualTo("refund_payment");
            assertThat(i).doesNotContainKeys("execId", "principal");
        });
        ChainVerdict verdict = LineageAudit.create(config, dynamo, Optional.empty()).verifyChain("authorizer#3", (c, n) -> { });
        assertThat(verdict.intact()).as(verdict.toJson()).isTrue();
        assertThat(verdict.recordsVerified()).isEqualTo(4);
    }

    @Test
    void anotherUserSendingTheSameSessionIdIsRecordedInAnotherTransactionAndTheSessionReadsBackAsItsUsersAlone() {
        LineageConfig config = LineageConfig.builder().table(table).shards(4).shard(1).build();
        Authorizer authorizer = TestWorld.authorizer(idp, TestWorld.clockAt(TestWorld.MONDAY_10), new ByteArrayOutputStream())
                .lineage(LineageWriter.create(config, dynamo)).build();
        ToolCallExchange exchange = ExchangeConfig.toolCallExchange(authorizer,
                Environment.of(Map.of("AWS_REGION", "us-east-1", "WRIT_EXCHANGE_ACCOUNT", "123456789012")));
        String session = "session-" + UUID.randomUUID();
        String list = "{\"tool\":\"list_payments\",\"arguments\":{},\"txn\":\"" + session + "\"}";
        String host = "arn:aws:sts::123456789012:assumed-role/support-agent/s-1";

        Object carls = exchange.exchange(list, "Bearer " + idp.token("carl", List.of("clerk"), TestWorld.MONDAY_10), host)
                .toJson().get("txn");
        Object veras = exchange.exchange(list, "Bearer " + idp.token("vera", List.of("viewer"), TestWorld.MONDAY_10), host)
                .toJson().get("txn");
        assertThat(carls).isNotNull().isNotEqualTo(veras);
        assertThat(veras).isNotNull();

        LineageAudit audit = LineageAudit.create(config, dynamo, Optional.empty());
        List<LineageAudit.IndexedRecord> session1 = audit.transaction((String) carls, VerifyProgress.none());
        assertThat(session1).singleElement().satisfies(i -> {
            assertThat(i.verified()).isTrue();
            assertThat(i.record().principal()).contains("carl");
            assertThat(i.record().agent()).contains("arn:aws:iam::123456789012:role/support-agent");
        });
        assertThat(audit.transaction((String) veras, VerifyProgress.none()))
                .singleElement().satisfies(i -> assertThat(i.record().principal()).contains("vera"));
        assertThat(audit.transaction(session, VerifyProgress.none())).as("the host's id is no transaction").isEmpty();
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
