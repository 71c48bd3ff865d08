package dev.writ.audit;

import dev.writ.guard.lineage.LineageRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One transaction's records ({@link LineageAudit#transaction}) arranged as its executions' tree,
 * for every reader of it (the auditor API, {@code writ lineage show --txn}, the explorer):
 * executions keyed by {@code execId} under the execution their {@code par} names; a hop the writ
 * exchange refused (an {@code exchange} record with no {@code execId}) under the execution that
 * asked ({@code par}); a call the guard stopped before it left (a {@code denial} of a running
 * execution: reason {@code OUT_OF_SCOPE} or {@code HOP_...}) inside its execution. An execution's
 * {@code function} is the one it ran in: its guard's records name it, the authorizer's or the
 * exchange's (which share its {@code execId}) do not.
 */
public final class TransactionTree {
    /** A Cedar action UID, {@code Namespace::Action::"id"}: group 1 is the id, escapes included. */
    private static final Pattern ACTION_ID = Pattern.compile(".*::\"((?:[^\"\\\\]|\\\\.)*)\"");

    private TransactionTree() {
    }

    /** A stopped call's reason: the guard's containment or a hop that got no writ, never a refusal of the invocation itself. */
    static boolean isBlockedCall(LineageRecord r) {
        String reason = r.reason().orElse("");
        return r.type() == LineageRecord.Type.DENIAL && r.execId().isPresent()
                && (reason.equals("OUT_OF_SCOPE") || reason.startsWith("HOP_"));
    }

    /** A record a guard writes, in the function an execution ran in. */
    private static boolean byGuard(LineageRecord r) {
        return r.type() == LineageRecord.Type.VERIFICATION || r.type() == LineageRecord.Type.DENIAL
                || r.type() == LineageRecord.Type.OUTCOME;
    }

