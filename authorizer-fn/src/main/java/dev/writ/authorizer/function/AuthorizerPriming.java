package dev.writ.authorizer.function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.nimbusds.jose.jwk.JWKSet;
import dev.writ.authorizer.Authorizer;
import dev.writ.authorizer.Decision;
import dev.writ.authorizer.auth.CallerAuthenticator;
import dev.writ.authorizer.event.RestAuthorizerEvent;
import dev.writ.core.config.Environment;
import dev.writ.core.internal.AwsClients;
import dev.writ.core.json.Json;
import dev.writ.guard.lineage.internal.DynamoDbChainStore;
import dev.writ.policy.bundle.BundleSource;
import dev.writ.policy.eval.PolicyBundle;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.core.SdkClient;

/**
 * Warms the authorizer before a SnapStart snapshot (a CRaC {@link Resource}, as the guard's
 * priming does), so a restored environment decides its first request without loading and compiling
 * the decision path: event reading, the caller token's RS256 verification (Nimbus JOSE, the JDK's
 * provider), Cedar (its native library, the bundle's evaluation path, the context's datetime), the
 * decision log line, and the SDK clients the authorizer uses (KMS, DynamoDB for lineage) with their
 * endpoint rules. It decides a REST and an HTTP API request of a fixed caller token (signed by a
 * key whose private half was discarded, {@code priming.json}) through an authorizer of its own,
 * over a priming bundle whose one policy forbids every request.
 *
 * <p>Nothing unique to an environment enters the snapshot: every decision is a deny, so no writ is
 * minted (no {@code jti} drawn from {@code SecureRandom}), nothing is signed, no lineage record is
 * deferred or appended (no shard drawn), the function's own authorizer is not used, and no request
 * is sent. So {@link #afterRestore} has nothing to re-create. Not warmed: writ minting and signing
 * (they draw random numbers) and Micronaut's handler.
 *
 * <p>Outside SnapStart it runs at init only under provisioned concurrency, as the guard's does
 * (on demand, the caller waits for init and first request alike).
 *
 * <p>Each run logs one {@code INFO} line, {@code "message":"primed"}, with the sample decisions'
 * reason codes and its duration: without it, neither an operator nor a cold-start bench could tell
 * whether a function was primed. A failed run logs a {@code WARN} line naming the exception and its
 * message instead.
 */
final class AuthorizerPriming implements Resource {

