package dev.writ.lambdaruntime;

import dev.writ.guard.lineage.LineageTable;
import dev.writ.testsupport.TestIdp;
import dev.writ.guard.replay.DynamoDbReplayStore;
import dev.writ.core.sign.KmsSigner;
import dev.writ.policy.build.BundleBuilder;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

import static org.junit.jupiter.api.Assertions.fail;


/**
 * What the SAM template would create, made on the emulators scripts/test started (moto for KMS,
 * DynamoDB Local): the ECC_NIST_P256 signing key, the lineage and replay tables, the sample
 * {@code payments-api} bundle signed with that KMS key, and the callers' IdP. Then the functions,
 * each from its deployable jar with the template's handler and {@code WRIT_*} configuration.
 * {@link #createWithRsaKeyOnLocalStack()} makes the template's own RSA_2048 key instead.
 */
final class WritStack implements AutoCloseable {
    static final String ISSUER = "https://authz.payments.example";
    /** The bundle's function name for {@code POST /payments}: the writ's {@code aud}, the guard's lineage chain prefix. */
    static final String PAYMENTS_FUNCTION = "payments-write";
    /** The bundle's function name for {@code GET /payments}, served by the zero-code example. */
    static final String READ_FUNCTION = "payments-read";
    /** The zero-code example's own handler, as {@code WRIT_GUARD_HANDLER} names it in the template. */
    static final String ZERO_CODE_HANDLER = "dev.writ.examples.zerocode.ListPayments";
    private static final int MEMORY_MB = 1024;

    private final TestIdp idp;
    private final String keyArn;
    private final String lineageTable;
    private final String replayTable;
    private final Path bundle;
    /** Every function's KMS endpoint variable when the key is not on moto; empty otherwise. */
    private final Map<String, String> kmsEndpoint;

    /** Every function's {@code JAVA_TOOL_OPTIONS}, or null: none, as Lambda's runtime starts a function without it. */
    private final String javaToolOptions;
    /** What this stack's work directories are told apart from the first stack's by; null for the first stack. */
    private final String label;

    private WritStack(TestIdp idp, String keyArn, String lineageTable, String replayTable, Path bundle,
                      Map<String, String> kmsEndpoint) {
        this(idp, keyArn, lineageTable, replayTable, bundle, kmsEndpoint, null, null);
    }

    private WritStack(TestIdp idp, String keyArn, String lineageTable, String replayTable, Path bundle,
                      Map<String, String> kmsEndpoint, String javaToolOptions, String label) {
        this.idp = idp;
        this.keyArn = keyArn;
        this.lineageTable = lineageTable;
        this.replayTable = replayTable;
        this.bundle = bundle;
        this.kmsEndpoint = kmsEndpoint;
        this.javaToolOptions = javaToolOptions;
        this.label = label;
    }

    /**
     * The same stack (key, tables, bundle, IdP) whose functions all start with {@code JAVA_TOOL_OPTIONS}
     * set to {@code options} (null: none, as here), in work directories {@code <function>-<label>}: a
     * bench runs two forms of a function side by side. Close only the stack it came from.
     */
    WritStack withJavaToolOptions(String options, String label) {
        return new WritStack(idp, keyArn, lineageTable, replayTable, bundle, kmsEndpoint, options, label);
    }

    private PackagedFunction start(PackagedFunction.Spec spec) throws Exception {
        if (label == null) {
            return PackagedFunction.start(spec);
        }
        return PackagedFunction.start(javaToolOptions == null ? spec : spec.withJavaToolOptions(javaToolOptions),
                spec.name() + "-" + label);
    }

    static WritStack create() throws Exception {
        return create(keySpec(), null);
    }

    /**
     * The stack with the template's {@code RSA_2048} signing key (PS256) on the LocalStack
     * scripts/test starts ({@code WRIT_LOCALSTACK_ENDPOINT}): moto's RSASSA-PSS signatures do not
     * verify, LocalStack's do. Every function calls LocalStack for KMS; DynamoDB stays DynamoDB Local.
     * For the writ's paths (authorizer, guards, exchange): lineage-fn's checkpoints need a P-256 key.
     */
    static WritStack createWithRsaKeyOnLocalStack() throws Exception {
        String localStack = System.getenv("WRIT_LOCALSTACK_ENDPOINT");
        if (localStack == null || localStack.isBlank()) {
            fail("WRIT_LOCALSTACK_ENDPOINT is not set: run the integration tests through scripts/test, which starts"
                    + " LocalStack and sets it (not with WRIT_LOCALSTACK=off: moto's KMS cannot sign RSASSA-PSS verifiably)");
        }
        return create(KeySpec.RSA_2048, localStack);
    }

