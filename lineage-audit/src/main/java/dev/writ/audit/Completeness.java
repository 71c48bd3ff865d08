package dev.writ.audit;

import dev.writ.core.json.CanonicalJson;
import dev.writ.guard.lineage.LineageRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What verification cannot see record by record: a record that calls for another that never came.
 * Fed every record a verification reads (any chain, any order), it reports, per {@link Gap}, each
 * expecting record with no answering record of the same {@code execId} anywhere. Records younger
 * than the settle cutoff are still pending (a guard may not have run yet), not missing. Intact
 * chains say nothing was altered; an empty report says nothing is missing that the rules expect.
 */
public final class Completeness implements Consumer<LineageRecord> {

    /** The rules: which record expects which. */
    public enum Gap {
        /** An authorizer {@code decision} {@code allow} whose writ no guard verified or denied. */
        ALLOW_NEVER_VERIFIED(allowOf(LineageRecord.Type.DECISION), seenByAGuard()),
        /** A writ exchange's {@code exchange} {@code allow} whose child writ no guard verified or denied. */
        EXCHANGE_NEVER_VERIFIED(allowOf(LineageRecord.Type.EXCHANGE), seenByAGuard()),
        /** A guard {@code verification} (user code was let run) with no {@code outcome}. */
        VERIFICATION_WITHOUT_OUTCOME(ofType(LineageRecord.Type.VERIFICATION), ofType(LineageRecord.Type.OUTCOME)),
        /**
         * A guard {@code verification} whose writ has no issuance record: neither the authorizer's
         * {@code decision} {@code allow} nor, for a hop's child writ, the exchange's {@code exchange}
         * {@code allow} (the one that minted it) carries its {@code execId}.
         */
        VERIFICATION_WITHOUT_DECISION(ofType(LineageRecord.Type.VERIFICATION),
                allowOf(LineageRecord.Type.DECISION).or(allowOf(LineageRecord.Type.EXCHANGE)));

        private final Predicate<LineageRecord> expects;
        private final Predicate<LineageRecord> answers;

        Gap(Predicate<LineageRecord> expects, Predicate<LineageRecord> answers) {
            this.expects = expects;
            this.answers = answers;
        }

        private static Predicate<LineageRecord> ofType(LineageRecord.Type type) {
            return r -> r.type() == type;
        }

        private static Predicate<LineageRecord> allowOf(LineageRecord.Type type) {
            return r -> r.type() == type && r.decision().filter("allow"::equals).isPresent();
        }

        private static Predicate<LineageRecord> seenByAGuard() {
            return ofType(LineageRecord.Type.VERIFICATION).or(ofType(LineageRecord.Type.DENIAL));
        }

        /** True when {@code r} calls for an answer under this rule (whatever its age). */
        public boolean expects(LineageRecord r) {
            return r.execId().isPresent() && expects.test(r);
        }

        /** True when {@code r} answers what this rule's expecting record of execution {@code execId} calls for. */
        public boolean isAnswerTo(String execId, LineageRecord r) {
            return answers.test(r) && r.execId().filter(execId::equals).isPresent();
        }
    }

    /** One expecting record that was never answered. */
    public record Finding(Gap gap, String execId, String chain, long seq, long ts) {
        /** {@code {"chain":..,"execId":..,"incomplete":"<gap>","seq":..,"ts":..}}. */
        public String toJson() {
            return CanonicalJson.of(toMap());
        }

        /** The members of {@link #toJson()}, for a host's own JSON (the auditor API). */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("incomplete", gap.name());
            m.put("execId", execId);
            m.put("chain", chain);
            m.put("seq", seq);
            m.put("ts", ts);
            return m;
        }
    }

    private final long settledBefore;
    private final Map<Gap, Map<String, Finding>> expecting = new HashMap<>();
    private final Map<Gap, Set<String>> answered = new EnumMap<>(Gap.class);

    /** @param settledBefore epoch ms: only expecting records older than this are reported */
    public Completeness(long settledBefore) {
        this.settledBefore = settledBefore;
    }

    @Override
    public void accept(LineageRecord r) {
        Optional<String> execId = r.execId();
        if (execId.isEmpty()) {
            return;
        }
        acceptAnswer(r);
        for (Gap gap : Gap.values()) {
            if (r.ts() < settledBefore && gap.expects(r)) {
                expecting.computeIfAbsent(gap, g -> new HashMap<>())
                        .putIfAbsent(execId.get(), new Finding(gap, execId.get(), r.chain(), r.seq(), r.ts()));
            }
        }
    }

    /**
     * Counts {@code r} as an answer only: a record of another chain, looked up by {@code execId}
     * to settle what one chain's records expect, is not itself reported.
     */
    void acceptAnswer(LineageRecord r) {
        r.execId().ifPresent(id -> {
            for (Gap gap : Gap.values()) {
                if (gap.answers.test(r)) {
                    answered.computeIfAbsent(gap, g -> new HashSet<>()).add(id);
                }
            }
        });
    }

    /** The unanswered expecting records, by gap, then chain and seq. */
    public List<Finding> findings() {
        List<Finding> out = new ArrayList<>();
        expecting.forEach((gap, byExec) -> byExec.values().stream()
                .filter(f -> !answered.getOrDefault(gap, Set.of()).contains(f.execId()))
                .forEach(out::add));
        out.sort(Comparator.comparing(Finding::gap).thenComparing(Finding::chain).thenComparingLong(Finding::seq));
        return out;
    }
}
