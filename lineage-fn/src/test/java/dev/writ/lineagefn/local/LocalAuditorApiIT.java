package dev.writ.lineagefn.local;


import dev.writ.testsupport.TestJwks;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.nimbusds.jose.jwk.JWK;
import dev.writ.audit.CheckpointKey;
import dev.writ.audit.Checkpointer;
import dev.writ.audit.LineageAudit;
import dev.writ.guard.lineage.LineageConfig;
import dev.writ.core.sign.LocalSigner;
import dev.writ.lineagefn.LineageFixtures;
import dev.writ.testsupport.Emulators;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@link LocalAuditorApi} (what {@code writ dev} embeds): the real proxy handlers answer from the
 * DynamoDB client and the checkpoint key the host gives, not from the environment. No
 * {@code writ.checkpoint.kms-key-id} is set, so a checkpoint verifying as {@code valid} proves the given key
 * replaced the KMS one.
 */
class LocalAuditorApiIT {
    static DynamoDbClient ddb;
    static String table;
    static CheckpointKey key;

    @BeforeAll
    static void seed() throws Exception {
        ddb = Emulators.dynamoDb();
        table = LineageFixtures.newTable(ddb);
        var w = LineageFixtures.writer(ddb, table, 0);
        IntStream.range(0, 3).forEach(i -> w.append(LineageFixtures.outcome("x" + i, "alice", 1_700_000_000_000L + i)));
        JWK jwk = TestJwks.es256();
        key = new CheckpointKey(CheckpointKey.DEFAULT_NAME, jwk.toECKey().toECPublicKey());
        LineageAudit audit = LineageAudit.create(LineageConfig.builder().table(table).build(), () -> ddb, Optional.of(key));
        Checkpointer.create(audit, LocalSigner.fromJwk(jwk.toJSONString()), key).checkpoint(audit.chains());
    }

    static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }

    static APIGatewayProxyRequestEvent rest(String method, String rawPath) {
        return new APIGatewayProxyRequestEvent().withHttpMethod(method).withPath(rawPath).withResource("/{proxy+}")
                .withHeaders(Map.of("Accept", "application/json")).withMultiValueHeaders(Map.of("Accept", List.of("application/json")))
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext().withStage("dev").withApiId("local")
                        .withRequestId("r-1").withHttpMethod(method).withResourcePath("/{proxy+}"))
                .withIsBase64Encoded(false);
    }

    @Test
    void answersFromTheGivenClientAndVerifiesCheckpointsWithTheGivenKey() {
        AtomicInteger clientUses = new AtomicInteger();
        try (LocalAuditorApi api = LocalAuditorApi.start(table, () -> {
            clientUses.incrementAndGet();
            return ddb;
        }, "test key", key, List.of())) {
            APIGatewayProxyResponseEvent latest = api.handle(rest("GET", "/api/checkpoints/latest"), null);
            assertThat(latest.getStatusCode()).as(latest.getBody()).isEqualTo(200);
            assertThat(json(latest.getBody()).getString("signature")).isEqualTo("valid");

            APIGatewayProxyResponseEvent verified = api.handle(rest("POST", "/api/chains/orders%230/verifications"), null);
            assertThat(verified.getStatusCode()).as(verified.getBody()).isEqualTo(200);
            JsonObject v = json(verified.getBody());
            assertThat(v.getBoolean("intact")).isTrue();
            assertThat(v.getInt("recordsVerified")).isEqualTo(3);
            assertThat(v.getString("checkpointKey")).isEqualTo("test key");
            assertThat(v.getBoolean("truncationDetectable")).isTrue();

            APIGatewayV2HTTPResponse chains = api.handle(APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRouteKey("$default")
                    .withRawPath("/api/chains").withHeaders(Map.of("accept", "application/json"))
                    .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withStage("$default").withRequestId("r-2")
                            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").withPath("/api/chains").build())
                            .build())
                    .withIsBase64Encoded(false).build(), null);
            assertThat(chains.getStatusCode()).as(chains.getBody()).isEqualTo(200);
            assertThat(chains.getBody()).isEqualTo("{\"chains\":[\"orders#0\"]}");
        }
        assertThat(clientUses).as("the host's DynamoDB client served the requests").hasPositiveValue();
    }

    @Test
    void aCheckpointSignedByAnotherKeyIsInvalid() throws Exception {
        CheckpointKey other = new CheckpointKey(CheckpointKey.DEFAULT_NAME,
                TestJwks.es256().toECPublicKey());
        try (LocalAuditorApi api = LocalAuditorApi.start(table, () -> ddb, "other key", other, List.of())) {
            APIGatewayProxyResponseEvent latest = api.handle(rest("GET", "/api/checkpoints/latest"), null);
            assertThat(latest.getStatusCode()).isEqualTo(200);
            assertThat(json(latest.getBody()).getString("signature")).isEqualTo("invalid");
            // The checkpoint chain itself does not verify with this key (and so pins nothing for the others).
            APIGatewayProxyResponseEvent verified = api.handle(rest("POST", "/api/chains/checkpoint/verifications"), null);
            JsonObject v = json(verified.getBody());
            assertThat(v.getBoolean("intact")).as(verified.getBody()).isFalse();
            assertThat(v.getJsonObject("verdict").getJsonObject("fault").getString("reason")).isEqualTo("BAD_CHECKPOINT_SIGNATURE");

            // So no chain can be vouched for: every record links, but nothing pins the tail.
            APIGatewayProxyResponseEvent chain = api.handle(rest("POST", "/api/chains/orders%230/verifications"), null);
            JsonObject c = json(chain.getBody());
            assertThat(c.getBoolean("intact")).as(chain.getBody()).isFalse();
            assertThat(c.getJsonObject("verdict").getInt("recordsVerified")).isEqualTo(3);
            assertThat(c.getJsonObject("verdict").getJsonObject("fault").getString("reason")).isEqualTo("NO_CHECKPOINT");
            assertThat(c.getJsonObject("verdict").getJsonObject("fault").getInt("seq")).isEqualTo(3);
        }
    }

    @Test
    void withAKeyButNoCheckpointYetNoChainIsIntactAndAnUnknownChainIsStillUnknown() {
        String fresh = LineageFixtures.newTable(ddb);
        var w = LineageFixtures.writer(ddb, fresh, 0);
        IntStream.range(0, 2).forEach(i -> w.append(LineageFixtures.outcome("y" + i, "alice", 1_700_000_000_000L + i)));
        try (LocalAuditorApi api = LocalAuditorApi.start(fresh, () -> ddb, "test key", key, List.of())) {
            APIGatewayProxyResponseEvent verified = api.handle(rest("POST", "/api/chains/orders%230/verifications"), null);
            assertThat(verified.getStatusCode()).as(verified.getBody()).isEqualTo(200);
            JsonObject v = json(verified.getBody());
            assertThat(v.getBoolean("intact")).isFalse();
            assertThat(v.getJsonObject("verdict").getJsonObject("fault").getString("reason")).isEqualTo("NO_CHECKPOINT");
            assertThat(v.getJsonObject("verdict").getJsonObject("fault").getInt("seq")).isEqualTo(2);

            APIGatewayProxyResponseEvent unknown = api.handle(rest("POST", "/api/chains/nope%230/verifications"), null);
            assertThat(unknown.getStatusCode()).as(unknown.getBody()).isEqualTo(404);
            assertThat(json(unknown.getBody()).getString("error")).isEqualTo("UNKNOWN_CHAIN");
        }
    }
}
