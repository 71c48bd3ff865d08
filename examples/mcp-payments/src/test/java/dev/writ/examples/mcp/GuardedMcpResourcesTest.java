package dev.writ.examples.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.writ.authorizer.Authorizer;
import dev.writ.authorizer.auth.CallerAuthenticator;
import dev.writ.core.keys.JwksKeyResolver;
import dev.writ.core.sign.LocalSigner;
import dev.writ.guard.Guard;
import dev.writ.guard.GuardConfig;
import dev.writ.guard.ToolGuard;
import dev.writ.guard.writ.VerifierConfig;
import dev.writ.policy.bundle.BundleSource;
import dev.writ.policy.eval.PolicyBundle;
import dev.writ.testsupport.TestIdp;
import dev.writ.testsupport.TestJwks;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.client.McpClient;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import io.modelcontextprotocol.modern.client.transport.HttpClientMcpTransport;
import io.modelcontextprotocol.modern.client.transport.McpHttpRequestCustomizer;
import io.modelcontextprotocol.modern.server.McpServer;
import io.modelcontextprotocol.modern.server.McpSyncResponse;
import io.modelcontextprotocol.modern.server.feature.McpSyncResource;
import io.modelcontextprotocol.modern.server.feature.McpSyncResourceRepository;
import io.modelcontextprotocol.modern.server.feature.ResourcesFeature;
import io.modelcontextprotocol.modern.server.feature.ResourcesPage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An MCP Java SDK server that serves a resource, behind the guard, the real authorizer engine and
 * the sample bundle, driven by the SDK's own client: the authorizer's writ for {@code POST /mcp}
 * (the route: who may reach the server) lists the resources but reads none, since no policy
 * decided on the resource's URI.
 */
class GuardedMcpResourcesTest {
    private static final String ISSUER = "https://authz.payments.example";
    private static final String LEDGER = "payments://ledger";
    private static final JWK WRIT_KEY = TestJwks.es256();
    @RegisterExtension
    static final TestIdp idp = new TestIdp();

    private final AtomicInteger reads = new AtomicInteger();
    private LoopbackApiGateway gateway;

    @BeforeEach
    void start() throws Exception {
        PolicyBundle bundle = PolicyBundle.compile(BundleSource.fromDirectory(Path.of("..", "..", "policy-bundles", "payments-api")))
                .bundle().orElseThrow();
        Clock clock = Clock.systemUTC();
        Authorizer authorizer = Authorizer.builder().bundle(bundle)
                .authenticator(CallerAuthenticator.remote(idp.jwksUrl(),
                        new CallerAuthenticator.Settings(idp.issuer(), TestIdp.CLIENT_ID, "access", null, clock)))
                .signer(() -> LocalSigner.fromJwk(WRIT_KEY.toJSONString())).issuer(ISSUER).clock(clock)
                .log(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).build();
        ToolGuard guard = ToolGuard.of(Guard.create(GuardConfig.builder()
                .verifier(VerifierConfig.builder().keys(JwksKeyResolver.fromJwks(new JWKSet(WRIT_KEY.toPublicJWK()).toString()))
                        .trustedIssuers(Set.of(ISSUER)).replayStore((jti, keepUntil) -> true).build())
                .functionName(LoopbackApiGateway.FUNCTION)
                .logTo(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).build()));
        McpJsonMapper json = McpJsonDefaults.getMapper();
        gateway = new LoopbackApiGateway(authorizer, new PaymentsMcpFunction(guard, new McpOverApiGateway(ledgerServer(json), json)));
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    /** A server with one resource, the ledger, counting each read. */
    private McpServer ledgerServer(McpJsonMapper json) {
        McpSyncResource ledger = McpSyncResource.of((context, request) -> {
            reads.incrementAndGet();
            return McpSyncResponse.result(McpSchema.ReadResourceResult.builder(List.of(
                    new McpSchema.TextResourceContents(LEDGER, "text/csv", "p-7,120,carl", null))).build());
        });
        McpSyncResourceRepository resources = new McpSyncResourceRepository() {
            @Override
            public ResourcesPage list(io.modelcontextprotocol.modern.server.McpRequestContext context, String cursor) {
                return ResourcesPage.of(List.of(McpSchema.Resource.builder(LEDGER, "ledger").mimeType("text/csv").build()));
            }

            @Override
            public McpSyncResource find(io.modelcontextprotocol.modern.server.McpRequestContext context, String uri) {
                return LEDGER.equals(uri) ? ledger : null;
            }
        };
        return McpServer.builder().serverInfo(McpSchema.Implementation.builder("ledger-mcp", "0.1.0").build())
                .jsonMapper(json).feature(ResourcesFeature.ofSync(resources)).build();
    }

    private McpSyncClient client(String bearer) {
        HttpClientMcpTransport transport = HttpClientMcpTransport.builder(gateway.url())
                .requestCustomizer(McpHttpRequestCustomizer.fromSync((request, headers, context) ->
                        headers.set("Authorization", "Bearer " + bearer)))
                .build();
        return McpClient.sync(transport).clientInfo(McpSchema.Implementation.builder("support-agent", "0.1").build()).build();
    }

    @Test
    void theRoutesWritListsTheResourcesButReadsNone() {
        McpSyncClient agent = client(idp.token("carl", List.of("clerk")));
        assertThat(agent.resources().list().resources()).extracting(McpSchema.Resource::uri).containsExactly(LEDGER);

        assertThatThrownBy(() -> agent.resource(LEDGER).read())
                .hasMessageContaining("403").hasMessageContaining("REQUEST_MISMATCH");
        assertThat(reads).as("the server must not read the resource").hasValue(0);
    }
}
