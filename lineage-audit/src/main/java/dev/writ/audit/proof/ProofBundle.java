package dev.writ.audit.proof;

import dev.writ.audit.merkle.InclusionProof;
import dev.writ.core.json.CanonicalJson;
import dev.writ.core.json.Json;
import dev.writ.core.json.JsonException;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.MalformedRecordException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A self-contained proof that an execution's lineage records were committed by a signed (and,
 * when witnessed, cosigned) checkpoint: the records, an RFC 9162 inclusion proof of each in its
 * chain's tree at the checkpoint, the checkpoint record whose note signs those trees' roots, and
 * the log checkpoint with the inclusion proof of that checkpoint record in the checkpoint log.
 * Verified offline by {@link ProofVerifier}. JSON: docs/lineage.md, Bundle format; written
 * canonical (RFC 8785).
 */
public record ProofBundle(String execId, Optional<String> txn, String origin, LineageRecord checkpoint,
        Optional<LogProof> log, List<ProvenRecord> records) {
    /** The value of the {@code format} member. */
    public static final String FORMAT = "writ-proof/v1";
    /** The largest bundle read, in bytes; none larger is handed out ({@link #bounded}). */
    public static final int MAX_BYTES = 16 << 20;
    private static final Set<String> MEMBERS = Set.of("format", "execId", "txn", "origin", "checkpoint", "records");
    private static final Set<String> REQUIRED = Set.of("format", "execId", "origin", "checkpoint", "records");

    public ProofBundle {
        Objects.requireNonNull(execId, "execId");
        Objects.requireNonNull(txn, "txn");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(checkpoint, "checkpoint");
        Objects.requireNonNull(log, "log");
        records = List.copyOf(records);
    }

    /** The checkpoint log's signed tlog-checkpoint (with cosignatures) and the checkpoint record's inclusion in it. */
    public record LogProof(String note, InclusionProof inclusion) {
        public LogProof {
            Objects.requireNonNull(note, "note");
            Objects.requireNonNull(inclusion, "inclusion");
        }
    }

    /** One record and its inclusion proof in its chain's tree at the checkpoint. */
    public record ProvenRecord(LineageRecord record, InclusionProof inclusion) {
        public ProvenRecord {
            Objects.requireNonNull(record, "record");
            Objects.requireNonNull(inclusion, "inclusion");
        }
    }

    /** The bundle as canonical JSON. */
    public String toJson() {
        Map<String, Object> checkpointJson = new LinkedHashMap<>();
        checkpointJson.put("record", Json.parseObject(checkpoint.toJson()));
        log.ifPresent(l -> checkpointJson.put("log", Map.of("note", l.note(), "inclusion", Json.parseObject(l.inclusion().toJson()))));
        List<Object> recs = new ArrayList<>();
        for (ProvenRecord p : records) {
            recs.add(Map.of("record", Json.parseObject(p.record().toJson()), "inclusion", Json.parseObject(p.inclusion().toJson())));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("execId", execId);
        txn.ifPresent(t -> m.put("txn", t));
        m.put("origin", origin);
        m.put("checkpoint", checkpointJson);
        m.put("records", recs);
        return CanonicalJson.of(m);
    }

    /**
     * The bundle with its canonical JSON, to hand to a verifier: refused past {@link #MAX_BYTES},
     * which the verifier would not read (a transaction of very many records).
     *
     * @throws TooLargeException naming its size and the bound
     */
    public BoundedBundle bounded() {
        return BoundedBundle.of(this);
    }

    /** A bundle no verifier would read. */
    public static final class TooLargeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLargeException(String message) {
            super(message);
        }
    }

    /**
     * Reads a bundle strictly: exactly the members the format has, a record where a record is
     * (every rule of a lineage record), an inclusion proof where one is, and the text (less one
     * final newline) the canonical JSON (RFC 8785) of what it holds: {@code 1.0}, {@code 1e0} or
     * {@code -0} for {@code 1} or {@code 0}, members out of order or white space are refused, so
     * every verifier, whatever its JSON library makes of such numbers, reads one bundle alike.
     *
     * @throws MalformedBundleException naming the fault, for anything else
     */
    public static ProofBundle parse(String json) {
        Map<String, Object> m;
        try {
            m = Json.parseObject(json);
        } catch (JsonException e) {
            throw new MalformedBundleException("not one JSON object (truncated?): " + e.getMessage());
        }
        members(m, "the bundle", MEMBERS, REQUIRED);
        if (!FORMAT.equals(m.get("format"))) {
            throw new MalformedBundleException("format is not " + FORMAT);
        }
        Map<String, Object> cp = object(m.get("checkpoint"), "checkpoint");
        members(cp, "checkpoint", Set.of("record", "log"), Set.of("record"));
        Optional<LogProof> log = Optional.empty();
        if (cp.containsKey("log")) {
            Map<String, Object> l = object(cp.get("log"), "checkpoint.log");
            members(l, "checkpoint.log", Set.of("note", "inclusion"), Set.of("note", "inclusion"));
            log = Optional.of(new LogProof(string(l.get("note"), "checkpoint.log.note"), inclusion(l.get("inclusion"), "checkpoint.log.inclusion")));
        }
        if (!(m.get("records") instanceof List<?> list) || list.isEmpty()) {
            throw new MalformedBundleException("records is a non-empty array");
        }
        List<ProvenRecord> records = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String where = "records[" + i + "]";
            Map<String, Object> r = object(list.get(i), where);
            members(r, where, Set.of("record", "inclusion"), Set.of("record", "inclusion"));
            records.add(new ProvenRecord(record(r.get("record"), where + ".record"), inclusion(r.get("inclusion"), where + ".inclusion")));
        }
        Optional<String> txn = m.containsKey("txn") ? Optional.of(string(m.get("txn"), "txn")) : Optional.empty();
        ProofBundle bundle = new ProofBundle(string(m.get("execId"), "execId"), txn, string(m.get("origin"), "origin"),
                record(cp.get("record"), "checkpoint.record"), log, records);
        requireCanonical(withoutFinalNewline(json), m);
        return bundle;
    }

    static String withoutFinalNewline(String json) {
        return json.endsWith("\n") ? json.substring(0, json.length() - 1) : json;
    }

    private static void requireCanonical(String text, Map<String, Object> parsed) {
        String canonical = CanonicalJson.of(parsed); // no JsonException: every number was read as a record's or a proof's
        if (!canonical.equals(text)) {
            int at = 0;
            while (at < text.length() && at < canonical.length() && text.charAt(at) == canonical.charAt(at)) {
                at++;
            }
            throw new MalformedBundleException("the bundle is not written canonical (RFC 8785): it departs from its canonical form at character "
                    + at + " (a number not in its shortest form, as 1.0, 1e0 or -0, members out of order, or white space)");
        }
    }

    private static void members(Map<String, Object> m, String what, Set<String> allowed, Set<String> required) {
        if (!allowed.containsAll(m.keySet()) || !m.keySet().containsAll(required)) {
            throw new MalformedBundleException(what + " must have the members " + new TreeSet<>(required)
                    + (allowed.equals(required) ? "" : " and may have " + new TreeSet<>(allowed)) + ", not " + new TreeSet<>(m.keySet()));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object o, String what) {
        if (!(o instanceof Map<?, ?>)) {
            throw new MalformedBundleException(what + " is a JSON object");
        }
        return (Map<String, Object>) o;
    }

    private static String string(Object o, String what) {
        if (!(o instanceof String s) || s.isEmpty()) {
            throw new MalformedBundleException(what + " is a non-empty string");
        }
        return s;
    }

    private static LineageRecord record(Object o, String what) {
        try {
            return LineageRecord.fromJson(CanonicalJson.of(object(o, what)));
        } catch (MalformedRecordException | JsonException e) { // JsonException: a number with no RFC 8785 form
            throw new MalformedBundleException(what + " is not a lineage record: " + e.getMessage());
        }
    }

    private static InclusionProof inclusion(Object o, String what) {
        try {
            return InclusionProof.parse(CanonicalJson.of(object(o, what)));
        } catch (IllegalArgumentException | JsonException e) { // MalformedProofException, a negative index or size, a number with no RFC 8785 form
            throw new MalformedBundleException(what + ": " + e.getMessage());
        }
    }
}
