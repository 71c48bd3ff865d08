package dev.writ.authorizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.nimbusds.jose.jwk.JWKSet;
import dev.writ.authorizer.exchange.ExchangeConfig;
import dev.writ.authorizer.exchange.ExchangeResult;
import dev.writ.authorizer.exchange.FunctionDeployment;
import dev.writ.authorizer.exchange.ToolCallExchange;
import dev.writ.core.config.Environment;
import dev.writ.core.json.Json;
import dev.writ.core.keys.JwksKeyResolver;
import dev.writ.guard.Guard;
import dev.writ.guard.GuardConfig;
import dev.writ.guard.ToolGuard;
import dev.writ.guard.writ.VerifierConfig;
import dev.writ.testsupport.TestContext;
import dev.writ.testsupport.TestIdp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A tool-call writ names the tool's function by its unqualified ARN in the exchange's deployment,
 * under its deployed name, or each of its names when it is deployed as several functions: the real
 * MCP guard of a same-named function in another account or region, or of a function not named,
 * refuses it; the function itself, invoked by alias or version, runs it, and a single-use writ runs
 * once across the functions sharing a replay table. Without an account or region, or with a
 * deployed name that is empty, invalid or given twice, the exchange refuses every call, naming the
 * variable.
 */
class ToolCallAudienceTest {
    private static final Clock CLOCK = TestWorld.clockAt(TestWorld.MONDAY_10);
    private static final String SESSION = "arn:aws:sts::123456789012:assumed-role/support-agent/session";
    private static final String DEPLOYED = "stack-PaymentsMcp-1AB2";
    private static final String OWN_ARN = "arn:aws:lambda:us-east-1:123456789012:function:" + DEPLOYED;
    private static final String REFUND = "{\"tool\":\"refund_payment\",\"arguments\":{\"payment_id\":\"p-7\",\"amount\":120}}";
    @RegisterExtension
    static final TestIdp idp = new TestIdp();

    private final Authorizer authorizer = TestWorld.authorizer(idp, CLOCK, new ByteArrayOutputStream()).build();
    private static final String HTTP_TWIN = "stack-PaymentsMcpHttp-3CD4";
    /** The replay table every guard here shares, as the template's functions share theirs. */
    private static final Set<String> CONSUMED = ConcurrentHashMap.newKeySet();

    private final ToolCallExchange exchange = exchange(Map.of("payments-mcp", List.of(DEPLOYED)));

    private ToolCallExchange exchange(Map<String, List<String>> functionNames) {
        return new ToolCallExchange(authorizer, new FunctionDeployment("123456789012", "us-east-1", functionNames),
                Set.of("123456789012"));
    }

    private String writ() {
        return writ(exchange);
    }

    private String writ(ToolCallExchange exchange) {
        ExchangeResult result = exchange.exchange(REFUND, "Bearer " + idp.token("carl", List.of("clerk"), TestWorld.MONDAY_10), SESSION);
        return result.token().orElseThrow(() -> new AssertionError(result.reason() + ": " + result.message()));
    }

    private static APIGatewayProxyResponseEvent call(String writ, Context invoked) {
        return call(writ, invoked, DEPLOYED);
    }

