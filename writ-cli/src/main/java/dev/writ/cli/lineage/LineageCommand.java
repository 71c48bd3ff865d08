package dev.writ.cli.lineage;

import picocli.CommandLine.Command;

/** {@code writ lineage ...}: auditor tools for the hash-linked lineage. */
@Command(name = "lineage", mixinStandardHelpOptions = true,
        description = "Verify, export, show and checkpoint the lineage (table from --table or WRIT_LINEAGE_TABLE;"
                + " endpoint from AWS_ENDPOINT_URL_DYNAMODB).",
        subcommands = {VerifyLineageCommand.class, ExportLineageCommand.class, ShowLineageCommand.class,
            CheckpointLineageCommand.class})
public final class LineageCommand {
    /** Exit code of {@code verify} when tampering is found. */
    public static final int TAMPERED = 4;
    /** Exit code of {@code verify --require-complete} when intact chains hold a record never answered. */
    public static final int INCOMPLETE = 5;
    /** Exit code of {@code show --txn} when the transaction's records name more than one subject or agent. */
    public static final int MIXED = 6;
}
