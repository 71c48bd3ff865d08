package dev.writ.authorizer;

import dev.writ.testsupport.TestIdp;
import dev.writ.testsupport.TestJwks;
import dev.writ.authorizer.auth.CallerAuthenticator;
import dev.writ.authorizer.event.RecordedEvent;
import dev.writ.guard.Guard;
import dev.writ.guard.GuardConfig;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.core.json.Json;
import dev.writ.core.keys.JwksKeyResolver;
import dev.writ.core.sign.LocalSigner;
import dev.writ.core.jose.Signer;
import dev.writ.guard.writ.VerifierConfig;
import dev.writ.policy.build.BundleBuilder;
import dev.writ.policy.eval.PolicyBundle;
import dev.writ.policy.file.BundleLoader;
import dev.writ.policy.file.BundleTrust;
import dev.writ.policy.TestBundles;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The sample bundle, signed and loaded; writ keys; clocks; event templates. Shared by the tests. */
final class TestWorld {
    static final String ISSUER = "https://authz.payments.example";
    /** A Monday, 10:00 UTC: inside business hours. */
    static final Instant MONDAY_10 = Instant.parse("2026-11-23T10:00:00Z");
    static final Path SAMPLE = Path.of("..", "policy-bundles", "payments-api");

    static final JWK WRIT_KEY = TestJwks.es256();
    private static final JWK BUNDLE_KEY = TestJwks.es256();
    private static Path bundleFile;
    private static PolicyBundle bundle;

    private TestWorld() {
    }

    /** The sample bundle built and signed with a local key (once per test JVM), as a file. */
    static synchronized Path bundleFile() {
        if (bundleFile == null) {
            try {
                Path dir = Files.createTempDirectory("writ-bundle");
                bundleFile = BundleBuilder.build(SAMPLE, LocalSigner.fromJwk(BUNDLE_KEY.toJSONString()), dir.resolve("bundle.json")).file();
            } catch (Exception e) {
                throw new IllegalStateException("sample bundle did not build", e);
            }
        }
        return bundleFile;
    }

    static String bundleTrustJwks() {
        return new JWKSet(BUNDLE_KEY.toPublicJWK()).toString();
    }

    static BundleTrust bundleTrust() {
        return BundleTrust.jwks(new JWKSet(BUNDLE_KEY.toPublicJWK()).toString());
    }

    static synchronized PolicyBundle bundle() {
        if (bundle == null) {
            try {
                bundle = BundleLoader.load(bundleFile(), bundleTrust());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return bundle;
    }

    /**
     * The sample bundle with its {@code hops} edited by {@code edit} (a mutable copy of the
     * manifest's), built in {@code dir} and signed with the bundle key, loaded.
     */
    static PolicyBundle sampleWithHops(Path dir, Consumer<Map<String, Object>> edit) {
        try {
            Path copy = TestBundles.copyPayments(dir);
            Path manifestFile = copy.resolve("manifest.json");
            Map<String, Object> manifest = new LinkedHashMap<>(Json.parseObject(Files.readString(manifestFile)));
            @SuppressWarnings("unchecked")
            Map<String, Object> hops = new LinkedHashMap<>((Map<String, Object>) manifest.get("hops"));
            edit.accept(hops);
            manifest.put("hops", hops);
            Files.writeString(manifestFile, Json.write(manifest));
            Path file = BundleBuilder.build(copy, LocalSigner.fromJwk(BUNDLE_KEY.toJSONString()), dir.resolve("bundle.json")).file();
            return BundleLoader.load(file, bundleTrust());
        } catch (Exception e) {
            throw new IllegalStateException("the edited sample bundle did not build", e);
        }
    }

    static Clock clockAt(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    static Signer writSigner() {
        return LocalSigner.fromJwk(WRIT_KEY.toJSONString());
    }

    /** An authorizer over the sample bundle, the IdP's live JWKS and a local writ key; logs into {@code log}. */
    static Authorizer.Builder authorizer(TestIdp idp, Clock clock, ByteArrayOutputStream log) {
        Signer signer = writSigner();
        return Authorizer.builder()
                .bundle(bundle())
                .authenticator(CallerAuthenticator.remote(idp.jwksUrl(), new CallerAuthenticator.Settings(
                        idp.issuer(), TestIdp.CLIENT_ID, "access", null, clock)))
                .signer(() -> signer)
                .issuer(ISSUER)
                .clock(clock)
                .log(new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    /** {@link #authorizer} that appends every lineage draft it writes to {@code drafts}, in order. */
    static Authorizer.Builder recording(TestIdp idp, Clock clock, List<LineageRecord.Draft> drafts) {
        return authorizer(idp, clock, new ByteArrayOutputStream()).lineage(draft -> {
            drafts.add(draft);
            return null;
        });
    }

    /** A guard for {@code function} trusting {@code keys}, on {@code clock}. */
    static Guard guard(String function, JWKSet keys, Clock clock) {
        return Guard.create(GuardConfig.builder()
                .verifier(VerifierConfig.builder().keys(JwksKeyResolver.fromJwks(keys.toString()))
                        .trustedIssuers(Set.of(ISSUER)).clock(clock).build())
                .functionName(function)
                .logTo(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .build());
    }

    /** The JSON of {@code events/<name>.json} with the token filled in and {@code edit} applied. */
    static String eventJson(String name, String token, Consumer<Map<String, Object>> edit) {
        String text = resource("/events/" + name + ".json").replace("${TOKEN}", token == null ? "" : token);
        Map<String, Object> tree = Json.parseObject(text);
        edit.accept(tree);
        return Json.write(tree);
    }

    static RecordedEvent event(String name, String token, Consumer<Map<String, Object>> edit) {
        return RecordedEvent.parse(eventJson(name, token, edit));
    }

    static Decision decide(Authorizer authorizer, RecordedEvent event) {
        if (event instanceof RecordedEvent.Rest rest) {
            return authorizer.decide(rest.event());
        }
        return authorizer.decide(((RecordedEvent.Http) event).event());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.get(key);
    }

    /**
     * Edits an HTTP API event to the request {@code method path} of route {@code routeKey}, with the
     * amount header when given.
     */
    static Consumer<Map<String, Object>> httpRoute(String method, String routeKey, String path,
                                                   Map<String, String> pathParameters, Long amount) {
        return e -> {
            e.put("routeKey", routeKey);
            e.put("rawPath", "/prod" + path);
            e.put("rawQueryString", "");
            e.remove("queryStringParameters");
            e.put("routeArn", "arn:aws:execute-api:us-east-1:123456789012:a1b2c3/prod/" + method + path);
            e.put("pathParameters", pathParameters);
            Map<String, Object> rc = map(e, "requestContext");
            rc.put("routeKey", routeKey);
            map(rc, "http").put("method", method);
            map(rc, "http").put("path", "/prod" + path);
            if (amount != null) {
                map(e, "headers").put("x-payment-amount", amount.toString());
            }
        };
    }

    static String resource(String name) {
        try (InputStream in = TestWorld.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