    private static APIGatewayProxyResponseEvent call(String writ, Context invoked, String functionName) {
        ToolGuard guard = ToolGuard.of(Guard.create(GuardConfig.builder()
                .verifier(VerifierConfig.builder()
                        .keys(JwksKeyResolver.fromJwks(new JWKSet(TestWorld.WRIT_KEY.toPublicJWK()).toString()))
                        .trustedIssuers(Set.of(TestWorld.ISSUER)).clock(CLOCK).replayStore((jti, keepUntil) -> CONSUMED.add(jti)).build())
                .functionName(functionName)
                .logTo(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .build()));
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("name", "refund_payment");
        params.put("arguments", Map.of("payment_id", "p-7", "amount", 120));
        params.put("_meta", Map.of("io.modelcontextprotocol/protocolVersion", "2026-07-28", "dev.writ/writ", writ));
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent().withHttpMethod("POST").withPath("/mcp")
                .withHeaders(Map.of("Mcp-Method", "tools/call", "Mcp-Name", "refund_payment", "MCP-Protocol-Version", "2026-07-28"))
                .withBody(Json.write(Map.of("jsonrpc", "2.0", "id", 9, "method", "tools/call", "params", params)));
        return guard.handleMcp(event, invoked, (e, c, w) -> new APIGatewayProxyResponseEvent().withStatusCode(200).withBody("refunded"));
    }

    private static Context invokedAs(String arn) {
        return new TestContext(DEPLOYED).invokedAs(arn);
    }

    private ExchangeResult ask(Map<String, String> env) {
        return ExchangeConfig.toolCallExchange(authorizer, Environment.of(env))
                .exchange(REFUND, "Bearer " + idp.token("carl", List.of("clerk"), TestWorld.MONDAY_10), SESSION);
    }

    private static Map<String, String> named(String functionNames) {
        return Map.of("WRIT_EXCHANGE_ACCOUNT", "123456789012", "AWS_REGION", "us-east-1", "WRIT_EXCHANGE_FUNCTION_NAMES", functionNames);
    }

    @Test
    void theWritNamesTheToolsFunctionByItsDeployedArn() {
        ExchangeResult result = exchange.exchange(REFUND, "Bearer " + idp.token("carl", List.of("clerk"), TestWorld.MONDAY_10),
                "arn:aws-cn:sts::123456789012:assumed-role/support-agent/session");
        assertThat(result.child().orElseThrow().audience())
                .containsExactly("arn:aws-cn:lambda:us-east-1:123456789012:function:" + DEPLOYED);
    }

    @Test
    void aSameNamedFunctionOfAnotherAccountOrRegionRefusesIt() {
        // Deployed under its bundle name, as a bare-name aud named it: only the deployment tells them apart.
        ToolCallExchange bundleNamed = exchange(Map.of());
        for (String foreign : List.of("arn:aws:lambda:us-east-1:210987654321:function:payments-mcp",
                "arn:aws:lambda:eu-west-1:123456789012:function:payments-mcp")) {
            assertThat(call(writ(bundleNamed), new TestContext("payments-mcp").invokedAs(foreign), "payments-mcp").getBody())
                    .as(foreign).contains("WRONG_AUDIENCE");
        }
        assertThat(call(writ(bundleNamed), new TestContext("payments-mcp"), "payments-mcp").getBody()).isEqualTo("refunded");
    }

    @Test
    void itsOwnFunctionRunsItUnderAnAliasOrVersion() {
        assertThat(call(writ(), invokedAs(OWN_ARN)).getBody()).isEqualTo("refunded");
        assertThat(call(writ(), invokedAs(OWN_ARN + ":live")).getBody()).isEqualTo("refunded");
        assertThat(call(writ(), invokedAs(OWN_ARN + ":7")).getBody()).isEqualTo("refunded");
    }

    @Test
    void aFunctionDeployedTwiceRunsItsWritInEitherDeploymentOnceAndNoOtherFunctionRunsIt() {
        String twinArn = "arn:aws:lambda:us-east-1:123456789012:function:" + HTTP_TWIN;
        ExchangeResult result = ask(named("payments-mcp=" + DEPLOYED + " | " + HTTP_TWIN));
        assertThat(result.child().orElseThrow().audience()).containsExactly(OWN_ARN, twinArn);

        assertThat(call(writ(exchange(Map.of("payments-mcp", List.of(DEPLOYED, HTTP_TWIN)))), invokedAs(OWN_ARN + ":live"))
                .getBody()).isEqualTo("refunded");
        String forTwin = writ(exchange(Map.of("payments-mcp", List.of(DEPLOYED, HTTP_TWIN))));
        assertThat(call(forTwin, new TestContext(HTTP_TWIN).invokedAs(twinArn + ":live"), HTTP_TWIN).getBody()).isEqualTo("refunded");
        // Single use in all: the twin spent it in the replay table its sibling shares.
        assertThat(call(forTwin, invokedAs(OWN_ARN + ":live")).getBody()).contains("REPLAYED");
        // A third function of the same bundle name, not deployed as payments-mcp, runs none.
        assertThat(call(writ(exchange(Map.of("payments-mcp", List.of(DEPLOYED, HTTP_TWIN)))),
                new TestContext("payments-mcp").invokedAs("arn:aws:lambda:us-east-1:123456789012:function:payments-mcp"),
                "payments-mcp").getBody()).contains("WRONG_AUDIENCE");
    }

    @Test
    void deployedNamesThatAreEmptyInvalidOrGivenTwiceRefuseEveryCallNamingTheVariable() {
        for (String bad : List.of("payments-mcp=a|", "payments-mcp=|a", "payments-mcp=a||b", "payments-mcp=a|a",
                "payments-mcp=a|b:live", "payments-mcp=a,payments-mcp=b", "payments-mcp=a,payments-notify=a", "payments-mcp")) {
            ExchangeResult refused = ask(named(bad));
            assertThat(refused.reason()).as(bad).isEqualTo("MISCONFIGURED");
            assertThat(refused.message()).as(bad).contains("WRIT_EXCHANGE_FUNCTION_NAMES");
        }
        assertThat(ask(named("payments-mcp=a|b,payments-notify=c")).status()).isEqualTo(200);
    }

    @Test
    void agentAccountsThatAreNoAccountIdsRefuseEveryCallNamingTheVariable() {
        Map<String, String> env = new LinkedHashMap<>(named("payments-mcp=" + DEPLOYED));
        for (String bad : List.of("12345", "123456789012,nope", ",")) {
            env.put("WRIT_EXCHANGE_AGENT_ACCOUNTS", bad);
            ExchangeResult refused = ask(env);
            assertThat(refused.reason()).as(bad).isEqualTo("MISCONFIGURED");
            assertThat(refused.message()).as(bad).contains("WRIT_EXCHANGE_AGENT_ACCOUNTS");
        }
        env.put("WRIT_EXCHANGE_AGENT_ACCOUNTS", "210987654321");
        assertThat(ask(env).reason()).as("its own account, once others are listed instead").isEqualTo("FOREIGN_AGENT");
        env.put("WRIT_EXCHANGE_AGENT_ACCOUNTS", "210987654321, 123456789012");
        assertThat(ask(env).status()).isEqualTo(200);
    }

    @Test
    void anExchangeWithoutAccountOrRegionRefusesEveryCallNamingTheVariable() {
        Map<String, String> complete = Map.of("WRIT_EXCHANGE_ACCOUNT", "123456789012", "AWS_REGION", "us-east-1");
        for (String missing : complete.keySet()) {
            Map<String, String> env = new LinkedHashMap<>(complete);
            env.remove(missing);
            ExchangeResult refused = ask(env);
            assertThat(refused.reason()).as(missing).isEqualTo("MISCONFIGURED");
            assertThat(refused.message()).as(missing).contains(missing);
        }
        ExchangeResult badName = ask(named("payments-mcp=a:b"));
        assertThat(badName.reason()).isEqualTo("MISCONFIGURED");
        assertThat(badName.message()).contains("WRIT_EXCHANGE_FUNCTION_NAMES");
        assertThat(ask(complete).status()).isEqualTo(200);
    }
}
