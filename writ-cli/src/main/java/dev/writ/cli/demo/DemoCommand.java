package dev.writ.cli.demo;

import dev.writ.cli.TerminalText;
import dev.writ.cli.dev.DevStack;
import dev.writ.cli.dev.Gateway;
import dev.writ.cli.lineage.CheckpointKeyFiles;
import dev.writ.core.json.Json;
import dev.writ.audit.ChainVerdict;
import dev.writ.audit.LineageAudit;
import dev.writ.audit.TransactionTree;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.audit.VerifyProgress;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code writ demo}: a scripted tour of the whole governed flow on the embedded default stack
 * (DynamoDB Local in-process, local keys, the payments-api bundle, the real authorizer and guard),
 * ending with a tamper of one stored lineage record that verification must name. Exit 0 when
 * every step behaved as expected.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "A scripted tour of authorizer, guard and lineage on an embedded stack (no AWS account, no input).")
public final class DemoCommand implements Callable<Integer> {
    /** The chain and seq the demo tampers with. */
    static final String TAMPERED_CHAIN = "payments-read#0";
    static final long TAMPERED_SEQ = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--export", paramLabel = "FILE",
            description = "Write the demo's lineage (every chain, checkpoint included), taken before the tamper, as `writ lineage export` does.")
    Path export;

    @Option(names = "--keys", paramLabel = "DIR",
            description = "Write the public key that verifies the demo's checkpoints: verifier-key (for --verifier-key) and jwks.json (for --jwks).")
    Path keys;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Writ demo: API Gateway (REST) -> authorizer (Cedar bundle payments-api) -> writ -> guard -> function,");
        out.println("every decision appended to hash-linked lineage in DynamoDB Local (in this process). Starting...");
        out.flush();
        try (DevStack stack = DevStack.start(null, 1)) {
            out.println("Writs signed with the " + stack.signing() + "; bundle " + stack.bundle().label() + "; users: vera (viewer), carl (clerk), ada (approver), root (admin), sam (suspended).");
            AgentScene agent = new AgentScene(stack);
            List<DemoStep> steps = new ArrayList<>(new DemoScript(stack).steps());
            steps.addAll(agent.steps());
            boolean ok = runSteps(steps, out);
            ok &= printSession(stack, agent, out);
            ok &= auditAndTamper(stack, out);
            out.println();
            out.println(ok ? "Every step behaved as expected: no writ, no execution; and the tamper was caught."
                    : "Some steps did NOT behave as expected (see UNEXPECTED above).");
            out.flush();
            return ok ? 0 : 1;
        }
    }

    private boolean runSteps(List<DemoStep> steps, PrintWriter out) {
        String row = "%-3s %-58s %-22s %-16s %-40s %s%n";
        boolean ok = true;
        String section = null;
        int n = 1;
        for (DemoStep step : steps) {
            if (!step.section().equals(section)) {
                section = step.section();
                out.println();
                out.println("== " + section);
                out.printf(row, "#", "request", "caller", "decided by", "code", "lineage (chain:seq)");
            }
            Gateway.Response r = step.send().get();
            boolean asExpected = r.code().equals(step.expected());
            ok &= asExpected;
            out.printf(row, n++, step.request(), step.caller(), r.stage() + " " + r.status(), code(r),
                    seqs(r.lineage()) + (asExpected ? "" : "   UNEXPECTED, expected " + step.expected()));
            if (r.status() < 300 && Json.parseObject(r.body()).containsKey("ledger")) {
                ok &= printHops(r, out);
            }
        }
        return ok;
    }

    /**
     * The callees of an allowed payments-write: each must have run under a child writ the exchange
     * minted (an exchange {@code allow} whose {@code execId} is the callee's), same {@code txn}, {@code par} = the caller's writ.
     */
    private static boolean printHops(Gateway.Response r, PrintWriter out) {
        boolean ok = true;
        for (String callee : List.of(DevStack.LEDGER, DevStack.NOTIFY)) {
            LineageRecord ran = r.lineage().stream().filter(l -> l.type() == LineageRecord.Type.VERIFICATION
                    && l.function().orElse("").equals(callee)).findFirst().orElse(null);
            LineageRecord minted = ran == null ? null : r.lineage().stream().filter(l -> l.type() == LineageRecord.Type.EXCHANGE
                    && l.decision().orElse("").equals("allow") && l.execId().equals(ran.execId())).findFirst().orElse(null);
            if (ran == null || minted == null) {
                out.println("      UNEXPECTED: " + callee + " did not run under a child writ from the exchange");
                ok = false;
                continue;
            }
            out.println("      " + callee + " ran under a child writ from the exchange (" + minted.chain() + ":" + minted.seq()
                    + "): txn=" + ran.transaction().orElse("-") + " par=" + ran.parent().orElse("-"));
        }
        return ok;
    }

    /**
     * The agent session's records, found by the {@code txn} the exchange answered as the explorer's
     * transaction view finds them: every tool call's decision, and the guard's records of the calls
     * that reached it.
     */
    private static boolean printSession(DevStack stack, AgentScene agent, PrintWriter out) {
        if (agent.transactions().size() != 1) {
            out.println("      UNEXPECTED: the exchange answered " + agent.transactions() + " for one session (" + agent.session() + ")");
            return false;
        }
        String txn = agent.transactions().iterator().next();
        List<LineageAudit.IndexedRecord> records = stack.audit().transaction(txn, VerifyProgress.none());
        Map<String, Long> kinds = records.stream().collect(Collectors.groupingBy(
                r -> r.record().type().name().toLowerCase(java.util.Locale.ROOT) + " " + r.record().reason().orElse(""),
                java.util.TreeMap::new, Collectors.counting()));
        boolean verified = !records.isEmpty() && records.stream().allMatch(LineageAudit.IndexedRecord::verified);
        Optional<Map<String, Object>> mixed = TransactionTree.mixed(records);
        out.println("      the session (host's id " + agent.session() + ") is one transaction, txn " + txn + ": " + records.size()
                + " records, " + (verified ? "all verified" : "NOT all verified") + " " + kinds
                + mixed.map(m -> "   UNEXPECTED: mixed " + m).orElse(""));
        out.println("      (the explorer's transaction view; GET /api/transactions/" + txn + "; writ lineage show --txn)");
        return verified && mixed.isEmpty();
    }

    private boolean auditAndTamper(DevStack stack, PrintWriter out) throws IOException {
        stack.checkpoint();
        LineageAudit audit = stack.audit();
        List<ChainVerdict> before = audit.verifyAll(VerifyProgress.none());
        long records = before.stream().mapToLong(ChainVerdict::recordsVerified).sum();
        boolean intact = before.stream().allMatch(ChainVerdict::intact);
        out.println();
        out.println("== lineage: checkpoint signed; " + before.size() + " chains, " + records + " records verified: "
                + (intact ? "intact" : "BROKEN " + broken(before)));
        if (export != null) {
            try (Writer w = Files.newBufferedWriter(export, StandardCharsets.UTF_8)) {
                long n = audit.export(w);
                out.println("   exported " + n + " records to " + export);
            }
        }
        if (keys != null) {
            CheckpointKeyFiles.write(keys, stack.checkpointKey());
            Path verifierKey = keys.resolve(CheckpointKeyFiles.VERIFIER_KEY);
            out.println("   checkpoint key: " + verifierKey + " and " + keys.resolve(CheckpointKeyFiles.JWKS)
                    + (export == null ? "" : "  (writ lineage verify --file " + export + " --verifier-key " + verifierKey + ")"));
        }

        Map<String, AttributeValue> key = Map.of("chain", AttributeValue.fromS(TAMPERED_CHAIN),
                "seq", AttributeValue.fromN(Long.toString(TAMPERED_SEQ)));
        Map<String, AttributeValue> item = new LinkedHashMap<>(stack.dynamo()
                .getItem(b -> b.tableName(DevStack.LINEAGE_TABLE).key(key).consistentRead(true)).item());
        String was = item.containsKey("principal") ? item.get("principal").s() : "(none)";
        item.put("principal", AttributeValue.fromS("mallory"));
        stack.dynamo().putItem(b -> b.tableName(DevStack.LINEAGE_TABLE).item(item));
        out.println();
        out.println("== tamper: PutItem over " + TAMPERED_CHAIN + " seq " + TAMPERED_SEQ + ", principal " + was + " -> mallory");

        List<ChainVerdict> after = stack.audit().verifyAll(VerifyProgress.none());
        List<ChainVerdict> bad = after.stream().filter(v -> !v.intact()).toList();
        for (ChainVerdict v : bad) {
            ChainVerdict.Fault f = v.fault().orElseThrow();
            out.println(TerminalText.escaped("   verification: chain " + v.chain() + " broken at seq " + f.seq() + " (" + f.reason() + ": " + f.detail() + ")"));
        }
        out.println("   verification: " + (after.size() - bad.size()) + " of " + after.size() + " chains intact");
        boolean caught = bad.size() == 1 && bad.get(0).chain().equals(TAMPERED_CHAIN)
                && bad.get(0).fault().orElseThrow().seq() == TAMPERED_SEQ;
        return intact && caught;
    }

    private static String broken(List<ChainVerdict> verdicts) {
        return verdicts.stream().filter(v -> !v.intact()).map(ChainVerdict::toJson).collect(Collectors.joining(" "));
    }

    /** The reason code, with the determining policies of a Cedar denial. */
    private static String code(Gateway.Response r) {
        String detail = r.detail() == null ? "" : r.detail();
        if (r.code().equals("POLICY_DENY") && detail.startsWith("determining ")) {
            String policies = detail.substring("determining ".length());
            return r.code() + " " + (policies.equals("[]") ? "(no permit)" : policies);
        }
        return r.code();
    }

    /** {@code authorizer#0:3 payments-read#0:1,2}: the records one request appended, per chain. */
    private static String seqs(List<LineageRecord> records) {
        Map<String, List<String>> byChain = new LinkedHashMap<>();
        for (LineageRecord r : records) {
            byChain.computeIfAbsent(r.chain(), c -> new ArrayList<>()).add(Long.toString(r.seq()));
        }
        return byChain.entrySet().stream().map(e -> e.getKey() + ":" + String.join(",", e.getValue()))
                .collect(Collectors.joining(" "));
    }
}
