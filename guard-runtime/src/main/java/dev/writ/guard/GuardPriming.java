package dev.writ.guard;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import dev.writ.core.config.Environment;
import dev.writ.core.config.Variable;
import dev.writ.core.internal.AwsClients;
import dev.writ.core.json.Json;
import dev.writ.core.keys.JwksKeyResolver;
import dev.writ.guard.internal.DefaultDynamoDb;
import dev.writ.guard.writ.VerifierConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.core.SdkClient;

/**
 * Warms the guard before a SnapStart snapshot (a CRaC {@link Resource}, as Powertools does), so a
 * restored environment answers its first request without loading and compiling the guard's path:
 * JSON, JOSE, the JDK's signature providers (PS256 and ES256), event inspection, the log line, and
 * the SDK clients the guard uses (KMS for trusted keys, DynamoDB for lineage and replay) with their
 * endpoint rules. It runs two sample requests, each carrying a writ signed by a fixed priming key
 * ({@code priming.json}), through a guard of its own that trusts only that key, for a function
 * named {@value #FUNCTION}, with no lineage, no replay store and no exchange.
 *
 * <p>Nothing unique to an environment enters the snapshot: no lineage record is appended (so no
 * shard is drawn: {@code LineageWriter} draws it on its first append), no writ is consumed, no key
 * is made or fetched, nothing is signed, no request is sent, and nothing here draws from
 * {@code SecureRandom}. So {@link #afterRestore} has nothing to re-create. The SDK clients warmed
 * are thrown away; the guard's own are built on first use after the restore, from warm classes.
 *
 * <p>Outside SnapStart it runs at init only under provisioned concurrency
 * ({@code AWS_LAMBDA_INITIALIZATION_TYPE=provisioned-concurrency}), where init is off the request
 * path. On an on-demand cold start the caller waits for init and first request alike, so priming
 * there moves work rather than removing it (lambda-runtime-tests/RESULTS.md: ~0.7 s more init,
 * ~1.3 s less first request, no established change in the whole). The first guard made in a JVM
 * registers it; later ones would warm the same code.
 *
 * <p>Each run logs one {@code INFO} line, {@code "message":"primed"}, with how many sample requests
 * the guard allowed and its duration, in the shape of the authorizer's priming line: without it,
 * neither an operator nor a cold-start bench could tell whether a function was primed.
 */
final class GuardPriming implements Resource {

    /** The function the sample writs are issued for, and their issuer. */
    static final String FUNCTION = "writ-priming";
    static final Variable INITIALIZATION_TYPE = Variable.of("AWS_LAMBDA_INITIALIZATION_TYPE");

    private static final AtomicBoolean REGISTERED = new AtomicBoolean();
    /** CRaC holds resources weakly: the registered one is kept here. */
    private static volatile GuardPriming registered;

    private final boolean kms;
    private final boolean dynamoDb;
    private final PrintStream log;

    GuardPriming(boolean kms, boolean dynamoDb) {
        this(kms, dynamoDb, System.err);
    }

    GuardPriming(boolean kms, boolean dynamoDb, PrintStream log) {
        this.kms = kms;
        this.dynamoDb = dynamoDb;
        this.log = log;
    }

    /**
     * Registers the priming for the first guard of this JVM, warming the clients its configuration
     * uses, and runs it now when init is off the request path (provisioned concurrency).
     */
    static void register(GuardConfig config, Environment env) {
        if (!REGISTERED.compareAndSet(false, true)) {
            return;
        }
        GuardPriming priming = new GuardPriming(!env.list(GuardConfig.TRUSTED_KEYS).isEmpty(),
                config.lineage != null || config.verifier.replayStore().isPresent());
        registered = priming;
        Core.getGlobalContext().register(priming);
        if (primesAtInit(env)) {
            priming.prime();
        }
    }