    private static WritStack create(KeySpec keySpec, String kmsEndpoint) throws Exception {
        requireEmulators();
        String run = UUID.randomUUID().toString().substring(0, 8);
        var kmsBuilder = KmsClient.builder().httpClient(UrlConnectionHttpClient.create());
        if (kmsEndpoint != null) {
            kmsBuilder.endpointOverride(URI.create(kmsEndpoint));
        }
        try (KmsClient kms = kmsBuilder.build();
             DynamoDbClient dynamo = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
            String keyArn = kms.createKey(r -> r.keySpec(keySpec).keyUsage(KeyUsageType.SIGN_VERIFY)
                    .description("lambda-runtime-tests " + run)).keyMetadata().arn();
            String lineage = "writ-lineage-rt-" + run;
            LineageTable.create(dynamo, lineage);
            String replay = "writ-replay-rt-" + run;
            dynamo.createTable(DynamoDbReplayStore.tableDefinition(replay));
            Path bundle = BundleBuilder.build(Packaging.root().resolve("policy-bundles/payments-api"),
                    KmsSigner.create(kms, keyArn),
                    Files.createTempDirectory("writ-rt-bundle").resolve("bundle.json")).file();
            return new WritStack(new TestIdp(), keyArn, lineage, replay, bundle,
                    kmsEndpoint == null ? Map.of() : Map.of("AWS_ENDPOINT_URL_KMS", kmsEndpoint));
        }
    }

    /**
     * The signing key's spec: P-256 (ES256), which moto signs correctly, unless
     * {@code writ.bench.keySpec} names another (bench/run on LocalStack's KMS: {@code RSA_2048}, PS256).
     */
    static KeySpec keySpec() {
        return KeySpec.fromValue(System.getProperty("writ.bench.keySpec", KeySpec.ECC_NIST_P256.toString()));
    }

    /** Fails (never skips) when scripts/test did not export the emulators' endpoints. */
    static void requireEmulators() {
        for (String v : List.of("AWS_ENDPOINT_URL_KMS", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_REGION",
                "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")) {
            String value = System.getenv(v);
            if (value == null || value.isBlank()) {
                fail(v + " is not set: run the integration tests through scripts/test, which starts moto (KMS) and"
                        + " DynamoDB Local and exports AWS_ENDPOINT_URL_KMS, AWS_ENDPOINT_URL_DYNAMODB, AWS_REGION and test credentials");
            }
        }
    }

    String keyArn() {
        return keyArn;
    }

    String lineageTable() {
        return lineageTable;
    }

    String replayTable() {
        return replayTable;
    }

    /** What every function that calls KMS adds to its environment: where the stack's key is. */
    Map<String, String> kmsEndpoint() {
        return kmsEndpoint;
    }

    /** The KMS-signed sample bundle ({@code bundle.json} beside the authorizer's and the exchange's code). */
    Path bundle() {
        return bundle;
    }

    /** A caller's access token (with MFA) from the IdP. */
    String token(String sub, String... groups) {
        return idp.token(sub, List.of(groups));
    }

    /** authorizer-fn's REST API authorizer, signing writs with KMS ({@code kms} or {@code kms-delegated}). */
    PackagedFunction startAuthorizer(String signingMode) throws Exception {
        return startAuthorizer(signingMode, Map.of());
    }

    /** The REST authorizer with extra environment (e.g. another DynamoDB endpoint). */
    PackagedFunction startAuthorizer(String signingMode, Map<String, String> extraEnv) throws Exception {
        return startAuthorizer("writ-authorizer-rest", "dev.writ.authorizer.function.RestAuthorizerFunction", signingMode, extraEnv);
    }

    /**
     * authorizer-fn's tool-call exchange ({@code ToolCallFunction}), configured as the authorizers are
     * (the template's globals). Its writs name the tool's function by ARN: McpToolCalls deploys
     * payments-mcp as the template does, twice ({@link McpToolCalls#REST_SERVER}, {@link McpToolCalls#HTTP_SERVER}).
     */
    PackagedFunction startToolCallExchange(String signingMode) throws Exception {
        return startAuthorizer("writ-tool-calls", "dev.writ.authorizer.function.ToolCallFunction", signingMode,
                Map.of("WRIT_EXCHANGE_ACCOUNT", PackagedFunction.ACCOUNT, "WRIT_EXCHANGE_FUNCTION_NAMES",
                        McpToolCalls.FUNCTION + "=" + McpToolCalls.REST_SERVER + "|" + McpToolCalls.HTTP_SERVER));
    }

