package dev.writ.cli.lineage;


import dev.writ.core.config.Environment;
import dev.writ.audit.CheckpointKey;
import dev.writ.audit.LineageAudit;
import dev.writ.guard.lineage.LineageConfig;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The table to audit: {@code --table}, else {@code WRIT_LINEAGE_TABLE}, else {@code writ-lineage}. */
public final class TableOption {
    @Option(names = "--table", paramLabel = "NAME", description = "Lineage table (default: WRIT_LINEAGE_TABLE or writ-lineage).")
    String table;

    /** True when {@code --table} was given. */
    public boolean given() {
        return table != null;
    }

    public LineageAudit audit(Optional<CheckpointKey> key) {
        LineageConfig.Builder config = LineageConfig.builder(Environment.system());
        if (table != null) {
            config.table(table);
        }
        return LineageAudit.create(config.build(), AuditClients::dynamoDb, key);
    }
}
