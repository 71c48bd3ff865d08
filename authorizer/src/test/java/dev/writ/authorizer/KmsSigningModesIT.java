package dev.writ.authorizer;

import dev.writ.testsupport.Emulators;
import dev.writ.testsupport.TestIdp;
import dev.writ.core.config.Environment;
import dev.writ.core.jose.CompactJws;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.writ.authorizer.event.RecordedEvent;
import dev.writ.guard.Guard;
import dev.writ.guard.GuardConfig;
import dev.writ.core.internal.AwsClients;
import dev.writ.core.json.Json;
import dev.writ.core.keys.KmsKeyResolver;
import dev.writ.core.sign.KmsSigner;
import dev.writ.guard.writ.VerifierConfig;
import dev.writ.policy.build.BundleBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

/**
 * The authorizer configured from {@code WRIT_*} variables as in Lambda, signing with a KMS key on
 * the emulator ({@code kms} and {@code kms-delegated}); the bundle is KMS-signed too. The writs pass
 * a guard that trusts only that key ARN.
 */
class KmsSigningModesIT {
    private static TestIdp idp;
    private static Supplier<KmsClient> kms;
    private static String keyArn;
    private static Path bundle;

    @BeforeAll
    static void setUp() throws Exception {
        Emulators.require("KMS");
        idp = new TestIdp();
        kms = AwsClients.lazyKms();
        keyArn = kms.get().createKey(r -> r.keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata().arn();
        bundle = BundleBuilder.build(TestWorld.SAMPLE, KmsSigner.create(kms.get(), keyArn),
                Files.createTempDirectory("writ-kms-bundle").resolve("bundle.json")).file();
    }

    @AfterAll
    static void tearDown() {
        if (idp != null) {
            idp.close();
        }
    }

    private static Authorizer authorizer(String mode, String signingKey) {
        Map<String, String> env = new HashMap<>();
        env.put("WRIT_AUTHORIZER_IDP_ISSUER", idp.issuer());
        env.put("WRIT_AUTHORIZER_IDP_AUDIENCE", TestIdp.CLIENT_ID);
        env.put("WRIT_AUTHORIZER_IDP_TOKEN_USE", "access");
        env.put("WRIT_AUTHORIZER_ISSUER", TestWorld.ISSUER);
        env.put("WRIT_AUTHORIZER_SIGNING_MODE", mode);
        env.put("WRIT_AUTHORIZER_KMS_KEY_ID", signingKey);
        env.put("WRIT_AUTHORIZER_BUNDLE_FILE", bundle.toString());
        env.put("WRIT_AUTHORIZER_BUNDLE_TRUSTED_KEYS", keyArn);
        return AuthorizerConfig.fromEnvironment(Environment.of(env), Clock.systemUTC());
    }

    private static Decision decideViewerRead(Authorizer authorizer) {
        RecordedEvent.Http event = (RecordedEvent.Http) TestWorld.event("http-request",
                idp.token("vera", List.of("viewer"), Instant.now()), e -> { });
        return authorizer.decide(event.event());
    }

    private static boolean guardRuns(String writ) {
        Guard guard = Guard.create(GuardConfig.builder()
                .verifier(VerifierConfig.builder().keys(new KmsKeyResolver(Set.of(keyArn), kms))
                        .trustedIssuers(Set.of(TestWorld.ISSUER)).build())
                .functionName("payments-read")
                .logTo(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .build());
        Map<String, Object> tree = Json.parseObject(TestWorld.resource("/events/http-v2.json"));
        tree.put("rawPath", "/prod/payments/p-1001");
        tree.put("rawQueryString", "expand=refunds");
        Map<String, Object> rc = TestWorld.map(tree, "requestContext");
        TestWorld.map(rc, "http").put("method", "GET");
        rc.put("authorizer", Map.of("lambda", Map.of("writ", writ)));
        APIGatewayV2HTTPEvent event = LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class,
                KmsSigningModesIT.class.getClassLoader()).fromJson(Json.write(tree));
        AtomicBoolean ran = new AtomicBoolean();
        guard.handle(event, null, (e, c, w) -> {
            ran.set(true);
            return null;
        });
        return ran.get();
    }

    @Test
    void kmsModeSignsEveryWritWithTheKmsKey() {
        Decision o = decideViewerRead(authorizer("kms", keyArn));
        assertThat(o.isAllowed()).as(o.reason() + " " + o.detail()).isTrue();
        assertThat(CompactJws.parse(o.token().orElseThrow()).header().members().get("kid")).isEqualTo(keyArn);
        assertThat(guardRuns(o.token().orElseThrow())).isTrue();
    }

    @Test
    void kmsDelegatedModeSignsLocallyUnderAKmsSignedDelegation() {
        Authorizer authorizer = authorizer("kms-delegated", keyArn);
        for (int i = 0; i < 5; i++) {
            Decision o = decideViewerRead(authorizer);
            assertThat(o.isAllowed()).as(o.reason() + " " + o.detail()).isTrue();
            Map<String, Object> header = CompactJws.parse(o.token().orElseThrow()).header().members();
            assertThat(header).containsKey("dlg");
            assertThat(header.get("crit")).isEqualTo(List.of("dlg"));
            assertThat(guardRuns(o.token().orElseThrow())).isTrue();
        }
    }

    @Test
    void unknownKmsKeyDeniesWithSigningFailedInBothModes() {
        String missing = "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000";
        for (String mode : List.of("kms", "kms-delegated")) {
            Decision o = decideViewerRead(authorizer(mode, missing));
            assertThat(o.effect()).isEqualTo(Decision.Effect.DENY);
            assertThat(o.reason()).isEqualTo(ReasonCode.SIGNING_FAILED);
        }
    }

    @Test
    void bundleSignedByAnotherKmsKeyDeniesEverything() {
        String other = kms.get().createKey(r -> r.keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata().arn();
        Map<String, String> env = new HashMap<>(Map.of("WRIT_AUTHORIZER_IDP_ISSUER", idp.issuer(), "WRIT_AUTHORIZER_ISSUER", TestWorld.ISSUER,
                "WRIT_AUTHORIZER_SIGNING_MODE", "kms", "WRIT_AUTHORIZER_KMS_KEY_ID", keyArn, "WRIT_AUTHORIZER_BUNDLE_FILE", bundle.toString(),
                "WRIT_AUTHORIZER_BUNDLE_TRUSTED_KEYS", other));
        Decision o = decideViewerRead(AuthorizerConfig.fromEnvironment(Environment.of(env), Clock.systemUTC()));
        assertThat(o.reason()).isEqualTo(ReasonCode.BUNDLE_INVALID);
    }
}
