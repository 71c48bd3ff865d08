package dev.writ.examples.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWK;
import dev.writ.authorizer.ReasonCode;
import dev.writ.testsupport.TestIdp;
import dev.writ.testsupport.TestJwks;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The payments server's resources and prompt, behind the guard, the real authorizer engine and the
 * sample bundle, driven by the MCP Java SDK's own client over HTTP: the route's policy decides on
 * the URI or prompt name the client mirrors in {@code Mcp-Name}, the writ binds it, and the guard
 * runs the read only for that name. And an older client's {@code initialize} reaches the server.
 */
class GuardedMcpResourcesTest {
    private static final String CLERK_LIMITS = "payments://limits/clerk";
    private static final String APPROVER_LIMITS = "payments://limits/approver";
    private static final JWK WRIT_KEY = TestJwks.es256();
    @RegisterExtension
    static final TestIdp idp = new TestIdp();

    private LoopbackApiGateway gateway;

    @BeforeEach
    void start() throws Exception {
        gateway = new LoopbackApiGateway(McpTestStack.authorizer(idp, WRIT_KEY),
                new PaymentsMcpFunction(McpTestStack.guard(WRIT_KEY, (jti, keepUntil) -> true)));
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private McpSyncClient clerk() {
        return McpTestStack.client(gateway, idp.token("carl", List.of("clerk")));
    }

    private static String text(McpSchema.ReadResourceResult read) {
        return ((McpSchema.TextResourceContents) read.contents().get(0)).text();
    }

    @Test
    void aClerkReadsTheClerkLimitsNotTheApprovers() {
        McpSyncClient clerk = clerk();
        assertThat(clerk.resources().list().resources()).extracting(McpSchema.Resource::uri)
                .containsExactly(APPROVER_LIMITS, CLERK_LIMITS);

        assertThat(text(clerk.resource(CLERK_LIMITS).read())).startsWith("clerk: creates payments up to 10,000");
        assertThat(gateway.lastDecision().writ().orElseThrow().policy().orElseThrow().policyIds()).containsExactly("mcp-limits-clerk");

        assertThatThrownBy(() -> clerk.resource(APPROVER_LIMITS).read()).hasMessageContaining("403");
        assertThat(gateway.lastDecision().reason()).isEqualTo(ReasonCode.POLICY_DENY);
    }

    @Test
    void anApproverReadsTheApproverLimits() {
        McpSyncClient approver = McpTestStack.client(gateway, idp.token("anna", List.of("approver")));
        assertThat(text(approver.resource(APPROVER_LIMITS).read())).startsWith("approver: creates and approves payments");
    }

    @Test
    void theGuardRunsAReadOnlyForTheNameItsWritBinds() {
        // The authorizer is shown the clerk's own limits (a writ issued for that read); the request reads the approver's.
        gateway.showAuthorizer(headers -> {
            Map<String, String> shown = new LinkedHashMap<>(headers);
            shown.replaceAll((name, value) -> name.equalsIgnoreCase("Mcp-Name") ? CLERK_LIMITS : value);
            return shown;
        });
        McpSyncClient clerk = clerk();
        assertThatThrownBy(() -> clerk.resource(APPROVER_LIMITS).read())
                .hasMessageContaining("403").hasMessageContaining("REQUEST_MISMATCH");
        assertThat(gateway.lastDecision().reason()).isEqualTo(ReasonCode.ALLOWED);

        // Shown no name at all (a writ issued for a request without Mcp-Name): no read either.
        gateway.showAuthorizer(headers -> {
            Map<String, String> shown = new LinkedHashMap<>(headers);
            shown.keySet().removeIf(name -> name.equalsIgnoreCase("Mcp-Name") || name.equalsIgnoreCase("Mcp-Method"));
            return shown;
        });
        assertThatThrownBy(() -> clerk.resource(CLERK_LIMITS).read())
                .hasMessageContaining("403").hasMessageContaining("REQUEST_MISMATCH");
    }

    @Test
    void anApproverGetsTheRefundReviewPromptAClerkDoesNot() {
        McpSyncClient approver = McpTestStack.client(gateway, idp.token("anna", List.of("approver")));
        assertThat(approver.prompts().list().prompts()).extracting(McpSchema.Prompt::name).containsExactly(PaymentTools.REVIEW_REFUND);
        McpSchema.GetPromptResult review = approver.prompt(PaymentTools.REVIEW_REFUND).get();
        assertThat(((McpSchema.TextContent) review.messages().get(0).content()).text()).startsWith("Review the refund");

        assertThatThrownBy(() -> clerk().prompt(PaymentTools.REVIEW_REFUND).get()).hasMessageContaining("403");
        assertThat(gateway.lastDecision().reason()).isEqualTo(ReasonCode.POLICY_DENY);
    }

    @Test
    void anOlderClientsInitializeIsAnsweredByTheServer() {
        // The SDK's client for protocol versions before 2026-07-28: initialize, no Mcp-* headers.
        String bearer = idp.token("carl", List.of("clerk"));
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(gateway.url().replace("/mcp", ""))
                .endpoint("/mcp")
                .httpRequestCustomizer((request, method, uri, body, context) -> request.header("Authorization", "Bearer " + bearer))
                .build();
        try (var older = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(10)).initializationTimeout(Duration.ofSeconds(10))
                .build()) {
            // The guard lets it through on the route's writ; this stateless server answers that it
            // speaks 2026-07-28 only (-32022), where the guard used to refuse it (UNBOUND_METHOD, 403).
            assertThatThrownBy(older::initialize).satisfies(e -> assertThat(String.valueOf(e) + e.getCause())
                    .contains("-32022").doesNotContain("UNBOUND_METHOD"));
        }
        // The first request, initialize, was decided on and allowed (what the client sends after it failed is not tested here).
        assertThat(gateway.decisions().get(0).reason()).isEqualTo(ReasonCode.ALLOWED);
    }
}