    /** The roots of the tree (executions whose parent has no record in the transaction), as JSON-ready maps. */
    public static List<Map<String, Object>> of(List<LineageAudit.IndexedRecord> records) {
        Map<String, Node> nodes = new LinkedHashMap<>();
        List<LineageAudit.IndexedRecord> refused = new ArrayList<>();
        for (LineageAudit.IndexedRecord i : records) {
            LineageRecord r = i.record();
            if (r.execId().isEmpty()) {
                if (r.type() == LineageRecord.Type.EXCHANGE && r.parent().isPresent()) {
                    refused.add(i);
                }
                continue;
            }
            Node n = nodes.computeIfAbsent(r.execId().get(), Node::new);
            n.add(i);
        }
        List<Map<String, Object>> orphans = new ArrayList<>();
        for (LineageAudit.IndexedRecord i : refused) {
            Node asker = nodes.get(i.record().parent().get());
            if (asker != null) {
                asker.refusedHops.add(call(i));
            } else {
                orphans.add(call(i));
            }
        }
        List<Node> roots = new ArrayList<>();
        for (Node n : nodes.values()) {
            Node parent = n.par == null || n.par.equals(n.execId) ? null : nodes.get(n.par);
            if (parent == null) {
                roots.add(n);
            } else {
                parent.children.add(n);
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Node root : roots) {
            out.add(root.toJson(seen));
        }
        // Executions whose par links form a cycle have no root: shown rather than lost.
        for (Node n : nodes.values()) {
            if (!seen.contains(n.execId)) {
                out.add(n.toJson(seen));
            }
        }
        for (Map<String, Object> orphan : orphans) {
            Map<String, Object> unplaced = new LinkedHashMap<>();
            unplaced.put("execId", orphan.get("par"));
            unplaced.put("missing", true);
            unplaced.put("refusedHops", List.of(orphan));
            out.add(unplaced);
        }
        return out;
    }

    /**
     * Every authorizer decision of the transaction in time order, each with what its function's
     * guard then recorded under the writ it minted. For an agent's session this is its tool calls
     * in order, the ones the policies refused included: those minted no writ, so no execution of
     * the tree shows them. {@code name} is the tool the call named ({@code tool}, on the records
     * that carry it), else the action's id: the tool too, for a bundle that names its tools'
     * actions after them (as the sample and AgentCore Policy do).
     */
    public static List<Map<String, Object>> decisions(List<LineageAudit.IndexedRecord> records) {
        Map<String, List<String>> guardByExec = new LinkedHashMap<>();
        List<LineageAudit.IndexedRecord> inOrder = records.stream()
                .sorted(Comparator.comparingLong(i -> i.record().ts())).toList();
        for (LineageAudit.IndexedRecord i : inOrder) {
            LineageRecord r = i.record();
            if (byGuard(r) && r.execId().isPresent()) {
                guardByExec.computeIfAbsent(r.execId().get(), k -> new ArrayList<>())
                        .add(r.type().wire() + r.reason().map(reason -> " " + reason).orElse(""));
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (LineageAudit.IndexedRecord i : inOrder) {
            LineageRecord r = i.record();
            if (r.type() != LineageRecord.Type.DECISION) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("record", r.chain() + ":" + r.seq());
            r.function().ifPresent(f -> m.put("decidedBy", f));
            r.tool().or(() -> r.action().map(TransactionTree::actionId)).ifPresent(n -> m.put("name", n));
            r.tool().ifPresent(t -> m.put("tool", t));
            r.action().ifPresent(a -> m.put("action", a));
            r.decision().ifPresent(d -> m.put("decision", d));
            r.reason().ifPresent(reason -> m.put("reason", reason));
            r.execId().ifPresent(e -> {
                m.put("execId", e);
                m.put("guard", guardByExec.getOrDefault(e, List.of()));
            });
            m.put("verified", i.verified());
            out.add(m);
        }
        return out;
    }

    /**
     * Who the transaction's records say it ran for and through, when that is more than one subject
     * ({@code principal}) or more than one agent ({@code agent}, on a tool call's decision): one
     * session never is, so such a transaction mixes calls of others (an older writ, an issuer that
     * took a caller's {@code txn} as given) and is not shown as one. {@code subjects} and
     * {@code agents} name each, with the records ({@code chain:seq}) that name it; empty when the
     * transaction is one subject's, through at most one agent.
     */
    public static Optional<Map<String, Object>> mixed(List<LineageAudit.IndexedRecord> records) {
        Map<String, List<String>> subjects = new TreeMap<>();
        Map<String, List<String>> agents = new TreeMap<>();
        for (LineageAudit.IndexedRecord i : records) {
            LineageRecord r = i.record();
            String at = r.chain() + ":" + r.seq();
            r.principal().ifPresent(p -> subjects.computeIfAbsent(p, k -> new ArrayList<>()).add(at));
            r.agent().ifPresent(a -> agents.computeIfAbsent(a, k -> new ArrayList<>()).add(at));
        }
        if (subjects.size() <= 1 && agents.size() <= 1) {
            return Optional.empty();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subjects", subjects);
        m.put("agents", agents);
        return Optional.of(m);
    }

    private static String actionId(String action) {
        Matcher m = ACTION_ID.matcher(action);
        return m.matches() ? m.group(1).replaceAll("\\\\(.)", "$1") : action;
    }

    /** A refused hop or a stopped call: where it is recorded and what was refused, why. */
    private static Map<String, Object> call(LineageAudit.IndexedRecord i) {
        LineageRecord r = i.record();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("record", r.chain() + ":" + r.seq());
        r.function().ifPresent(f -> m.put("decidedBy", f));
        r.action().ifPresent(a -> m.put("action", a));
        r.resource().ifPresent(a -> m.put("resource", a));
        r.reason().ifPresent(a -> m.put("reason", a));
        r.parent().ifPresent(p -> m.put("par", p));
        m.put("verified", i.verified());
        return m;
    }

    private static final class Node {
        final String execId;
        String par;
        String function;
        boolean functionFromGuard;
        String decision;
        boolean verified = true;
        final List<String> records = new ArrayList<>();
        final List<Map<String, Object>> blockedCalls = new ArrayList<>();
        final List<Map<String, Object>> refusedHops = new ArrayList<>();
        final List<Node> children = new ArrayList<>();

        Node(String execId) {
            this.execId = execId;
        }

        void add(LineageAudit.IndexedRecord i) {
            LineageRecord r = i.record();
            verified &= i.verified();
            records.add(r.chain() + ":" + r.seq());
            if (par == null) {
                par = r.parent().orElse(null);
            }
            if (isBlockedCall(r)) {
                blockedCalls.add(call(i));
                return;
            }
            boolean guard = byGuard(r);
            if (function == null || guard && !functionFromGuard) {
                function = r.function().orElse(null);
                functionFromGuard = guard;
                if (guard) {
                    decision = r.decision().orElse(null);
                }
            }
            if (decision == null) {
                decision = r.decision().orElse(null);
            }
        }

        Map<String, Object> toJson(Set<String> seen) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("execId", execId);
            if (function != null) {
                m.put("function", function);
            }
            if (decision != null) {
                m.put("decision", decision);
            }
            if (par != null) {
                m.put("par", par);
            }
            m.put("verified", verified);
            m.put("records", records);
            if (!blockedCalls.isEmpty()) {
                m.put("blockedCalls", blockedCalls);
            }
            if (!refusedHops.isEmpty()) {
                m.put("refusedHops", refusedHops);
            }
            List<Map<String, Object>> kids = new ArrayList<>();
            if (seen.add(execId)) {
                for (Node child : children) {
                    kids.add(child.toJson(seen));
                }
            }
            if (!kids.isEmpty()) {
                m.put("children", kids);
            }
            return m;
        }
    }
}
