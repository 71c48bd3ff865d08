package dev.writ.audit;

import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.MalformedRecordException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Verifies an export file in two streaming passes: the checkpoint chain (wherever its lines are),
 * then every other chain in file order, each chain's lines contiguous and in seq order. A line is
 * charged to the chain and seq it names, even when it is otherwise malformed.
 */
final class ExportFile {
    private final Path file;
    private final Optional<CheckpointKey> key;
    private final VerifyProgress progress;
    private final Consumer<LineageRecord> verified;

    ExportFile(Path file, Optional<CheckpointKey> key, VerifyProgress progress, Consumer<LineageRecord> verified) {
        this.file = file;
        this.key = key;
        this.progress = progress;
        this.verified = verified;
    }

    /** One line: the record, or why it is not one. */
    private record Line(long number, LineageRecord record, MalformedRecordException problem) {
        static Line read(long number, String text) {
            try {
                return new Line(number, LineageRecord.fromJson(text), null);
            } catch (MalformedRecordException e) {
                return new Line(number, null, e);
            }
        }

        Optional<String> chain() {
            return record != null ? Optional.of(record.chain()) : problem.chain();
        }

        long seq() {
            return record != null ? record.seq() : problem.seq().orElseThrow();
        }

        void feed(ChainWalk walk) {
            if (record != null) {
                walk.accept(record);
            } else {
                walk.malformed(problem, "line " + number + ": ");
            }
        }
    }

    ExportVerdict verify() throws IOException {
        LineageAudit.Checkpoints cp = checkpoints();
        Map<String, ChainVerdict> verdicts = new LinkedHashMap<>();
        verdicts.put(LineageRecord.CHECKPOINT_CHAIN, cp.verdict());
        List<ExportVerdict.UnreadableLine> unreadable = new ArrayList<>();
        try (ExportLines in = lines()) {
            String current = null;
            ChainWalk walk = null; // null while skipping a block of a chain that already ended
            ExportLines.Line text;
            long number = 0;
            while ((text = in.next()) != null) {
                if (text.problem() != null) {
                    unreadable.add(new ExportVerdict.UnreadableLine(++number, text.problem()));
                    continue;
                }
                Line line = Line.read(++number, text.text());
                Optional<String> chain = line.chain();
                if (chain.isEmpty()) {
                    unreadable.add(new ExportVerdict.UnreadableLine(number, line.problem().getMessage()));
                    continue;
                }
                if (chain.get().equals(LineageRecord.CHECKPOINT_CHAIN)) {
                    continue;
                }
                if (!chain.get().equals(current)) {
                    if (walk != null) {
                        verdicts.put(current, walk.finish());
                    }
                    current = chain.get();
                    walk = null;
                    if (verdicts.containsKey(current)) {
                        // The chain's records are split in two blocks: the first block already ended it.
                        verdicts.put(current, new ChainVerdict(current, 0, Optional.empty(), Optional.of(new ChainVerdict.Fault(
                                line.seq(), ChainVerdict.ReasonCode.REORDERED, "records of the chain are not contiguous (line " + number + ")"))));
                    } else {
                        walk = new ChainWalk(current, cp.anchor(), ChainVerifier.observing(verified), progress);
                    }
                }
                if (walk != null) {
                    line.feed(walk);
                }
            }
            if (walk != null) {
                verdicts.put(current, walk.finish());
            }
        }
        // A chain the checkpoint pins but the file lacks was truncated to nothing.
        cp.anchor().checkpoint().ifPresent(c -> c.heads().forEach(h -> verdicts.computeIfAbsent(h.chain(),
                chain -> new ChainWalk(chain, cp.anchor(), r -> Optional.empty(), progress).finish())));
        return new ExportVerdict(List.copyOf(verdicts.values()), unreadable);
    }

    /** The first pass: the checkpoint chain's lines only. */
    private LineageAudit.Checkpoints checkpoints() throws IOException {
        CheckpointChain cp = new CheckpointChain(key, progress);
        try (ExportLines in = lines()) {
            ExportLines.Line text;
            long number = 0;
            while ((text = in.next()) != null && !cp.walk().failed()) {
                if (text.problem() != null) {
                    number++;
                    continue;
                }
                Line line = Line.read(++number, text.text());
                if (line.chain().filter(LineageRecord.CHECKPOINT_CHAIN::equals).isPresent()) {
                    line.feed(cp.walk());
                }
            }
        }
        return cp.finish();
    }

    private ExportLines lines() throws IOException {
        return new ExportLines(Files.newInputStream(file));
    }
}
