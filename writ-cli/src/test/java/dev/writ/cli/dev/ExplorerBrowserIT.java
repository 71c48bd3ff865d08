package dev.writ.cli.dev;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.writ.core.json.Json;
import dev.writ.audit.ChainVerdict;
import dev.writ.guard.hop.HopKind;
import dev.writ.guard.hop.HopRequest;
import dev.writ.guard.writ.BoundInputs;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.writ.WritCodec;
import software.amazon.awssdk.core.SdkBytes;
import dev.writ.audit.VerifyProgress;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The lineage explorer in headless Chromium against {@code writ dev}'s server (in-process, on a free
 * port, lineage-fn's handler behind it): seeded traffic, a signed checkpoint, then one stored record
 * overwritten in DynamoDB Local. {@code src/test/browser/explorer-test.cjs} (node + playwright-core)
 * drives the page and checks what it shows against what this test computed; screenshots land in
 * {@code target/explorer-screenshots/}. Fails, never skips, without node, Chromium or playwright-core
 * ({@code scripts/test} installs them: scripts/lib/browser.sh).
 */
public class ExplorerBrowserIT {
    private static final Path SCRIPT = Path.of("src", "test", "browser", "explorer-test.cjs");
    public static final Path SCREENSHOTS = Path.of("target", "explorer-screenshots");

    private static DevStack stack;
    private static DevServer server;

