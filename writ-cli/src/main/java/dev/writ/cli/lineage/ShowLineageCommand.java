package dev.writ.cli.lineage;


import dev.writ.core.json.Json;
import dev.writ.audit.CheckpointKey;
import dev.writ.audit.LineageAudit;
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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code writ lineage show EXEC_ID}: one execution and its ancestry. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Prints an execution (all its records across chains, each re-verified against its chain)"
                + " and its ancestry through par, as one JSON tree. Exit 0 found, 4 when a shown record is not verified.")
final class ShowLineageCommand implements Callable<Integer> {
    private static final int MAX_DEPTH = 32;

    @Spec
    CommandSpec spec;

    @Mixin
    TableOption table;

    @Mixin
    CheckpointKeyOptions keyOptions;

    @Parameters(paramLabel = "EXEC_ID", description = "The execution id (writ jti).")
    String execId;

    @Override
    public Integer call() {
        Optional<CheckpointKey> key;
        try {
            key = keyOptions.key();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        LineageAudit audit = table.audit(key);
        boolean[] allVerified = {true};
        Map<String, Object> tree = node(audit, execId, new HashSet<>(), 0, allVerified);
        if (tree == null) {
            spec.commandLine().getErr().println("writ: no lineage records for execution " + execId);
            return 1;
        }
        spec.commandLine().getOut().println(Json.write(tree));
        return allVerified[0] ? 0 : LineageCommand.TAMPERED;
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
