package dev.writ.lineagefn.api;


import dev.writ.audit.ChainVerdict;
import dev.writ.audit.LineageAudit;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.lineagefn.query.StoredItem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** JSON views of lineage values: absent fields are left out, never null. */
final class Views {
    private Views() {
    }

    /** A record with every stored field and {@code hashValid} (its own hash recomputed; links are not checked here). */
    static Map<String, Object> record(LineageRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("chain", r.chain());
        m.put("seq", r.seq());
        m.put("type", r.type().wire());
        m.put("ts", r.ts());
        put(m, "execId", r.execId());
        put(m, "txn", r.transaction());
        put(m, "par", r.parent());
        put(m, "principal", r.principal());
        put(m, "function", r.function());
        put(m, "action", r.action());
        put(m, "resource", r.resource());
        put(m, "decision", r.decision());
        put(m, "reason", r.reason());
        put(m, "bundle", r.bundle());
        put(m, "payloadHash", r.payloadHash());
        put(m, "tool", r.tool());
        put(m, "agent", r.agent());
        put(m, "note", r.note());
        m.put("prev", r.prev());
        m.put("hash", r.hash());
        m.put("hashValid", r.hashIsValid());
        return m;
    }

    /**
     * Records found through an index, each re-verified against its chain: {@code key} names what
     * they share, {@code verified} at the top is true only when every record is.
     */
    static Map<String, Object> reverified(String key, String value, List<LineageAudit.IndexedRecord> found) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(key, value);
        body.put("verified", found.stream().allMatch(LineageAudit.IndexedRecord::verified));
        body.put("records", found.stream().map(i -> {
            Map<String, Object> m = record(i.record());
            m.put("verified", i.verified());
            i.chainFault().ifPresent(f -> m.put("chainFault", fault(f)));
            return m;
        }).toList());
        return body;
    }

    /** A stored item: its record, or where it is and why it is not a record. */
    static Map<String, Object> item(StoredItem item) {
        if (item.record().isPresent()) {
            return record(item.record().get());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("chain", item.chain());
        m.put("seq", item.seq());
        m.put("malformed", item.problem().orElse("not a record"));
        return m;
    }

    static Map<String, Object> verdict(ChainVerdict v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("chain", v.chain());
        m.put("intact", v.intact());
        m.put("recordsVerified", v.recordsVerified());
        v.head().ifPresent(h -> m.put("head", Map.of("seq", h.seq(), "hash", h.hash())));
        v.fault().ifPresent(f -> m.put("fault", fault(f)));
        return m;
    }

    static Map<String, Object> fault(ChainVerdict.Fault f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", f.seq());
        m.put("reason", f.reason().name());
        m.put("detail", f.detail());
        return m;
    }

    private static void put(Map<String, Object> m, String key, Optional<String> v) {
        v.ifPresent(x -> m.put(key, x));
    }
}
