package dev.writ.cli.dev;

import dev.writ.authorizer.AuthorizerConfig;
import dev.writ.core.config.Environment;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import dev.writ.authorizer.Authorizer;
import dev.writ.authorizer.auth.CallerAuthenticator;
import dev.writ.authorizer.exchange.WritExchange;
import dev.writ.guard.Guard;
import dev.writ.guard.GuardConfig;
import dev.writ.guard.ToolGuard;
import dev.writ.examples.mcp.PaymentsMcpFunction;
import dev.writ.examples.mcp.PaymentsMcpHttpApiFunction;
import dev.writ.core.keys.JwksKeyResolver;
import dev.writ.core.keys.KeyResolver;
import dev.writ.core.keys.KmsKeyResolver;
import dev.writ.core.sign.KmsSigner;
import dev.writ.audit.Checkpointer;
import dev.writ.guard.lineage.LineageTable;
import dev.writ.audit.CheckpointKey;
import dev.writ.audit.LineageAudit;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.kms.KmsClient;
import dev.writ.guard.lineage.LineageConfig;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.LineageWriter;
import dev.writ.guard.replay.DynamoDbReplayStore;
import dev.writ.core.keys.LocalKeys;
import dev.writ.core.sign.LocalSigner;
import dev.writ.core.jose.SigningAlgorithm;
import dev.writ.core.jose.Signer;
import dev.writ.guard.writ.VerifierConfig;
import dev.writ.policy.bundle.Route;
import dev.writ.policy.build.BundleBuilder;
import dev.writ.policy.eval.PolicyBundle;
import dev.writ.policy.file.BundleLoader;
import dev.writ.policy.file.BundleTrust;
import dev.writ.policy.file.InvalidBundleException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;

import com.nimbusds.jose.jwk.JWK;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The embedded default stack behind {@code writ dev} and {@code writ demo}: DynamoDB Local in this
 * JVM with the lineage and replay tables, a local PS256 writ key (or the KMS key {@code WRIT_AUTHORIZER_KMS_KEY_ID}
 * when a KMS endpoint is configured), the payments-api bundle built and
 * signed at start, a sample IdP, the real authorizer engine, and the bundle's functions as sample
 * handlers wrapped by the real guard, everything appending to lineage as in production.
 */
public final class DevStack implements AutoCloseable {
    /** {@code iss} of the writs the embedded authorizer mints. */
    public static final String ISSUER = "https://authorizer.writ.local";
    /** The lineage table. */
    public static final String LINEAGE_TABLE = LineageConfig.DEFAULT_TABLE;
    /** The replay table (single-use writ ids). */
    public static final String REPLAY_TABLE = "writ-replay";
    /** The function the sample payments-write handler invokes, guarded, with a child writ from the exchange. */
    public static final String LEDGER = "ledger-post";
    /** The queue payments-write sends payment events to (delivered in-process: the stack has no SQS). */
    public static final String EVENTS_QUEUE = "payment-events";
    /** The guarded consumer of {@value #EVENTS_QUEUE}. */
    public static final String NOTIFY = "payments-notify";
    /** The guarded MCP server behind the bundle's {@code POST /mcp} route: examples/mcp-payments' own handler. */
    public static final String MCP = "payments-mcp";
    /**
     * The embedded exchange's deepest child: one hop from an API call (the deployed default is
     * {@value WritExchange#DEFAULT_MAX_DEPTH}); the tour shows a second hop refused DEPTH_EXCEEDED.
     */
    public static final int MAX_HOP_DEPTH = 1;

