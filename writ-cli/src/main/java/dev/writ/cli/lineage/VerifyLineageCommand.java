package dev.writ.cli.lineage;


import dev.writ.cli.TerminalText;
import dev.writ.audit.ChainVerdict;
import dev.writ.audit.CheckpointKey;
import dev.writ.audit.Completeness;
import dev.writ.audit.ExportVerdict;
import dev.writ.audit.LineageAudit;
import dev.writ.audit.S3CheckpointCopies;
import dev.writ.audit.VerifyProgress;
import dev.writ.audit.proof.TrustPolicy;
import dev.writ.cli.proof.TrustFiles;
import dev.writ.core.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code writ lineage verify}: every chain (or one) in the table, or an export file offline. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verifies chains from seq 0 against the latest signed checkpoint. Prints one JSON line"
                + " {\"chain\",\"seq\",\"reason\",..} per broken chain ({\"line\",..} for an export line that names no chain)."
                + " With a key, a lineage no verified checkpoint vouches for is not intact (NO_CHECKPOINT)."
                + " Then (all chains) one {\"incomplete\",\"execId\",\"chain\",\"seq\",\"ts\"} line per record that calls for"
                + " another that never came: ALLOW_NEVER_VERIFIED, EXCHANGE_NEVER_VERIFIED, VERIFICATION_WITHOUT_OUTCOME,"
                + " VERIFICATION_WITHOUT_DECISION (records younger than --settle are pending)."
                + " Exit 0 intact, 4 not intact, 5 intact but incomplete with --require-complete, 2 usage, 1 table unreadable.")
final class VerifyLineageCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TableOption table;

    @Mixin
    CheckpointKeyOptions keyOptions;

    @Option(names = "--chain", paramLabel = "CHAIN", description = "Verify only this chain (table mode).")
    String chain;

    @Option(names = "--file", paramLabel = "EXPORT.jsonl", description = "Verify an export file instead of the table.")
    Path file;

    @Option(names = "--progress", description = "Report progress on stderr.")
    boolean progress;

    @Option(names = "--settle", defaultValue = "PT15M", paramLabel = "DURATION",
            description = "Records younger than this (ISO-8601, default ${DEFAULT-VALUE}: Lambda's longest timeout) may still be"
                    + " answered: not reported as incomplete.")
    Duration settle;

    @Option(names = "--require-complete", description = "Exit 5 when the chains are intact but a record was never answered.")
    boolean requireComplete;

    @Option(names = "--checkpoint-copies", paramLabel = "s3://BUCKET/PREFIX",
            description = "Hold the table against the newest write-once checkpoint copy there (S3 Object Lock; the signer's"
                    + " WRIT_CHECKPOINT_COPY_BUCKET, prefix <origin>/): a copied checkpoint missing from the table is"
                    + " TRUNCATED_AFTER_CHECKPOINT, a replaced one CHECKPOINT_MISMATCH, and the copy anchors the other chains. Needs the key.")
    String checkpointCopies;

    @Option(names = "--trust", paramLabel = "TRUST.json",
            description = "Trust file (writ-trust/v1) instead of KEY: its checkpoint key, and (table mode) its witnesses: the newest"
                    + " checkpoint must be in a log checkpoint signed by the key and cosigned by witnessesRequired of them, 0 included"
                    + " (else NOT_COSIGNED; LOG_MISMATCH when the checkpoint records are not that log).")
    Path trustFile;

    @Override
    public Integer call() throws IOException {
        Optional<CheckpointKey> key;
        try {
            key = keyOptions.key();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Optional<TrustPolicy> trust = Optional.ofNullable(trustFile).map(f -> TrustFiles.read(spec.commandLine(), f));
        if (trust.isPresent()) {
            if (key.isPresent()) {
                throw new ParameterException(spec.commandLine(), "give --trust or a checkpoint key, not both: the trust file names the key");
            }
            if (file != null && trust.get().witnessesRequired() > 0) {
                throw new ParameterException(spec.commandLine(), "cosignatures are stored beside the table, not in an export:"
                        + " verify --file with a trust file requiring no witnesses, or verify the table");
            }
            key = Optional.of(trust.get().checkpointKey());
        }
        PrintWriter err = spec.commandLine().getErr();
        if (key.isEmpty()) {
            err.println("writ: no checkpoint key given (--verifier-key, --jwks or --kms-key): tail truncation cannot be detected");
        }
        VerifyProgress p = progress ? (c, n) -> err.println(TerminalText.escaped("{\"chain\":" + Json.write(c) + ",\"verified\":" + n + "}")) : VerifyProgress.none();
        List<ChainVerdict> verdicts;
        List<ExportVerdict.UnreadableLine> unreadable = List.of();
        Completeness completeness = new Completeness(System.currentTimeMillis() - settle.toMillis());
        if (file != null) {
            if (chain != null || checkpointCopies != null) {
                throw new ParameterException(spec.commandLine(), "--chain and --checkpoint-copies apply to the table, not to --file");
            }
            if (!Files.isReadable(file)) {
                throw new ParameterException(spec.commandLine(), "cannot read " + file);
            }
            ExportVerdict export = LineageAudit.verifyExport(file, key, p, completeness);
            verdicts = export.chains();
            unreadable = export.unreadableLines();
        } else {
            LineageAudit audit = table.audit(key);
            if (checkpointCopies != null) {
                if (key.isEmpty()) {
                    throw new ParameterException(spec.commandLine(), "--checkpoint-copies needs the checkpoint key: a copy is trusted once its note verifies");
                }
                S3CheckpointCopies copies;
                try {
                    copies = S3CheckpointCopies.of(checkpointCopies, S3CheckpointCopies.defaultClient());
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), e.getMessage());
                }
                audit = audit.trusting(copies.newest().orElseThrow(() -> new IllegalStateException("no checkpoint copy at " + checkpointCopies)));
            }
            verdicts = new ArrayList<>();
            // Also with witnessesRequired 0: the stored log must still be the key's log over the checkpoint records.
            if (trust.isPresent()) {
                ChainVerdict cosigned = audit.verifyCosigned(trust.get());
                if (!cosigned.intact()) { // an intact cosigned log is no chain of its own in the count
                    verdicts.add(cosigned);
                }
            }
            verdicts.addAll(chain == null ? audit.verifyAll(p, completeness) : List.of(audit.verifyChain(chain, p)));
        }
        PrintWriter out = spec.commandLine().getOut();
        long broken = 0;
        long records = 0;
        for (ChainVerdict v : verdicts) {
            records += v.recordsVerified();
            if (!v.intact()) {
                broken++;
                out.println(TerminalText.escaped(v.toJson()));
            }
        }
        unreadable.forEach(l -> out.println(TerminalText.escaped(l.toJson())));
        List<Completeness.Finding> missing = completeness.findings();
        missing.forEach(f -> out.println(TerminalText.escaped(f.toJson())));
        out.flush();
        err.println("writ: " + verdicts.size() + " chains, " + records + " records verified, " + broken + " broken"
                + (unreadable.isEmpty() ? "" : ", " + unreadable.size() + " unreadable lines")
                + (chain == null ? ", " + missing.size() + " never answered" : ""));
        err.flush();
        broken += unreadable.size();
        if (broken > 0) {
            return LineageCommand.TAMPERED;
        }
        return requireComplete && !missing.isEmpty() ? LineageCommand.INCOMPLETE : 0;
    }
}
