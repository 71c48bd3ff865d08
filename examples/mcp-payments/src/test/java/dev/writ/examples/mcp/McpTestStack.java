package dev.writ.examples.mcp;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.writ.authorizer.Authorizer;
import dev.writ.authorizer.auth.CallerAuthenticator;
import dev.writ.core.keys.JwksKeyResolver;
import dev.writ.core.sign.LocalSigner;
import dev.writ.guard.Guard;
import dev.writ.guard.GuardConfig;
import dev.writ.guard.ToolGuard;
import dev.writ.guard.replay.ReplayStore;
import dev.writ.guard.writ.VerifierConfig;
import dev.writ.policy.bundle.BundleSource;
import dev.writ.policy.eval.PolicyBundle;
import dev.writ.testsupport.TestIdp;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.client.McpClient;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import io.modelcontextprotocol.modern.client.transport.HttpClientMcpTransport;
import io.modelcontextprotocol.modern.client.transport.McpHttpRequestCustomizer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;

/** The pieces the MCP tests put in front of a server: the real authorizer with the sample bundle, the guard, the SDK's client. */
final class McpTestStack {
    static final String ISSUER = "https://authz.payments.example";

    private McpTestStack() {
    }

    /** The authorizer engine over the sample {@code payments-api} bundle, signing with {@code writKey}. */
    static Authorizer authorizer(TestIdp idp, JWK writKey) throws Exception {
        PolicyBundle bundle = PolicyBundle.compile(BundleSource.fromDirectory(Path.of("..", "..", "policy-bundles", "payments-api")))
                .bundle().orElseThrow();
        Clock clock = Clock.systemUTC();
        return Authorizer.builder().bundle(bundle)
                .authenticator(CallerAuthenticator.remote(idp.jwksUrl(),
                        new CallerAuthenticator.Settings(idp.issuer(), TestIdp.CLIENT_ID, "access", null, clock)))
                .signer(() -> LocalSigner.fromJwk(writKey.toJSONString())).issuer(ISSUER).clock(clock)
                .log(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).build();
    }

    /** A tool guard trusting {@code writKey}'s writs, as {@link LoopbackApiGateway#FUNCTION}. */
    static ToolGuard guard(JWK writKey, ReplayStore replay) {
        return ToolGuard.of(Guard.create(GuardConfig.builder()
                .verifier(VerifierConfig.builder().keys(JwksKeyResolver.fromJwks(new JWKSet(writKey.toPublicJWK()).toString()))
                        .trustedIssuers(Set.of(ISSUER)).replayStore(replay).build())
                .functionName(LoopbackApiGateway.FUNCTION)
                .logTo(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).build()));
    }

    /** The SDK's client to {@code gateway}, sending {@code bearer}. */
    static McpSyncClient client(LoopbackApiGateway gateway, String bearer) {
        HttpClientMcpTransport transport = HttpClientMcpTransport.builder(gateway.url())
                .requestCustomizer(McpHttpRequestCustomizer.fromSync((request, headers, context) ->
                        headers.set("Authorization", "Bearer " + bearer)))
                .build();
        return McpClient.sync(transport).clientInfo(McpSchema.Implementation.builder("support-agent", "0.1").build()).build();
    }
}