    private static final String NAME = "writ-priming";
    /** The priming token's issue time is 1,800,000,000 (2027-01-15); it is valid an hour. */
    private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L + 5);
    private static final String ARN = "arn:aws:execute-api:us-east-1:000000000000:priming/priming/GET/priming";

    private static final AtomicBoolean REGISTERED = new AtomicBoolean();
    /** CRaC holds resources weakly: the registered one is kept here. */
    private static volatile AuthorizerPriming registered;

    private final PrintStream log;
    private final SampleSource samples;

    AuthorizerPriming() {
        this(System.err);
    }

    AuthorizerPriming(PrintStream log) {
        this(log, Samples::load);
    }

    AuthorizerPriming(PrintStream log, SampleSource samples) {
        this.log = log;
        this.samples = samples;
    }

    /** Where the priming's samples come from: {@code priming.json}, or a test's. */
    @FunctionalInterface
    interface SampleSource {
        Samples load() throws IOException;
    }

    /** Registers the priming once per JVM, and runs it now when init is off the request path. */
    static void register(Environment env) {
        if (!REGISTERED.compareAndSet(false, true)) {
            return;
        }
        AuthorizerPriming priming = new AuthorizerPriming();
        registered = priming;
        Core.getGlobalContext().register(priming);
        if (env.platform("AWS_LAMBDA_INITIALIZATION_TYPE").filter("provisioned-concurrency"::equals).isPresent()) {
            priming.prime();
        }
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to re-create: the priming left nothing per environment in the snapshot (above).
    }

    /**
     * Decides the sample requests and warms the SDK clients; never throws (a failed warm-up is only
     * slower).
     *
     * @return the sample decisions: {@code POLICY_DENY} by the priming bundle's forbid when each
     *     went through the caller's token and Cedar
     */
    List<Decision> prime() {
        long started = System.nanoTime();
        List<Decision> decisions = new ArrayList<>();
        try {
            Samples loaded = samples.load();
            Authorizer authorizer = authorizer(loaded);
            String bearer = "Bearer " + loaded.token();
            RestAuthorizerEvent token = new RestAuthorizerEvent();
            token.setType("TOKEN");
            token.setAuthorizationToken(bearer);
            token.setMethodArn(ARN);
            decisions.add(authorizer.decide(token));
            decisions.add(authorizer.decide(APIGatewayV2CustomAuthorizerEvent.builder().withVersion("2.0")
                    .withType("REQUEST").withRouteArn(ARN).withRouteKey("GET /priming").withRawPath("/priming")
                    .withHeaders(Map.of("authorization", bearer)).withIdentitySource(List.of(bearer))
                    .withRequestContext(APIGatewayV2CustomAuthorizerEvent.RequestContext.builder()
                            .withHttp(APIGatewayV2CustomAuthorizerEvent.Http.builder().withMethod("GET")
                                    .withPath("/priming").withSourceIp("192.0.2.1").build())
                            .withStage("$default").build())
                    .build()));
            warm(AwsClients.lazyKms().get());
            warm(DynamoDbChainStore.defaultClient());
            Map<String, Object> line = line("INFO", "primed");
            line.put("decisions", decisions.stream().map(d -> d.reason().name()).toList());
            line.put("ms", (System.nanoTime() - started) / 1_000_000);
            log.println(Json.write(line));
        } catch (IOException | ParseException | RuntimeException e) {
            Map<String, Object> line = line("WARN", "SnapStart priming failed; the first request will warm the authorizer");
            line.put("error", e.getClass().getName());
            line.put("detail", String.valueOf(e.getMessage()));
            log.println(Json.write(line));
        }
        return decisions;
    }

    /** The start of one log line; {@link Json#write} escapes whatever a message or an exception says. */
    private static Map<String, Object> line(String level, String message) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("writ", "authorizer");
        line.put("level", level);
        line.put("message", message);
        return line;
    }

    /** An authorizer of the priming bundle and key only, on a fixed clock, with no signer and no lineage. */
    private static Authorizer authorizer(Samples samples) throws IOException, ParseException {
        PolicyBundle.Compiled compiled = PolicyBundle.compile(BundleSource.of(samples.bundle()));
        PolicyBundle bundle = compiled.bundle().orElseThrow(() -> new IOException("priming bundle: " + compiled.problems()));
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        return Authorizer.builder()
                .bundle(bundle)
                .authenticator(CallerAuthenticator.fixed(JWKSet.parse(samples.jwks()),
                        new CallerAuthenticator.Settings(NAME, null, null, null, clock, 0)))
                .signer(() -> {
                    throw new IllegalStateException("the priming authorizer signs nothing");
                })
                .issuer(NAME)
                .name(NAME)
                .clock(clock)
                .log(new PrintStream(OutputStream.nullOutputStream()))
                .build();
    }

    /** Builds the client's configuration (region, credentials provider, endpoint rules), sends nothing. */
    private static void warm(SdkClient client) {
        client.serviceClientConfiguration();
        client.close();
    }

    /** The priming bundle's files, the public half of the priming key, and the caller token it signed. */
    record Samples(Map<String, byte[]> bundle, String jwks, String token) {

        static Samples load() throws IOException {
            try (InputStream in = AuthorizerPriming.class.getResourceAsStream("priming.json")) {
                if (in == null) {
                    throw new IOException("priming.json is missing");
                }
                Map<String, Object> json = Json.parseObject(in);
                Map<String, byte[]> files = new LinkedHashMap<>();
                @SuppressWarnings("unchecked")
                Map<String, Object> bundle = (Map<String, Object>) json.get("bundle");
                bundle.forEach((path, text) -> files.put(path, ((String) text).getBytes(StandardCharsets.UTF_8)));
                return new Samples(files, Json.write(json.get("jwks")), (String) json.get("token"));
            }
        }
    }
}