    private static final String BUNDLE_RESOURCE = "/writ/bundles/payments-api/manifest.json";
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    private final EmbeddedDynamo dynamo;
    private final String signing;
    private final JWK checkpointKey;
    private final Signer writSigner;
    private final PolicyBundle bundle;
    private final SampleIdp idp;
    private final RecordingLineage lineage;
    private final LineageConfig lineageConfig;
    private final Authorizer authorizer;
    private final EmbeddedExchange exchange;
    private final Map<String, Guard> guards = new LinkedHashMap<>();
    private final SampleFunctions samples;
    private final Gateway gateway;
    private final HttpApiGateway httpGateway;
    private final PaymentsMcpFunction mcpServer;
    private final PaymentsMcpHttpApiFunction mcpHttpServer;
    private final ToolCallEndpoint toolCalls;
    private AuditorApi auditorApi;

    private DevStack(EmbeddedDynamo dynamo, Path dataDir, int shards, Environment env) throws IOException {
        this.dynamo = dynamo;
        createTables(dynamo.client());
        Path keys = dataDir == null ? null : dataDir.resolve("keys");
        // Checkpoint notes are ECDSA P-256 (C2SP); writs default to PS256, the algorithm guards verify fastest.
        this.checkpointKey = key(keys == null ? null : keys.resolve("checkpoint"), SigningAlgorithm.ES256);
        KeyResolver trusted;
        Optional<String> kmsKey = env.string(AuthorizerConfig.KMS_KEY_ID);
        if (kmsKey.isPresent() && (env.platform("AWS_ENDPOINT_URL_KMS").isPresent()
                || env.platform("AWS_ENDPOINT_URL").isPresent())) {
            // KMS (an emulator, or AWS): the endpoint comes from the SDK's own variables.
            KmsClient kms = KmsClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
            KmsSigner signer = KmsSigner.create(kms, kmsKey.get());
            this.writSigner = signer;
            this.signing = "KMS key " + signer.keyId();
            trusted = new KmsKeyResolver(Set.of(signer.keyId()), () -> kms);
        } else {
            JWK writKey = key(keys == null ? null : keys.resolve("writ"), SigningAlgorithm.PS256);
            LocalSigner local = LocalSigner.fromJwk(writKey.toJSONString());
            this.writSigner = local;
            this.signing = "local " + local.algorithm() + " key";
            trusted = JwksKeyResolver.fromJwks(new JWKSet(writKey.toPublicJWK()).toString());
        }
        this.bundle = loadBundle(writSigner, trusted);
        this.idp = new SampleIdp();
        this.lineageConfig = LineageConfig.builder().table(LINEAGE_TABLE).shards(shards).build();
        List<LineageWriter> writers = new ArrayList<>();
        for (int shard = 0; shard < shards; shard++) {
            writers.add(LineageWriter.create(LineageConfig.builder().table(LINEAGE_TABLE)
                    .shards(shards).shard(shard).build(), dynamo::client));
        }
        this.lineage = new RecordingLineage(writers);
        this.authorizer = Authorizer.builder()
                .bundle(bundle)
                .authenticator(CallerAuthenticator.fixed(idp.publicJwks(), new CallerAuthenticator.Settings(
                        SampleIdp.ISSUER, SampleIdp.CLIENT_ID, "access", null, Clock.systemUTC())))
                .signer(() -> writSigner)
                .issuer(ISSUER)
                .lineage(lineage)
                .log(QUIET)
                .build();
        List<String> functions = new ArrayList<>();
        for (Route route : bundle.manifest().routes()) {
            if (!functions.contains(route.function())) {
                functions.add(route.function());
            }
        }
        functions.add(LEDGER);
        functions.add(NOTIFY);
        VerifierConfig verifier = VerifierConfig.builder()
                .keys(trusted)
                .trustedIssuers(Set.of(ISSUER))
                .replayStore(new DynamoDbReplayStore(dynamo::client, REPLAY_TABLE))
                .build();
        this.exchange = new EmbeddedExchange(WritExchange.builder()
                .bundle(bundle)
                .verifier(verifier)
                .signer(() -> writSigner)
                .issuer(ISSUER)
                .account(EmbeddedExchange.ACCOUNT)
                .region(EmbeddedExchange.REGION)
                .maxDepth(MAX_HOP_DEPTH)
                .lineage(lineage)
                .log(QUIET)
                .build());
        for (String function : functions) {
            guards.put(function, Guard.create(GuardConfig.builder().verifier(verifier).functionName(function)
                    .lineage(lineage).logTo(QUIET).hops(exchange.issuerFor(function)).build()));
        }
        this.mcpServer = new PaymentsMcpFunction(ToolGuard.of(guards.get(MCP)));
        this.mcpHttpServer = new PaymentsMcpHttpApiFunction(ToolGuard.of(guards.get(MCP)));
        this.toolCalls = new ToolCallEndpoint(this);
        this.samples = new SampleFunctions(this);
        this.gateway = new Gateway(this, samples);
        this.httpGateway = new HttpApiGateway(this, samples);
    }