    /** authorizer-fn's HTTP API authorizer (simple responses), as the template deploys it. */
    PackagedFunction startHttpAuthorizer(String signingMode) throws Exception {
        return startAuthorizer("writ-authorizer-http", "dev.writ.authorizer.function.HttpSimpleAuthorizerFunction", signingMode, Map.of());
    }

    PackagedFunction startAuthorizer(String name, String handler, String signingMode, Map<String, String> extraEnv)
            throws Exception {
        return startAuthorizer(name, Packaging.authorizerJar(), handler, signingMode, extraEnv);
    }

    /** As {@link #startAuthorizer(String, String, String, Map)}, from {@code jar} (e.g. another build's authorizer-fn.jar). */
    PackagedFunction startAuthorizer(String name, Path jar, String handler, String signingMode, Map<String, String> extraEnv)
            throws Exception {
        Map<String, String> env = new java.util.HashMap<>(Map.of("WRIT_AUTHORIZER_ISSUER", ISSUER,
                        "WRIT_AUTHORIZER_IDP_ISSUER", idp.issuer(),
                        "WRIT_AUTHORIZER_IDP_AUDIENCE", TestIdp.CLIENT_ID,
                        "WRIT_AUTHORIZER_IDP_TOKEN_USE", "access",
                        "WRIT_AUTHORIZER_SIGNING_MODE", signingMode,
                        "WRIT_AUTHORIZER_KMS_KEY_ID", keyArn,
                        "WRIT_AUTHORIZER_BUNDLE_TRUSTED_KEYS", keyArn,
                        "WRIT_LINEAGE_TABLE", lineageTable));
        env.putAll(kmsEndpoint);
        env.putAll(extraEnv);
        return start(new PackagedFunction.Spec(name, jar, handler, false, MEMORY_MB, env,
                // The bundle beside the code: the default WRIT_AUTHORIZER_BUNDLE_FILE is $LAMBDA_TASK_ROOT/bundle.json.
                Map.of("bundle.json", bundle)));
    }

    /** The guarded example ({@code CreatePayment}) with the guard-runtime layer, configured as in the template. */
    PackagedFunction startGuardedPayments() throws Exception {
        return startGuardedPayments(Map.of());
    }

