package dev.writ.cli.lineage;


import dev.writ.cli.TerminalText;
import dev.writ.core.json.Json;
import dev.writ.audit.CheckpointKey;
import dev.writ.audit.LineageAudit;
import dev.writ.audit.TransactionTree;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.audit.VerifyProgress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code writ lineage show EXEC_ID}: one execution and its ancestry; {@code --txn TXN}: a whole transaction. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Prints an execution (all its records across chains, each re-verified against its chain)"
                + " and its ancestry through par, as one JSON tree; with --txn, every execution of a transaction"
                + " as a tree, with the hops the exchange refused and the calls a guard stopped."
                + " Exit 0 found, 1 none, 4 when a shown record is not verified.")
final class ShowLineageCommand implements Callable<Integer> {
    private static final int MAX_DEPTH = 32;

    @Spec
    CommandSpec spec;

    @Mixin
    TableOption table;

    @Mixin
    CheckpointKeyOptions keyOptions;

    @Parameters(paramLabel = "EXEC_ID", arity = "0..1", description = "The execution id (writ jti).")
    String execId;

    @Option(names = "--txn", paramLabel = "TXN", description = "Show this transaction instead of one execution.")
    String txn;

    @Override
    public Integer call() {
        Optional<CheckpointKey> key;
        try {
            key = keyOptions.key();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if ((execId == null) == (txn == null)) {
            throw new ParameterException(spec.commandLine(), "give an EXEC_ID or --txn TXN (one of them)");
        }
        LineageAudit audit = table.audit(key);
        if (txn != null) {
            return transaction(audit);
        }
        boolean[] allVerified = {true};
        Map<String, Object> tree = node(audit, execId, new HashSet<>(), 0, allVerified);
        if (tree == null) {
            spec.commandLine().getErr().println(TerminalText.escaped("writ: no lineage records for execution " + execId));
            return 1;
        }
        spec.commandLine().getOut().println(TerminalText.escaped(Json.write(tree)));
        return allVerified[0] ? 0 : LineageCommand.TAMPERED;
    }

    /**
     * {@code {"txn", "verified", "tree", "decisions", "mixed"?}}: the transaction as {@link TransactionTree}
     * arranges it; a transaction that mixes subjects or agents exits {@link LineageCommand#MIXED}
     * (a tampered one {@link LineageCommand#TAMPERED} first).
     */
    private int transaction(LineageAudit audit) {
        List<LineageAudit.IndexedRecord> records = audit.transaction(txn, VerifyProgress.none());
        if (records.isEmpty()) {
            spec.commandLine().getErr().println(TerminalText.escaped("writ: no lineage records for transaction " + txn));
            return 1;
        }
        boolean verified = records.stream().allMatch(LineageAudit.IndexedRecord::verified);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("txn", txn);
        out.put("verified", verified);
        out.put("tree", TransactionTree.of(records));
        out.put("decisions", TransactionTree.decisions(records));
        Optional<Map<String, Object>> mixed = TransactionTree.mixed(records);
        mixed.ifPresent(m -> out.put("mixed", m));
        spec.commandLine().getOut().println(TerminalText.escaped(Json.write(out)));
        return !verified ? LineageCommand.TAMPERED : mixed.isPresent() ? LineageCommand.MIXED : 0;
    }

    private static Map<String, Object> node(LineageAudit audit, String id, Set<String> seen, int depth, boolean[] allVerified) {
        if (!seen.add(id) || depth > MAX_DEPTH) {
            return null;
        }
        List<LineageAudit.IndexedRecord> records = audit.execution(id, VerifyProgress.none());
        if (records.isEmpty()) {
            return null;
        }
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("execId", id);
        List<Object> shown = new ArrayList<>();
        String parent = null;
        for (LineageAudit.IndexedRecord r : records) {
            Map<String, Object> rec = new LinkedHashMap<>(Json.parseObject(r.record().toJson()));
            rec.put("verified", r.verified());
            r.chainFault().ifPresent(f -> rec.put("chainFault", Map.of("seq", f.seq(), "reason", f.reason().name())));
            shown.add(rec);
            allVerified[0] &= r.verified();
            LineageRecord lr = r.record();
            node.putIfAbsent("txn", lr.transaction().orElse(null));
            if (parent == null && lr.parent().isPresent()) {
                parent = lr.parent().get();
            }
        }
        node.values().removeIf(java.util.Objects::isNull);
        node.put("records", shown);
        if (parent != null) {
            Map<String, Object> p = node(audit, parent, seen, depth + 1, allVerified);
            node.put("parent", p != null ? p : Map.of("execId", parent, "records", List.of()));
        }
        return node;
    }
}
