package dev.writ.cli.proof;

import dev.writ.audit.CheckpointKey;
import dev.writ.audit.ProofExport;
import dev.writ.audit.proof.ProofBundle;
import dev.writ.audit.proof.TrustPolicy;
import dev.writ.cli.lineage.CheckpointKeyOptions;
import dev.writ.cli.lineage.TableOption;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code writ proof export EXEC_ID --out proof.json KEY [--trust-out TRUST.json]}. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Writes the proof bundle of EXEC_ID: its records and its transaction's (every hop), each with an"
                + " RFC 9162 inclusion proof against the first signed checkpoint that covers them, and that checkpoint's"
                + " inclusion in the signed checkpoint log. The bundle is verified with the given checkpoint key before"
                + " it is written. Exit 0 written, 4 no bundle (the reason on stderr), 2 usage, 1 table unreadable.")
final class ExportProofCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TableOption table;

    @Mixin
    CheckpointKeyOptions keyOptions;

    @Parameters(index = "0", paramLabel = "EXEC_ID", description = "The execution (the writ's id, the records' execId).")
    String execId;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Bundle file to write (replaced).")
    Path out;

    @Option(names = "--trust-out", paramLabel = "FILE",
            description = "Also write a trust file naming the bundle's origin and the given checkpoint key, no witnesses."
                    + " A verifier should take the key from its own source, not from whoever hands over the bundle.")
    Path trustOut;

    @Override
    public Integer call() throws IOException {
        CheckpointKey key;
        try {
            key = keyOptions.key().orElseThrow(() -> new IllegalArgumentException(
                    "a proof rests on a signed checkpoint: give the checkpoint key (--verifier-key, --jwks or --kms-key)"));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        ProofBundle bundle;
        try {
            bundle = ProofExport.of(table.audit(Optional.of(key)), execId);
        } catch (ProofExport.ExportException e) {
            spec.commandLine().getErr().println("writ: " + e.failure() + ": " + e.getMessage());
            return ProofCommand.NOT_PROVEN;
        }
        Files.writeString(out, bundle.toJson() + "\n", StandardCharsets.UTF_8);
        spec.commandLine().getErr().println("writ: " + bundle.records().size() + " records of " + execId + " proven against checkpoint "
                + bundle.checkpoint().seq() + " of " + bundle.origin() + ", written to " + out);
        if (trustOut != null) {
            Files.writeString(trustOut, new TrustPolicy(bundle.origin(), key, List.of(), 0).toJson() + "\n", StandardCharsets.UTF_8);
        }
        return 0;
    }
}
