package dev.writ.audit;

import dev.writ.core.json.CanonicalJson;
import dev.writ.guard.lineage.LineageRecord;
import java.util.ArrayList;
import java.util.Collection;
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
import java.util.stream.Collectors;

/**
 * What verification cannot see record by record: a record that calls for another that never came.
 * Fed every record a verification reads (any chain, any order), it reports, per {@link Gap}, each
 * expecting record with no answering record of the same {@code execId} anywhere; a verification
 * needs an outcome of its own, since one writ may run more than once (a message delivered again,
 * an invoke retried), and one run's outcome does not answer another's ({@link Gap#isAnswered}).
 * Records younger than the settle cutoff are still pending (a guard may not have run yet), not
 * missing. Intact chains say nothing was altered; an empty report says nothing is missing that
 * the rules expect.
 */
public final class Completeness implements Consumer<LineageRecord> {

    /** The rules: which record expects which. */
    public enum Gap {
        /** An authorizer {@code decision} {@code allow} whose writ no guard verified or denied. */
        ALLOW_NEVER_VERIFIED(allowOf(LineageRecord.Type.DECISION), seenByAGuard()),
        /** A writ exchange's {@code exchange} {@code allow} whose child writ no guard verified or denied. */
        EXCHANGE_NEVER_VERIFIED(allowOf(LineageRecord.Type.EXCHANGE), seenByAGuard()),
        /** A guard {@code verification} (user code was let run) with no {@code outcome}. */
        VERIFICATION_WITHOUT_OUTCOME(ofType(LineageRecord.Type.VERIFICATION), ofType(LineageRecord.Type.OUTCOME)) {
            @Override
            public boolean isAnswered(Finding expecting, Collection<LineageRecord> ofExecution) {
                Runs runs = new Runs();
                ofExecution.stream().filter(r -> r.execId().filter(expecting.execId()::equals).isPresent()).forEach(runs::add);
                return runs.plus(expecting).unanswered().stream().noneMatch(expecting::sameRecord);
            }
        },
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

        /**
         * True when {@code expecting} is answered among {@code ofExecution}, every record of its
         * execution that could be found (its own included or not): by any answering record, or,
         * for a verification, by an outcome no other run of the same writ takes ({@link Runs}).
         */
        public boolean isAnswered(Finding expecting, Collection<LineageRecord> ofExecution) {
            return ofExecution.stream().anyMatch(r -> isAnswerTo(expecting.execId(), r));
        }
    }

    /** One expecting record that was never answered. */
    public record Finding(Gap gap, String execId, String chain, long seq, long ts) {
        boolean sameRecord(Finding other) {
            return position().equals(other.position());
        }

        private String position() {
            return seq + " " + chain;
        }

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

    /**
     * The runs of one writ: its verifications and outcomes, each once (by chain and seq). Each
     * outcome answers one verification: the latest at or before it on its own chain (a guard
     * appends a run's verification and outcome with one writer, so to one chain), else the latest
     * at or before it on any chain, else the earliest left; the verifications left are the runs
     * that never finished. So however often a writ ran, as many runs as finished are answered.
     */
    static final class Runs {
        private static final Comparator<Finding> ORDER = Comparator.comparingLong(Finding::ts)
                .thenComparing(Finding::chain).thenComparingLong(Finding::seq);
        private final Map<String, Finding> verifications = new HashMap<>();
        private final Map<String, Finding> outcomes = new HashMap<>();

        void add(LineageRecord r) {
            if (r.execId().isEmpty()) {
                return;
            }
            Finding at = new Finding(Gap.VERIFICATION_WITHOUT_OUTCOME, r.execId().get(), r.chain(), r.seq(), r.ts());
            if (r.type() == LineageRecord.Type.VERIFICATION) {
                verifications.putIfAbsent(at.position(), at);
            } else if (r.type() == LineageRecord.Type.OUTCOME) {
                outcomes.putIfAbsent(at.position(), at);
            }
        }

        Runs plus(Finding verification) {
            verifications.putIfAbsent(verification.position(), verification);
            return this;
        }

        List<Finding> unanswered() {
            List<Finding> open = verifications.values().stream().sorted(ORDER).collect(Collectors.toCollection(ArrayList::new));
            outcomes.values().stream().sorted(ORDER).forEach(o -> answerOne(open, o));
            return open;
        }

        private static void answerOne(List<Finding> open, Finding outcome) {
            Optional<Finding> run = latestBefore(open, outcome, v -> v.chain().equals(outcome.chain()))
                    .or(() -> latestBefore(open, outcome, v -> true))
                    .or(() -> open.stream().findFirst());
            run.ifPresent(open::remove);
        }

        private static Optional<Finding> latestBefore(List<Finding> open, Finding outcome, Predicate<Finding> where) {
            return open.stream().filter(v -> v.ts() <= outcome.ts() && where.test(v)).reduce((first, later) -> later);
        }
    }

    private final long settledBefore;
    private final Map<Gap, Map<String, Finding>> expecting = new HashMap<>();
    private final Map<Gap, Set<String>> answered = new EnumMap<>(Gap.class);
    private final Map<String, Runs> runs = new HashMap<>();
    private final Map<String, List<Finding>> settledRuns = new HashMap<>();

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
            if (r.ts() >= settledBefore || !gap.expects(r)) {
                continue;
            }
            Finding f = new Finding(gap, execId.get(), r.chain(), r.seq(), r.ts());
            if (gap == Gap.VERIFICATION_WITHOUT_OUTCOME) {
                settledRuns.computeIfAbsent(execId.get(), id -> new ArrayList<>()).add(f);
            } else {
                expecting.computeIfAbsent(gap, g -> new HashMap<>()).putIfAbsent(execId.get(), f);
            }
        }
    }

    /**
     * Counts {@code r} as an answer only: a record of another chain, looked up by {@code execId}
     * to settle what one chain's records expect, is not itself reported (a verification there is
     * another run of the writ, which takes its own outcome).
     */
    void acceptAnswer(LineageRecord r) {
        r.execId().ifPresent(id -> {
            runs.computeIfAbsent(id, k -> new Runs()).add(r);
            for (Gap gap : Gap.values()) {
                if (gap != Gap.VERIFICATION_WITHOUT_OUTCOME && gap.answers.test(r)) { // runs are paired instead
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
        settledRuns.forEach((execId, own) -> {
            List<Finding> open = runs.get(execId).unanswered();
            own.stream().filter(f -> open.stream().anyMatch(f::sameRecord)).forEach(out::add);
        });
        out.sort(Comparator.comparing(Finding::gap).thenComparing(Finding::chain).thenComparingLong(Finding::seq));
        return out;
    }
}
