package dev.writ.lineagefn.checkpoint;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.writ.audit.Checkpointer;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.lineagefn.metrics.EmfAlarm;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lambda handler {@code dev.writ.lineagefn.checkpoint.CheckpointFunction}, run by an EventBridge
 * schedule: appends one signed checkpoint. A failure is thrown, so Lambda records an error (and
 * the {@code Errors} metric an alarm can watch) and EventBridge's retry policy applies.
 */
public class CheckpointFunction extends MicronautRequestHandler<ScheduledEvent, Map<String, Object>> {
    static final String WITNESS_METRIC = "WitnessRefusals";

    @Inject
    CheckpointService service;

    /** For Lambda: builds the application context from the environment. */
    public CheckpointFunction() {
        super();
    }

    /** For tests and embedding: runs in {@code context}. */
    public CheckpointFunction(ApplicationContext context) {
        super(context);
    }

    @Override
    public Map<String, Object> execute(ScheduledEvent event) {
        Checkpointer.Checkpoint cp = service.checkpoint();
        LineageRecord r = cp.record();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("chain", r.chain());
        out.put("seq", r.seq());
        out.put("hash", r.hash());
        out.put("ts", r.ts());
        cp.log().ifPresent(log -> out.put("logSize", log.treeSize()));
        if (!cp.chainsWithoutTree().isEmpty()) {
            // Alarm-grade: a chain with a missing seq or an unreadable item cannot be proven by tree.
            out.put("chainsWithoutTree", cp.chainsWithoutTree());
            System.out.println(jakarta.json.Json.createObjectBuilder().add("level", "ALARM").add("alarm", "LINEAGE_NO_TREE")
                    .add("chains", jakarta.json.Json.createArrayBuilder(cp.chainsWithoutTree()))
                    .add("detail", "pinned without a tree root: a seq is missing or an item is not a record").build());
        }
        if (!cp.witnessRefusals().isEmpty()) {
            out.put("witnessRefusals", cp.witnessRefusals().stream().map(Checkpointer.WitnessRefusal::witness).toList());
            long now = System.currentTimeMillis();
            cp.witnessRefusals().forEach(w -> System.out.println(witnessAlarm(service.table(), r.seq(), w, now)));
        }
        return out;
    }

    /**
     * A witness that did not cosign, as an alarm line and EMF metric {@value #WITNESS_METRIC}: a
     * rollback or fork it refused means the checkpoints it saw are not the ones in the table.
     */
    static String witnessAlarm(String table, long checkpointSeq, Checkpointer.WitnessRefusal w, long nowMillis) {
        return EmfAlarm.of(WITNESS_METRIC, "LINEAGE_WITNESS_REFUSED", table, nowMillis)
                .add("witness", w.witness()).add("checkpointSeq", checkpointSeq).add("reason", w.reason())
                .add("status", w.status()).add("detail", w.detail()).build().toString();
    }
}