    /** Whether init is off the request path, so the priming runs there: provisioned concurrency only. */
    static boolean primesAtInit(Environment env) {
        return env.platform(INITIALIZATION_TYPE.name()).filter("provisioned-concurrency"::equals).isPresent();
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
     * Runs the sample requests and warms the SDK clients; never throws (a failed warm-up is only
     * slower).
     *
     * @return how many sample requests the guard allowed and ran (four: two writs, two event forms)
     */
    int prime() {
        long started = System.nanoTime();
        int ran = 0;
        try {
            Samples samples = Samples.load();
            Guard guard = Guard.unprimed(GuardConfig.builder()
                    .verifier(samples.verifier())
                    .functionName(FUNCTION)
                    .logTo(new PrintStream(OutputStream.nullOutputStream()))
                    .build());
            int[] allowed = {0};
            for (String writ : samples.writs()) {
                guard.handle(restEvent(writ), null, (event, context, verified) -> allowed[0]++);
                guard.handleStream(new ByteArrayInputStream(Json.writeBytes(restEventJson(writ))),
                        OutputStream.nullOutputStream(), null, (in, out, context, verified) -> allowed[0]++);
            }
            ran = allowed[0];
            if (kms) {
                warm(AwsClients.lazyKms().get());
            }
            if (dynamoDb) {
                warm(DefaultDynamoDb.lazy().get());
            }
            Map<String, Object> line = line("INFO", "primed");
            line.put("allowed", ran);
            line.put("ms", (System.nanoTime() - started) / 1_000_000);
            log.println(Json.write(line));
        } catch (IOException | RuntimeException e) {
            Map<String, Object> line = line("WARN", "SnapStart priming failed; the first request will warm the guard");
            line.put("error", e.getClass().getName());
            log.println(Json.write(line));
        }
        return ran;
    }

    /** The start of one log line, as the authorizer's priming writes its own; {@link Json#write} escapes it. */
    private static Map<String, Object> line(String level, String message) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("writ", "guard");
        line.put("level", level);
        line.put("message", message);
        return line;
    }

    /** Builds the client's configuration (region, credentials provider, endpoint rules), sends nothing. */
    private static void warm(SdkClient client) {
        client.serviceClientConfiguration();
        client.close();
    }

    private static APIGatewayProxyRequestEvent restEvent(String writ) {
        APIGatewayProxyRequestEvent.ProxyRequestContext context = new APIGatewayProxyRequestEvent.ProxyRequestContext()
                .withApiId("priming").withStage("priming").withHttpMethod("GET").withResourcePath("/priming")
                .withPath("/priming/priming").withRequestId("priming");
        context.setAuthorizer(Map.of("writ", writ));
        return new APIGatewayProxyRequestEvent().withHttpMethod("GET").withPath("/priming").withResource("/priming")
                .withRequestContext(context);
    }

    private static Map<String, Object> restEventJson(String writ) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("apiId", "priming");
        context.put("stage", "priming");
        context.put("httpMethod", "GET");
        context.put("resourcePath", "/priming");
        context.put("requestId", "priming");
        context.put("authorizer", Map.of("writ", writ));
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("httpMethod", "GET");
        event.put("path", "/priming");
        event.put("resource", "/priming");
        event.put("requestContext", context);
        return event;
    }

    /** The fixed priming key (public half only) and the writs it signed, from {@code priming.json}. */
    record Samples(String jwks, List<String> writs) {

        /** Issued 1,800,000,000 (2027-01-15), valid 60 s: the priming verifier's clock stands inside. */
        private static final Instant ISSUED_AT = Instant.ofEpochSecond(1_800_000_000L);

        static Samples load() throws IOException {
            try (InputStream in = GuardPriming.class.getResourceAsStream("priming.json")) {
                if (in == null) {
                    throw new IOException("priming.json is missing");
                }
                Map<String, Object> json = Json.parseObject(in);
                @SuppressWarnings("unchecked")
                List<String> writs = (List<String>) json.get("writs");
                return new Samples(Json.write(json.get("jwks")), List.copyOf(writs));
            }
        }

        VerifierConfig verifier() {
            return VerifierConfig.builder()
                    .keys(JwksKeyResolver.fromJwks(jwks))
                    .trustedIssuers(Set.of(FUNCTION))
                    .clock(Clock.fixed(ISSUED_AT.plusSeconds(5), ZoneOffset.UTC))
                    .build();
        }
    }
}
