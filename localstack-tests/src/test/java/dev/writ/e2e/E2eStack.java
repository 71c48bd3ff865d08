package dev.writ.e2e;

import dev.writ.authorizer.event.RestAuthorizerEvent;
import dev.writ.core.config.Environment;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import dev.writ.authorizer.Authorizer;
import dev.writ.authorizer.AuthorizerConfig;
import dev.writ.authorizer.Decision;
import dev.writ.authorizer.exchange.ExchangeConfig;
import dev.writ.authorizer.exchange.WritExchange;
import dev.writ.testsupport.TestIdp;
import dev.writ.guard.Guard;
import dev.writ.guard.GuardConfig;
import dev.writ.core.json.Json;
import dev.writ.core.keys.KmsKeyResolver;
import dev.writ.guard.lineage.LineageConfig;
import dev.writ.guard.lineage.LineageRecorder;
import dev.writ.guard.lineage.LineageWriter;
import dev.writ.guard.replay.DynamoDbReplayStore;
import dev.writ.core.sign.KmsSigner;
import dev.writ.guard.writ.VerifierConfig;
import dev.writ.policy.build.BundleBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * One run's stack on the configured endpoints, made the way {@code sam-templates/template.yaml}
 * makes it: a KMS signing key of the template's spec and usage, the lineage and replay tables of
 * the template's definitions under names unique to this run, and the sample payments-api bundle
 * built and signed with that key. On top of it, the project's real code: the authorizer configured
 * from {@code WRIT_*} variables as in Lambda, guards trusting only the key ARN, lineage-fn's
 * auditor API and checkpoint signer. {@link #close()} deletes the tables and schedules the key's
 * deletion.
 */
final class E2eStack implements AutoCloseable {
    final DynamoDbClient dynamo = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
    final KmsClient kms = KmsClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
    // Set once by build(), read-only afterwards.
    /** The function the template deploys behind {@code POST /payments} (the writ's {@code aud}). */
    String paymentsFunction;
    /** {@code iss} of the stack's writs (the template's {@code WritIssuer} default). */
    String issuer;
    String run;
    String lineageTable;
    String replayTable;
    String keyArn;
    /** The template's {@code CheckpointKey}: checkpoint notes are ECDSA P-256 by format. */
    String checkpointKeyArn;
    private Path bundleFile;
    private TestIdp idp;
    private AuditorApi auditor;
    /** What {@link #close()} undoes, newest first: each resource is registered as soon as it exists. */
    private final Deque<Runnable> cleanup = new ArrayDeque<>();

    private E2eStack(String label) {
        try {
            build(label);
        } catch (RuntimeException | Error e) {
            // A half-made stack still gives back what it made.
            close();
            throw e;
        } catch (Exception e) {
            close();
            throw new IllegalStateException("the end-to-end stack did not start: " + e.getMessage(), e);
        }
    }

    private void build(String label) throws Exception {
        StackTemplate template = StackTemplate.load();
        this.paymentsFunction = template.functionVariable("PaymentsRestFunction", "WRIT_GUARD_FUNCTION_NAME");
        this.issuer = template.parameterDefault("WritIssuer");
        this.run = "writ-e2e-" + label + "-" + UUID.randomUUID().toString().substring(0, 8);

        this.keyArn = createKey(template.key("SigningKey"));
        this.checkpointKeyArn = createKey(template.key("CheckpointKey"));

        this.lineageTable = run + "-lineage";
        this.replayTable = run + "-replay";
        createTable(template.table("LineageTable", lineageTable));
        createTable(template.table("ReplayTable", replayTable));
        template.timeToLive("ReplayTable").ifPresent(ttl ->
                dynamo.updateTimeToLive(b -> b.tableName(replayTable).timeToLiveSpecification(ttl)));

        Path dir = Files.createTempDirectory(run);
        this.bundleFile = BundleBuilder.build(StackTemplate.root().resolve("policy-bundles").resolve("payments-api"),
                KmsSigner.create(kms, keyArn), dir.resolve("bundle.json")).file();
        this.idp = new TestIdp();
        cleanup.push(idp::close);
    }

    /** A KMS key of the template's {@code shape}, scheduled for deletion when the run ends; its ARN. */
    private String createKey(StackTemplate.KeyShape shape) {
        var metadata = kms.createKey(b -> b.keySpec(shape.keySpec()).keyUsage(shape.keyUsage())
                .description("Writ end-to-end test " + run + " (scheduled for deletion when the run ends)")).keyMetadata();
        // The key id, not the ARN: moto 5.2.5 answers ScheduleKeyDeletion on an ARN with a 500.
        cleanup.push(() -> kms.scheduleKeyDeletion(b -> b.keyId(metadata.keyId()).pendingWindowInDays(7)));
        return metadata.arn();
    }

    /** A fresh stack; {@code label} names the test class in the resource names. */
    static E2eStack start(String label) {
        System.out.println("writ e2e: " + label + " runs against " + Endpoints.require().description());
        return new E2eStack(label);
    }

    private void createTable(CreateTableRequest request) {
        dynamo.createTable(request);
        cleanup.push(() -> dynamo.deleteTable(b -> b.tableName(request.tableName())));
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(request.tableName()));
    }

    /** A bearer token of the IdP for {@code subject} in {@code groups}. */
    String token(String subject, String... groups) {
        return idp.token(subject, List.of(groups));
    }

    /**
     * The authorizer as the template configures it in Lambda ({@code WRIT_*} variables), signing
     * in {@code mode} ({@code kms} or {@code kms-delegated}) with the stack's key, on {@code clock}.
     */
    Authorizer authorizer(String mode, Clock clock) {
        Map<String, String> env = new HashMap<>();
        env.put("WRIT_AUTHORIZER_IDP_ISSUER", idp.issuer());
        env.put("WRIT_AUTHORIZER_IDP_AUDIENCE", TestIdp.CLIENT_ID);
        env.put("WRIT_AUTHORIZER_IDP_TOKEN_USE", "access");
        env.put("WRIT_AUTHORIZER_ISSUER", issuer);
        env.put("WRIT_AUTHORIZER_SIGNING_MODE", mode);
        env.put("WRIT_AUTHORIZER_KMS_KEY_ID", keyArn);
        env.put("WRIT_AUTHORIZER_BUNDLE_FILE", bundleFile.toString());
        env.put("WRIT_AUTHORIZER_BUNDLE_TRUSTED_KEYS", keyArn);
        env.put("WRIT_LINEAGE_TABLE", lineageTable);
        return AuthorizerConfig.fromEnvironment(Environment.of(env), clock);
    }

    Authorizer authorizer(String mode) {
        return authorizer(mode, Clock.systemUTC());
    }

    /** The account of the stack's key: the account whose functions may ask the exchange. */
    String account() {
        return keyArn.split(":")[4];
    }

    /** The stack's region, the key's: the exchange's, and its functions' (as Lambda's AWS_REGION). */
    String region() {
        return keyArn.split(":")[3];
    }

    /** The ARN Lambda invokes the stack's function {@code name} as: a hop's child names its callee by it. */
    String functionArn(String name) {
        return "arn:aws:lambda:" + region() + ":" + account() + ":function:" + name;
    }

    /**
     * The writ exchange as the template configures it: the authorizer's issuer, key and bundle, the
     * guards' trust (the stack's key and issuer, the replay table), this run's lineage table.
     */
    WritExchange exchange() {
        Map<String, String> env = new HashMap<>();
        env.put("WRIT_AUTHORIZER_ISSUER", issuer);
        env.put("WRIT_AUTHORIZER_SIGNING_MODE", "kms");
        env.put("WRIT_AUTHORIZER_KMS_KEY_ID", keyArn);
        env.put("WRIT_AUTHORIZER_BUNDLE_FILE", bundleFile.toString());
        env.put("WRIT_AUTHORIZER_BUNDLE_TRUSTED_KEYS", keyArn);
        env.put("WRIT_GUARD_TRUSTED_KEYS", keyArn);
        env.put("WRIT_GUARD_TRUSTED_ISSUERS", issuer);
        env.put("WRIT_GUARD_REPLAY_TABLE", replayTable);
        env.put("WRIT_EXCHANGE_ACCOUNT", account());
        env.put("AWS_REGION", region());
        env.put("WRIT_LINEAGE_TABLE", lineageTable);
        return ExchangeConfig.fromEnvironment(Environment.of(env), Clock.systemUTC());
    }

    /**
     * The guard of {@code function}: trusts only the stack's key ARN (public key from KMS
     * {@code GetPublicKey}) and the stack's issuer, consumes single-use writs in the replay table,
     * and appends to lineage on {@code <function>#0} (one shard, so a test knows the chain).
     */
    Guard guard(String function) {
        return guard(function, LineageWriter.create(LineageConfig.builder().table(lineageTable).shard(0).build(), () -> dynamo));
    }

    /** {@link #guard(String)} appending to lineage with {@code lineage}. */
    Guard guard(String function, LineageRecorder lineage) {
        return Guard.create(GuardConfig.builder()
                .verifier(VerifierConfig.builder()
                        .keys(new KmsKeyResolver(Set.of(keyArn), () -> kms))
                        .trustedIssuers(Set.of(issuer))
                        .replayStore(new DynamoDbReplayStore(() -> dynamo, replayTable))
                        .build())
                .functionName(function)
                .lineage(lineage)
                .logTo(System.out)
                .build());
    }

    /** The guard's chain for {@code function} (see {@link #guard}). */
    static String chain(String function) {
        return function + "#0";
    }

    /** The auditor API over this run's lineage table, started on first use. */
    synchronized AuditorApi auditor() {
        if (auditor == null) {
            auditor = new AuditorApi(lineageTable, checkpointKeyArn);
        }
        return auditor;
    }

    /** What API Gateway does with a REST REQUEST authorizer's answer. */
    record Authorized(Decision decision, IamPolicyResponseV1 response) {
        /** The policy's effect on the method ({@code Allow} or {@code Deny}). */
        @SuppressWarnings("unchecked")
        String effect() {
            Map<String, Object> document = Json.parseObject(Json.write(response.getPolicyDocument()));
            List<Map<String, Object>> statements = (List<Map<String, Object>>) document.get("Statement");
            return statements.size() == 1 ? (String) statements.get(0).get("Effect") : "Deny";
        }

        /** {@code requestContext.authorizer} of the integration event: the context plus {@code principalId}. */
        Map<String, Object> integrationContext() {
            Map<String, Object> context = new LinkedHashMap<>(response.getContext() == null ? Map.of() : response.getContext());
            context.put("principalId", response.getPrincipalId());
            return context;
        }
    }

    /** The authorizer's decision and REST response for {@code POST /payments} by {@code token}. */
    static Authorized authorize(Authorizer authorizer, String token, long amount) {
        RestAuthorizerEvent event = E2eEvents.authorizerRequest(token, amount);
        Decision decision = authorizer.decide(event);
        return new Authorized(decision, authorizer.restResponse(event, decision));
    }

    @Override
    public void close() {
        if (auditor != null) {
            auditor.close();
        }
        // Cleanup must not hide a test's own failure: report, do not throw.
        while (!cleanup.isEmpty()) {
            try {
                cleanup.pop().run();
            } catch (RuntimeException e) {
                System.err.println("writ e2e: cleanup of " + run + " incomplete: " + e.getMessage());
            }
        }
        dynamo.close();
        kms.close();
    }
}
