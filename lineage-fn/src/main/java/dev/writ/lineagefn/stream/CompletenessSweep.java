package dev.writ.lineagefn.stream;

import dev.writ.audit.Completeness;
import dev.writ.guard.lineage.LineageConfig;
import dev.writ.lineagefn.metrics.EmfAlarm;
import dev.writ.lineagefn.query.LineageQueries;
import jakarta.inject.Singleton;
import jakarta.json.JsonObjectBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The stream verifier's delayed half: a record that expects an answer cannot be judged when it
 * arrives, so {@link StreamVerifier} remembers it ({@link PendingExpectations}) and this sweep
 * judges it once its settle time has passed, looking the answer up on every chain through the
 * {@code byExecId} index. An unanswered one is reported once, as an alarm line that is also the
 * EMF metric {@value #METRIC}; an answered one, however late its answer came, is dropped silently.
 */
@Singleton
public class CompletenessSweep {
    static final String METRIC = "IncompleteLineage";

    private final String table;
    private final PendingExpectations pending;
    private final LineageQueries queries;

    public CompletenessSweep(LineageConfig config, PendingExpectations pending, LineageQueries queries) {
        this.table = config.table();
        this.pending = pending;
        this.queries = queries;
    }

    /** What one sweep judged: how many due records were answered, and the ones it reported. */
    public record Result(int answered, List<Completeness.Finding> reported) {
    }

    /** Judges every expecting record due at {@code nowMillis}, writing one alarm line per unanswered one to {@code out}. */
    public Result sweep(long nowMillis, Consumer<String> out) {
        List<Completeness.Finding> reported = new ArrayList<>();
        int[] answered = {0};
        pending.due(nowMillis).forEach(p -> {
            Completeness.Finding f = p.expecting();
            boolean isAnswered = f.gap().isAnswered(f, queries.byExecId(f.execId()).stream().flatMap(i -> i.record().stream()).toList());
            if (isAnswered) {
                pending.forget(p);
                answered[0]++;
            } else if (pending.claim(p, nowMillis)) {
                reported.add(f);
                out.accept(alarm(table, f, System.currentTimeMillis()));
            }
        });
        return new Result(answered[0], reported);
    }

    /** {@code {"_aws":..,"IncompleteLineage":1,"level":"ALARM","alarm":"LINEAGE_INCOMPLETE","incomplete":"<gap>","execId",..}}. */
    static String alarm(String table, Completeness.Finding f, long nowMillis) {
        JsonObjectBuilder line = EmfAlarm.of(METRIC, "LINEAGE_INCOMPLETE", table, nowMillis);
        f.toMap().forEach((name, value) -> {
            if (value instanceof Long n) {
                line.add(name, n);
            } else {
                line.add(name, value.toString());
            }
        });
        return line.build().toString();
    }
}