    /**
     * Starts the stack. {@code dataDir} keeps DynamoDB data and the keys between runs (null: all in
     * memory); {@code shards} is the lineage shard count per function.
     */
    public static DevStack start(Path dataDir, int shards) {
        return start(dataDir, shards, Environment.system());
    }

    /** As {@link #start(Path, int)}, reading {@code WRIT_AUTHORIZER_KMS_KEY_ID} and the endpoint variables from {@code env}. */
    public static DevStack start(Path dataDir, int shards, Environment env) {
        EmbeddedDynamo dynamo = EmbeddedDynamo.start(dataDir == null ? null : dataDir.resolve("dynamodb"));
        try {
            return new DevStack(dynamo, dataDir, shards, env);
        } catch (IOException | RuntimeException e) {
            dynamo.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** How writs are signed: {@code local PS256 key} (ES256 for a key kept from before) or {@code KMS key <arn>}. */
    public String signing() {
        return signing;
    }

    /** The REST API emulation (REQUEST authorizer, proxy integrations). */
    public Gateway gateway() {
        return gateway;
    }

    /** The HTTP API emulation (payload 2.0 authorizer with simple responses, payload 2.0 integrations). */
    public HttpApiGateway httpGateway() {
        return httpGateway;
    }

    /** The MCP server's handler, which runs its {@code ToolGuard} before the MCP SDK sees a request. */
    PaymentsMcpFunction mcpServer() {
        return mcpServer;
    }

    /** The same MCP server behind the HTTP API emulation (payload format 2.0). */
    PaymentsMcpHttpApiFunction mcpHttpServer() {
        return mcpHttpServer;
    }

    /** Where an agent host gets a writ per tool call ({@value ToolCallEndpoint#PATH}). */
    public ToolCallEndpoint toolCalls() {
        return toolCalls;
    }

    public SampleIdp idp() {
        return idp;
    }

    public PolicyBundle bundle() {
        return bundle;
    }

    Authorizer authorizer() {
        return authorizer;
    }

    RecordingLineage lineage() {
        return lineage;
    }

    /** The writ exchange every guarded function of the stack gets its child writs from. */
    public EmbeddedExchange exchange() {
        return exchange;
    }

    /** The guard of {@code function}, if the stack has that function. */
    public Optional<Guard> guard(String function) {
        return Optional.ofNullable(guards.get(function));
    }

    /** The writ issuer's signer: the demo mints its hostile writs (expired, single-use) with it. */
    public Signer writSigner() {
        return writSigner;
    }

    /** The DynamoDB Local client (loopback). */
    public DynamoDbClient dynamo() {
        return dynamo.client();
    }

    /** An auditor's view of the lineage table, checking checkpoints with the stack's checkpoint key. */
    public LineageAudit audit() {
        return LineageAudit.create(lineageConfig, dynamo::client, Optional.of(checkpointPublicKey()));
    }

    /** Signs the current heads of every chain into a checkpoint record, and returns that record. */
    public LineageRecord checkpoint() {
        LineageAudit audit = audit();
        return Checkpointer.create(audit, LocalSigner.fromJwk(checkpointKey.toJSONString()), checkpointPublicKey()).checkpoint(audit.chains()).record();
    }

    /** The public JWKS that verifies the checkpoints ({@code writ lineage verify --jwks}). */
    public JWKSet checkpointJwks() {
        return new JWKSet(checkpointKey.toPublicJWK());
    }

    /** The public key that verifies this stack's checkpoints (the auditor API checks notes with it). */
    public CheckpointKey checkpointKey() {
        return checkpointPublicKey();
    }

    /**
     * lineage-fn's auditor API and explorer on this stack's lineage, started on first use (the
     * Micronaut context costs about a second, which {@code writ demo} does not need to pay).
     */
    synchronized AuditorApi auditorApi() {
        if (auditorApi == null) {
            auditorApi = AuditorApi.start(this);
        }
        return auditorApi;
    }

    private CheckpointKey checkpointPublicKey() {
        try {
            return new CheckpointKey(CheckpointKey.DEFAULT_NAME, checkpointKey.toECKey().toECPublicKey());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (auditorApi != null) {
                auditorApi.close();
            }
        }
        samples.close();
        dynamo.close();
    }

    private static void createTables(DynamoDbClient client) {
        try {
            LineageTable.create(client, LINEAGE_TABLE);
        } catch (ResourceInUseException kept) {
            // --data: the table is still there from an earlier run.
        }
        try {
            client.createTable(DynamoDbReplayStore.tableDefinition(REPLAY_TABLE));
        } catch (ResourceInUseException kept) {
            // as above
        }
    }

    /** A fresh key for {@code algorithm}, or the one kept in {@code dir} (made there on the first run). */
    private static JWK key(Path dir, SigningAlgorithm algorithm) throws IOException {
        if (dir == null) {
            return parse(LocalKeys.generate(algorithm).privateJwk());
        }
        Path file = dir.resolve(LocalKeys.PRIVATE_JWK);
        if (!Files.exists(file)) {
            return parse(LocalKeys.writeNew(dir, algorithm).privateJwk());
        }
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    private static JWK parse(String jwk) {
        try {
            return JWK.parse(jwk);
        } catch (ParseException e) {
            throw new IllegalStateException("not a JWK: " + e.getMessage());
        }
    }

    /**
     * Builds the sample bundle from the sources shipped in the CLI (validation and decision tests
     * included), signs it with the local key and loads it back through the same loader the
     * authorizer uses, so the stack runs exactly what a deployment would.
     */
    private static PolicyBundle loadBundle(Signer signer, KeyResolver trusted) throws IOException {
        Path work = Files.createTempDirectory("writ-bundle-");
        try {
            Path src = work.resolve("payments-api");
            copyBundleSources(src);
            Path file = work.resolve("payments-api.bundle.json");
            BundleBuilder.build(src, signer, file);
            return BundleLoader.load(file, BundleTrust.keys(trusted));
        } catch (BundleBuilder.BuildFailedException e) {
            throw new IllegalStateException("the sample bundle does not build: " + e.getMessage(), e);
        } catch (InvalidBundleException e) {
            throw new IllegalStateException("the sample bundle does not load: " + e.getMessage(), e);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void copyBundleSources(Path target) throws IOException {
        URI uri;
        try {
            var url = DevStack.class.getResource(BUNDLE_RESOURCE);
            if (url == null) {
                throw new IllegalStateException("the sample bundle is missing from the CLI (" + BUNDLE_RESOURCE + ")");
            }
            uri = url.toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (uri.getScheme().equals("jar")) {
            FileSystem fs;
            try {
                fs = FileSystems.newFileSystem(uri, Map.of());
            } catch (java.nio.file.FileSystemAlreadyExistsException e) {
                fs = FileSystems.getFileSystem(uri);
            }
            copyTree(fs.provider().getPath(uri).getParent(), target);
        } else {
            copyTree(Path.of(uri).getParent(), target);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
