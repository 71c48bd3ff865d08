package dev.writ.lineagefn.stream;


import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.writ.audit.Anchor;
import dev.writ.audit.LineageAudit;
import dev.writ.guard.lineage.LineageConfig;
import dev.writ.lineagefn.config.LineageBeans.DynamoDbClients;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.MalformedRecordException;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Checks every record the table's stream shows: its own hash, its {@code ts} against when the
 * table wrote it (a record dated well before it was written claims a past it was not part of),
 * and its {@code prev} against the hash of the stored record {@code seq - 1} (read with a
 * strongly consistent GetItem). Any MODIFY
 * or REMOVE is a break by itself: lineage records are only ever put once. Each break is one
 * alarm line ({@link AlarmLine}); a clean record writes nothing here, but when it expects an
 * answer (an allow, an exchange, a verification) it is remembered for {@link CompletenessSweep}.
 */
@Singleton
public class StreamVerifier {
    private static final String ZERO = "0".repeat(64);
    private final String table;
    private final DynamoDbClients clients;
    private final PendingExpectations pending;

    public StreamVerifier(LineageConfig config, DynamoDbClients clients, PendingExpectations pending) {
        this.table = config.table();
        this.clients = clients;
        this.pending = pending;
    }

    /** What one batch found, and the records to retry because the table could not be read. */
    public record Result(List<ChainBreak> breaks, StreamsEventResponse response) {
    }

    /**
     * Checks {@code event}, writing one alarm line per break to {@code out}. Records whose
     * predecessor could not be read are returned as batch item failures (Lambda retries from the
     * first, with {@code ReportBatchItemFailures} on the event source mapping).
     */
    public Result check(DynamodbEvent event, Consumer<String> out) {
        List<ChainBreak> breaks = new ArrayList<>();
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        for (DynamodbEvent.DynamodbStreamRecord r : event.getRecords() == null ? List.<DynamodbEvent.DynamodbStreamRecord>of() : event.getRecords()) {
            try {
                check(r).ifPresent(b -> {
                    breaks.add(b);
                    out.accept(AlarmLine.of(table, b, System.currentTimeMillis()));
                });
            } catch (SdkException e) {
                // Not a break, but nothing was checked: retry (ReportBatchItemFailures) and say why.
                String seqNo = r.getDynamodb() == null ? null : r.getDynamodb().getSequenceNumber();
                failures.add(StreamsEventResponse.BatchItemFailure.builder().withItemIdentifier(seqNo).build());
                out.accept(AlarmLine.unchecked(table, r.getEventID(), seqNo, e.getClass().getSimpleName()));
            }
        }
        return new Result(breaks, StreamsEventResponse.builder().withBatchItemFailures(failures).build());
    }

    private Optional<ChainBreak> check(DynamodbEvent.DynamodbStreamRecord r) {
        String id = r.getEventID();
        String name = r.getEventName();
        var ddb = r.getDynamodb();
        Map<String, AttributeValue> keys = ddb == null ? null : ddb.getKeys();
        String chain = keys != null && keys.get("chain") != null && keys.get("chain").getS() != null ? keys.get("chain").getS() : "?";
        long seq = keys != null && keys.get("seq") != null ? parseSeq(keys.get("seq").getN()) : -1;
        if ("REMOVE".equals(name)) {
            return Optional.of(new ChainBreak(chain, seq, "REMOVED", "a lineage record was deleted", id, name));
        }
        if (ddb == null || ddb.getNewImage() == null) {
            return Optional.of(new ChainBreak(chain, seq, "NO_IMAGE",
                    "stream record carries no new image (set StreamViewType NEW_IMAGE or NEW_AND_OLD_IMAGES)", id, name));
        }
        if (LineageAudit.isCheckpointState(chain)) {
            // The checkpoint signer's frontiers and log checkpoints: not records (each is checked
            // against a signed root where it is read), but written once like them.
            return "INSERT".equals(name) ? Optional.empty()
                    : Optional.of(new ChainBreak(chain, seq, "OVERWRITTEN", "a checkpoint state item was overwritten", id, name));
        }
        LineageRecord rec;
        try {
            rec = LineageRecord.fromItem(StreamImages.toSdk(ddb.getNewImage()));
        } catch (MalformedRecordException e) {
            return Optional.of(new ChainBreak(chain, seq, "MALFORMED_RECORD", e.getMessage(), id, name));
        }
        if ("MODIFY".equals(name)) {
            return Optional.of(new ChainBreak(rec.chain(), rec.seq(), "OVERWRITTEN",
                    "a stored lineage record was overwritten" + (rec.hashIsValid() ? " (re-sealed)" : " (hash no longer matches)"), id, name));
        }
        if (!rec.hashIsValid()) {
            return Optional.of(new ChainBreak(rec.chain(), rec.seq(), "HASH_MISMATCH",
                    "stored hash does not match the record's content", id, name));
        }
        Date written = ddb.getApproximateCreationDateTime();
        if (written != null && !rec.chain().equals(LineageRecord.CHECKPOINT_CHAIN)
                && rec.ts() < written.getTime() - Anchor.MARGIN.toMillis()) {
            // Checkpoint records are signed, and dated before their heads are read (which may take long).
            return Optional.of(new ChainBreak(rec.chain(), rec.seq(), "BACKDATED", "dated " + rec.ts() + ", more than "
                    + Anchor.MARGIN.toSeconds() + " s before the table wrote it (" + written.getTime() + ")", id, name));
        }
        Optional<ChainBreak> linkBreak = linkBreak(rec, id, name);
        if (linkBreak.isEmpty()) {
            // Whether its answer comes can only be judged later (CompletenessSweep).
            pending.expect(rec);
        }
        return linkBreak;
    }

    private Optional<ChainBreak> linkBreak(LineageRecord rec, String id, String name) {
        if (rec.seq() == 0) {
            return rec.prev().equals(ZERO) ? Optional.empty() : Optional.of(new ChainBreak(rec.chain(), 0, "BROKEN_LINK",
                    "seq 0 must have a zero prev", id, name));
        }
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> pred = clients.get().getItem(b -> b
                .tableName(table).consistentRead(true).key(Map.of(
                        "chain", software.amazon.awssdk.services.dynamodb.model.AttributeValue.builder().s(rec.chain()).build(),
                        "seq", software.amazon.awssdk.services.dynamodb.model.AttributeValue.builder().n(Long.toString(rec.seq() - 1)).build())))
                .item();
        if (pred == null || pred.isEmpty()) {
            return Optional.of(new ChainBreak(rec.chain(), rec.seq(), "MISSING_PREDECESSOR",
                    "no record at seq " + (rec.seq() - 1), id, name));
        }
        LineageRecord before;
        try {
            before = LineageRecord.fromItem(pred);
        } catch (MalformedRecordException e) {
            return Optional.of(new ChainBreak(rec.chain(), rec.seq() - 1, "MALFORMED_RECORD", e.getMessage(), id, name));
        }
        if (!before.hash().equals(rec.prev())) {
            return Optional.of(new ChainBreak(rec.chain(), rec.seq(), "BROKEN_LINK",
                    "prev is not the hash of the stored seq " + (rec.seq() - 1), id, name));
        }
        return Optional.empty();
    }

    private static long parseSeq(String n) {
        try {
            return n == null ? -1 : Long.parseLong(n);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
