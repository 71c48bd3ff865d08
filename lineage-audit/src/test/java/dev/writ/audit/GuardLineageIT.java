package dev.writ.audit;

import dev.writ.testsupport.TestContext;
import dev.writ.guard.GuardEvents;
import dev.writ.testsupport.Events;

import dev.writ.guard.Guard;
import dev.writ.guard.GuardConfig;
import dev.writ.guard.writ.WritClaims;
import dev.writ.core.json.Json;
import java.time.Duration;

import dev.writ.guard.internal.DefaultDynamoDb;
import static dev.writ.guard.Fixtures.FUNCTION;

import dev.writ.guard.Fixtures;
import dev.writ.testsupport.Emulators;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.writ.audit.ChainVerdict;
import dev.writ.audit.LineageAudit;
import dev.writ.guard.lineage.LineageConfig;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.LineageTable;
import dev.writ.guard.lineage.LineageWriter;
import dev.writ.audit.VerifyProgress;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The guard writing its lineage to DynamoDB Local over HTTP, and refusing to run without it. */
class GuardLineageIT {

    private static DynamoDbClient dynamo;
    private static String table;
    private final List<String> ran = new ArrayList<>();

    @BeforeAll
    static void table() {
        Emulators.require("DYNAMODB");
        dynamo = DefaultDynamoDb.lazy().get();
        table = "writ-lineage-guard-" + UUID.randomUUID();
        LineageTable.create(dynamo, table);
    }

    private Guard guard(LineageConfig config, DynamoDbClient client) {
        return Guard.create(GuardConfig.builder()
                .verifier(Fixtures.verifierConfig().build())
                .logTo(new PrintStream(OutputStream.nullOutputStream()))
                .lineage(LineageWriter.create(config, () -> client))
                .build());
    }

    private APIGatewayProxyResponseEvent call(Guard guard, String token) {
        APIGatewayProxyRequestEvent event = Events.typed(APIGatewayProxyRequestEvent.class, GuardEvents.json("rest-proxy",
                e -> Events.child(Events.child(e, "requestContext"), "authorizer").put("writ", token)));
        return guard.handle(event, new TestContext(FUNCTION), (in, c, writ) -> {
            ran.add(writ.id());
            return new APIGatewayProxyResponseEvent().withStatusCode(200).withBody("paid");
        });
    }

    @Test
    void anAllowedCallLeavesAVerifiableTrailWithOneExecId() {
        LineageConfig config = LineageConfig.builder().table(table).build();
        Guard guard = guard(config, dynamo);
        WritClaims writ = Fixtures.validWrit().build();
        assertThat(call(guard, Fixtures.token(writ)).getStatusCode()).isEqualTo(200);
        assertThat(call(guard, Fixtures.token(Fixtures.validWrit().audience("elsewhere").build())).getStatusCode())
                .isEqualTo(403);

        LineageAudit audit = LineageAudit.create(config, () -> dynamo, Optional.empty());
        List<LineageAudit.IndexedRecord> execution = audit.execution(writ.id(), VerifyProgress.none());
        assertThat(execution).extracting(r -> r.record().type())
                .containsExactlyInAnyOrder(LineageRecord.Type.VERIFICATION, LineageRecord.Type.OUTCOME);
        assertThat(execution).allSatisfy(r -> assertThat(r.verified()).isTrue());
        List<ChainVerdict> verdicts = audit.verifyAll(VerifyProgress.none());
        assertThat(verdicts).allSatisfy(v -> assertThat(v.intact()).as(v.toJson()).isTrue());
        assertThat(verdicts).filteredOn(v -> v.chain().startsWith(FUNCTION + "#"))
                .extracting(ChainVerdict::recordsVerified).as("verification, outcome, denial").containsExactly(3L);
    }

    @Test
    void deniesWithLineageUnavailableAndNeverRunsTheHandlerWhenDynamoDbIsUnreachable() {
        DynamoDbClient dead = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(URI.create("http://127.0.0.1:9")).build();
        LineageConfig config = LineageConfig.builder().table(table).maxAttempts(2)
                .backoff(Duration.ofMillis(1), Duration.ofMillis(5)).build();
        APIGatewayProxyResponseEvent response = call(guard(config, dead), Fixtures.validToken());
        assertThat(response.getStatusCode()).isEqualTo(403);
        assertThat(Json.parseObject(response.getBody())).containsEntry("code", "LINEAGE_UNAVAILABLE");
        assertThat(ran).isEmpty();
    }
}
