package dev.writ.cli.proof;

import picocli.CommandLine.Command;

/** {@code writ proof ...}: one execution's proof bundle, exported from the lineage and verified offline. */
@Command(name = "proof", mixinStandardHelpOptions = true,
        description = "Export the proof bundle of one execution and verify it offline (docs/lineage.md, Proof bundles).",
        subcommands = {ExportProofCommand.class, VerifyProofCommand.class})
public final class ProofCommand {
    /** Exit code when no bundle could be made, or a bundle did not verify. */
    public static final int NOT_PROVEN = 4;
}
