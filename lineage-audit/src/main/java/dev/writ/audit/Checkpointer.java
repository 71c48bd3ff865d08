package dev.writ.audit;

import dev.writ.guard.lineage.internal.ChainHead;
import dev.writ.guard.lineage.internal.ChainStore;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.internal.ChainAppender;
import dev.writ.guard.lineage.internal.StoreCalls;
import dev.writ.core.jose.Signer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes checkpoints: reads every chain head (strongly consistent), signs them as a C2SP note
 * and appends the note as a {@code checkpoint} record to the checkpoint chain. lineage-fn runs
 * this on a schedule with the KMS signer.
 */
public final class Checkpointer {
    private final ChainAppender appender;
    private final ChainStore store;
    private final StoreCalls calls;
    private final Signer signer;
    private final CheckpointKey key;
    private final String origin;

    Checkpointer(ChainAppender appender, ChainStore store, Signer signer, CheckpointKey key, String origin) {
        this.appender = Objects.requireNonNull(appender, "appender");
        this.store = Objects.requireNonNull(store, "store");
        this.calls = new StoreCalls(appender.config(), d -> Thread.sleep(d.toMillis()));
        this.signer = Objects.requireNonNull(signer, "signer");
        this.key = Objects.requireNonNull(key, "key");
        this.origin = Objects.requireNonNull(origin, "origin");
    }

    /** A checkpointer over the audit's table, signing with {@code signer} whose public key is {@code key}. */
    public static Checkpointer create(LineageAudit audit, Signer signer, CheckpointKey key) {
        return new Checkpointer(audit.appender(), audit.store(), signer, key, audit.config().table());
    }

    /**
     * Signs the current heads of {@code chains} (chains without records are left out) and appends
     * the checkpoint record. Its {@code ts} is taken before the first head is read, so every record
     * it does not cover was appended after that moment (verification relies on it, within
     * {@link Anchor#MARGIN}).
     *
     * @throws LineageUnavailableException when the table cannot be read or written within bounds
     */
    public LineageRecord checkpoint(Collection<String> chains) {
        long ts = System.currentTimeMillis();
        List<ChainHead> heads = new ArrayList<>();
        for (String chain : chains) {
            if (chain.equals(LineageRecord.CHECKPOINT_CHAIN)) {
                continue;
            }
            Optional<LineageRecord> head = calls.call(chain, () -> store.head(chain));
            head.map(ChainHead::of).ifPresent(heads::add);
        }
        String note = CheckpointNote.sign(CheckpointNote.text(origin, ts, heads), signer, key);
        LineageRecord.Draft draft = LineageRecord.draft(LineageRecord.Type.CHECKPOINT).ts(ts).note(note).build();
        return appender.appendTo(LineageRecord.CHECKPOINT_CHAIN, draft);
    }
}