    /** The guarded example with extra environment (e.g. another DynamoDB endpoint). */
    PackagedFunction startGuardedPayments(Map<String, String> extraEnv) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(guardEnv());
        env.putAll(extraEnv);
        return start(new PackagedFunction.Spec("writ-payments-rest", Packaging.guardedPaymentsJar(),
                "dev.writ.examples.payments.CreatePayment", true, MEMORY_MB, env, Map.of()));
    }

    /** The guarded example's HTTP API handler ({@code CreatePaymentHttp}), same layer and configuration. */
    PackagedFunction startGuardedPaymentsHttp() throws Exception {
        return start(new PackagedFunction.Spec("writ-payments-http", Packaging.guardedPaymentsJar(),
                "dev.writ.examples.payments.CreatePaymentHttp", true, MEMORY_MB, guardEnv(), Map.of()));
    }

    /**
     * The zero-code example as the template deploys it: its unmodified {@code ListPayments} behind
     * Writ's entry point from the layer, named in {@code WRIT_GUARD_HANDLER}.
     */
    PackagedFunction startZeroCodePayments() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(guardEnv(READ_FUNCTION));
        env.put("WRIT_GUARD_HANDLER", ZERO_CODE_HANDLER);
        return start(new PackagedFunction.Spec("writ-payments-read", Packaging.zeroCodePaymentsJar(),
                "dev.writ.guard.entry.GuardedHandler", true, MEMORY_MB, env, Map.of()));
    }

    /** The zero-code example's handler as its own Lambda handler: unguarded, no layer, as deployed before Writ. */
    PackagedFunction startUnguardedListPayments() throws Exception {
        return start(new PackagedFunction.Spec("writ-payments-read-unguarded", Packaging.zeroCodePaymentsJar(),
                ZERO_CODE_HANDLER, false, MEMORY_MB, Map.of(), Map.of()));
    }

    /**
     * The zero-code example's handler guarded in code ({@code CodeWrappedListPayments}, a
     * {@code GuardedRequestHandler} calling it): the example's jar and this module's, the layer,
     * the same guard configuration as {@link #startZeroCodePayments}.
     */
    PackagedFunction startCodeWrappedListPayments() throws Exception {
        return startCodeWrappedListPayments(Map.of());
    }

    /**
     * As {@link #startCodeWrappedListPayments()}, initialised as under provisioned concurrency, so
     * the guard's SnapStart priming ({@code GuardPriming}) runs at init.
     */
    PackagedFunction startCodeWrappedListPaymentsPrimedAtInit() throws Exception {
        return startCodeWrappedListPayments(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "provisioned-concurrency"));
    }

    private PackagedFunction startCodeWrappedListPayments(Map<String, String> extraEnv) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(guardEnv(READ_FUNCTION));
        env.putAll(extraEnv);
        return start(new PackagedFunction.Spec("writ-payments-read-wrapped",
                List.of(Packaging.zeroCodePaymentsJar(), Packaging.baselineJar()),
                "dev.writ.lambdaruntime.baseline.CodeWrappedListPayments", true, MEMORY_MB, env, Map.of()));
    }

    /** The same function without the guard (the benchmark's baseline), same layer and memory. */
    PackagedFunction startUnguardedPayments() throws Exception {
        return start(new PackagedFunction.Spec("writ-payments-unguarded", Packaging.baselineJar(),
                "dev.writ.lambdaruntime.baseline.UnguardedCreatePayment", true, MEMORY_MB, Map.of(), Map.of()));
    }

    /**
     * The latency floor (benchmark only): the baseline plus one conditional {@code PutItem} into the
     * lineage table with the guard's lineage client ({@code OneWriteCreatePayment}), same layer and memory.
     */
    PackagedFunction startOneWritePayments() throws Exception {
        return startOneWritePayments("writ-payments-one-write", Map.of());
    }

    /** The floor with the lineage client as it was before issue 19's cut: the body streamed. */
    PackagedFunction startOneWriteStreamedPayments() throws Exception {
        return startOneWritePayments("writ-payments-one-write-streamed", Map.of("WRIT_BENCH_FLOOR_BODY", "streamed"));
    }

    /** A floor named {@code name} with {@code OneWriteCreatePayment}'s settings in {@code env} (e.g. {@code WRIT_BENCH_FLOOR_PUTS}). */
    PackagedFunction startOneWritePayments(String name, Map<String, String> env) throws Exception {
        Map<String, String> all = new HashMap<>(env);
        all.put("WRIT_LINEAGE_TABLE", lineageTable);
        return start(new PackagedFunction.Spec(name, Packaging.baselineJar(),
                "dev.writ.lambdaruntime.baseline.OneWriteCreatePayment", true, MEMORY_MB, all, Map.of()));
    }

    /** lineage-fn's auditor API (Micronaut API Gateway proxy handler, REST payload 1.0). */
    PackagedFunction startAuditor() throws Exception {
        return start(new PackagedFunction.Spec("writ-auditor", Packaging.lineageJar(),
                "io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction", false, MEMORY_MB,
                Map.of("WRIT_LINEAGE_TABLE", lineageTable, "WRIT_CHECKPOINT_KMS_KEY_ID", keyArn), Map.of()));
    }

    /** lineage-fn's scheduled checkpoint signer (KMS {@code Sign} over every chain head). */
    PackagedFunction startCheckpointer() throws Exception {
        return start(new PackagedFunction.Spec("writ-checkpoint", Packaging.lineageJar(),
                "dev.writ.lineagefn.checkpoint.CheckpointFunction", false, MEMORY_MB,
                Map.of("WRIT_LINEAGE_TABLE", lineageTable, "WRIT_CHECKPOINT_KMS_KEY_ID", keyArn), Map.of()));
    }

    private Map<String, String> guardEnv() {
        return guardEnv(PAYMENTS_FUNCTION);
    }

    /** A guarded function's {@code WRIT_*} variables as the template sets them, for the bundle's {@code function}. */
    Map<String, String> guardEnv(String function) {
        Map<String, String> env = new HashMap<>(Map.of("WRIT_GUARD_TRUSTED_KEYS", keyArn,
                "WRIT_GUARD_TRUSTED_ISSUERS", ISSUER,
                "WRIT_GUARD_FUNCTION_NAME", function,
                "WRIT_LINEAGE_TABLE", lineageTable,
                "WRIT_GUARD_REPLAY_TABLE", replayTable));
        env.putAll(kmsEndpoint);
        return env;
    }

    @Override
    public void close() {
        idp.close();
    }
}