    @BeforeAll
    static void start() {
        stack = DevStack.start(null, 2);
        server = DevServer.start(stack, 0, 2, new PrintWriter(new StringWriter()));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    /**
     * carl's payment whose handler invokes ledger-post, then payments-refund (outside its writ's
     * scope: stopped before it left); a second child of the same writ asks for a further hop (the
     * exchange refuses it, DEPTH_EXCEEDED). Returns the transaction.
     */
    private static String hopsRefusedAndStopped() {
        Gateway gateway = stack.gateway();
        Gateway.Request post = Gateway.Request.of("POST", "/payments", Map.of(), Map.of("Authorization", "Bearer "
                + stack.idp().token(SampleIdp.user("carl"), java.time.Duration.ofHours(1)), "X-Payment-Amount", "300"), "{\"amount\":300}", null);
        String parent = gateway.writFor(post).orElseThrow();
        Gateway.Response ran = gateway.invoke("payments-write", gateway.proxyEvent(post, Map.of("principalId", "carl", "writ", parent)),
                (lambda, sqs) -> {
                    lambda.invoke(r -> r.functionName(DevStack.LEDGER).payload(SdkBytes.fromUtf8String("{\"amount\":\"300\"}")));
                    lambda.invoke(r -> r.functionName("payments-refund").payload(SdkBytes.fromUtf8String("{}")));
                });
        assertThat(ran.code()).as(ran.body()).isEqualTo("OUT_OF_SCOPE");
        String payload = BoundInputs.digest(BoundInputs.canonicalJson(Map.of("amount", "300")));
        HopRequest hop = new HopRequest(parent, HopKind.LAMBDA_INVOKE, DevStack.LEDGER, payload);
        String second = stack.exchange().ask("payments-write", hop).token().orElseThrow();
        assertThat(stack.exchange().ask(DevStack.LEDGER, new HopRequest(second, HopKind.LAMBDA_INVOKE, DevStack.LEDGER, payload)).reason())
                .isEqualTo("DEPTH_EXCEEDED");
        return WritCodec.decodeUnverified(parent).transaction().orElseThrow();
    }

    @Test
    void explorerListsVerifiesOpensAndShowsTheTamperedSeq() throws Exception {
        String node = tools();

        // Traffic: reads by vera, payments by carl (each with a hop to ledger-post), denials.
        for (int i = 0; i < 6; i++) {
            assertThat(send("GET", "/payments/p-" + (1000 + i), "vera", Map.of()).statusCode()).isEqualTo(200);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(send("POST", "/payments", "carl", Map.of("X-Payment-Amount", Integer.toString(100 + i))).statusCode()).isEqualTo(201);
        }
        assertThat(send("POST", "/payments", "vera", Map.of("X-Payment-Amount", "5")).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/payments", null, Map.of()).statusCode()).isEqualTo(401);
        String stoppedTxn = hopsRefusedAndStopped();

        // Before any checkpoint the key is configured but vouches for nothing: every chain NO_CHECKPOINT.
        List<String> unpinned = stack.audit().chains().stream().sorted().toList();
        String someChain = unpinned.stream().filter(c -> c.startsWith("payments-read#")).findFirst().orElseThrow();
        browse(node, Map.of("phase", "no-checkpoint", "url", server.explorerUrl(), "screenshots", SCREENSHOTS.toAbsolutePath().toString(),
                "chain", someChain, "records", records(someChain).size(), "chains", unpinned.size()));
        assertThat(SCREENSHOTS.resolve("0-no-checkpoint.png")).isNotEmptyFile();

        stack.checkpoint();

        List<String> chains = stack.audit().chains().stream().sorted().toList();
        Map<String, List<LineageRecord>> byChain = new LinkedHashMap<>();
        for (String chain : chains) {
            byChain.put(chain, records(chain));
        }
        // A hop: the ledger-post record whose par names payments-write's writ, in the transaction
        // that also has a stopped call and a refused hop.
        LineageRecord child = byChain.values().stream().flatMap(List::stream)
                .filter(r -> r.function().orElse("").equals(DevStack.LEDGER) && r.parent().isPresent()
                        && r.transaction().orElse("").equals(stoppedTxn))
                .findFirst().orElseThrow(() -> new AssertionError("no ledger-post hop record in " + chains));

        // Tamper: the read chain with the most records, its seq 1 (a principal rewritten with PutItem).
        String tampered = byChain.entrySet().stream().filter(e -> e.getKey().startsWith("payments-read#"))
                .max(Map.Entry.comparingByValue((a, b) -> Integer.compare(a.size(), b.size()))).orElseThrow().getKey();
        assertThat(byChain.get(tampered)).as("records of " + tampered).hasSizeGreaterThanOrEqualTo(3);
        long tamperedSeq = 1;
        Map<String, AttributeValue> key = Map.of("chain", AttributeValue.fromS(tampered), "seq", AttributeValue.fromN("1"));
        Map<String, AttributeValue> item = new LinkedHashMap<>(stack.dynamo()
                .getItem(b -> b.tableName(DevStack.LINEAGE_TABLE).key(key).consistentRead(true)).item());
        item.put("principal", AttributeValue.fromS("mallory"));
        stack.dynamo().putItem(b -> b.tableName(DevStack.LINEAGE_TABLE).item(item));
        ChainVerdict verdict = stack.audit().verifyChain(tampered, VerifyProgress.none());
        assertThat(verdict.fault()).as("guard-runtime's own verifier on " + tampered).isPresent();
        assertThat(verdict.fault().get().seq()).isEqualTo(tamperedSeq);

        // An intact chain that the checkpoint pins: a write chain (carl's payments).
        String intact = chains.stream().filter(c -> c.startsWith("payments-write#")).findFirst().orElseThrow();
        long carlRecords = byChain.values().stream().flatMap(List::stream).filter(r -> r.principal().orElse("").equals("carl")).count();

        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("url", server.explorerUrl());
        spec.put("screenshots", SCREENSHOTS.toAbsolutePath().toString());
        spec.put("chains", chains);
        spec.put("intact", Map.of("chain", intact, "records", byChain.get(intact).size()));
        spec.put("tampered", Map.of("chain", tampered, "seq", tamperedSeq, "reason", verdict.fault().get().reason().name()));
        spec.put("execution", Map.of("id", child.execId().orElseThrow(), "parent", child.parent().orElseThrow(),
                "txn", child.transaction().orElseThrow(), "parentFunction", "payments-write", "function", DevStack.LEDGER));
        // Patterns of the tree's "stopped" items: the call payments-write's guard stopped, the hop the exchange refused.
        spec.put("stopped", List.of("^blocked call: lambda:InvokeFunction arn:aws:lambda:[^ ]+:function:payments-refund"
                + " — OUT_OF_SCOPE by payments-write \\(payments-write#\\d+:\\d+\\)$",
                "^refused hop: Payments::Action::\"InvokeLedger\" .+ — DEPTH_EXCEEDED by writ-exchange \\(writ-exchange#\\d+:\\d+\\)$"));
        spec.put("principal", "carl");
        spec.put("principalRecords", carlRecords);

        browse(node, spec);
        for (String shot : List.of("1-chains", "2-verified", "3-tampered-chain", "4-execution", "5-principal")) {
            assertThat(SCREENSHOTS.resolve(shot + ".png")).isNotEmptyFile();
        }
    }

    /** Runs the browser script on {@code spec}; it must pass every check. */
    public static void browse(String node, Map<String, Object> spec) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(node, SCRIPT.toString(), Json.write(spec)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the browser test did not finish in 180 s:\n" + out);
        }
        System.out.println(out);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("explorer: every check passed");
    }

    /** node on PATH, Debian's Chromium and playwright-core where scripts/test put them; else a clear failure. */
    public static String tools() throws IOException, InterruptedException {
        String chromium = System.getenv("WRIT_CHROMIUM");
        String playwright = System.getenv("WRIT_PLAYWRIGHT_CORE");
        if (chromium == null || playwright == null) {
            fail("WRIT_CHROMIUM and WRIT_PLAYWRIGHT_CORE are not set: run the browser tests through scripts/test, which installs"
                    + " Debian's chromium and playwright-core (scripts/lib/browser.sh)");
        }
        assertThat(Path.of(chromium)).as("WRIT_CHROMIUM (apt-get install chromium)").isExecutable();
        assertThat(Path.of(playwright, "package.json")).as("WRIT_PLAYWRIGHT_CORE (npm ci in .tools/browser)").isRegularFile();
        try {
            Process v = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String version = new String(v.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(v.waitFor()).as("node --version: " + version).isZero();
        } catch (IOException e) {
            fail("node is not on PATH: the explorer's browser test needs Node.js 20+ (" + e.getMessage() + ")");
        }
        Files.createDirectories(SCREENSHOTS);
        return "node";
    }

    private static List<LineageRecord> records(String chain) {
        List<LineageRecord> out = new ArrayList<>();
        stack.dynamo().queryPaginator(b -> b.tableName(DevStack.LINEAGE_TABLE).consistentRead(true)
                .keyConditionExpression("chain = :c").expressionAttributeValues(Map.of(":c", AttributeValue.fromS(chain))))
                .items().forEach(i -> out.add(LineageRecord.fromItem(i)));
        return out;
    }

    private static HttpResponse<String> send(String method, String path, String user, Map<String, String> headers) throws Exception {
        return DevHttp.send(server, method, path, user == null ? null : DevHttp.token(stack, user), headers);
    }
}
