package dev.writ.examples.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWK;
import dev.writ.testsupport.TestIdp;
import dev.writ.testsupport.TestJwks;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.McpServer;
import io.modelcontextprotocol.modern.server.McpSyncResponse;
import io.modelcontextprotocol.modern.server.feature.McpSyncResource;
import io.modelcontextprotocol.modern.server.feature.McpSyncResourceRepository;
import io.modelcontextprotocol.modern.server.feature.ResourcesFeature;
import io.modelcontextprotocol.modern.server.feature.ResourcesPage;
import java.util.List;
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
    private static final String LEDGER = "payments://ledger";
    private static final JWK WRIT_KEY = TestJwks.es256();
    @RegisterExtension
    static final TestIdp idp = new TestIdp();

    private final AtomicInteger reads = new AtomicInteger();
    private LoopbackApiGateway gateway;

    @BeforeEach
    void start() throws Exception {
        McpJsonMapper json = McpJsonDefaults.getMapper();
        gateway = new LoopbackApiGateway(McpTestStack.authorizer(idp, WRIT_KEY), new PaymentsMcpFunction(
                McpTestStack.guard(WRIT_KEY, (jti, keepUntil) -> true), new McpOverApiGateway(ledgerServer(json), json)));
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
            public ResourcesPage list(McpRequestContext context, String cursor) {
                return ResourcesPage.of(List.of(McpSchema.Resource.builder(LEDGER, "ledger").mimeType("text/csv").build()));
            }

            @Override
            public McpSyncResource find(McpRequestContext context, String uri) {
                return LEDGER.equals(uri) ? ledger : null;
            }
        };
        return McpServer.builder().serverInfo(McpSchema.Implementation.builder("ledger-mcp", "0.1.0").build())
                .jsonMapper(json).feature(ResourcesFeature.ofSync(resources)).build();
    }

    @Test
    void theRoutesWritListsTheResourcesButReadsNone() {
        McpSyncClient agent = McpTestStack.client(gateway, idp.token("carl", List.of("clerk")));
        assertThat(agent.resources().list().resources()).extracting(McpSchema.Resource::uri).containsExactly(LEDGER);

        assertThatThrownBy(() -> agent.resource(LEDGER).read())
                .hasMessageContaining("403").hasMessageContaining("REQUEST_MISMATCH");
        assertThat(reads).as("the server must not read the resource").hasValue(0);
    }
}
