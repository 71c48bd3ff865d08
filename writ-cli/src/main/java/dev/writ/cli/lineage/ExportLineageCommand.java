package dev.writ.cli.lineage;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code writ lineage export --out FILE}. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Writes every chain as JSON Lines (one canonical record per line), checkpoint chain first,"
                + " each chain in seq order. Verify it offline with: writ lineage verify --file FILE --jwks KEYS.")
final class ExportLineageCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TableOption table;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "File to write (replaced).")
    Path out;

    @Override
    public Integer call() throws IOException {
        long n;
        try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            n = table.audit(Optional.empty()).export(w);
        }
        spec.commandLine().getErr().println("writ: exported " + n + " records to " + out);
        return 0;
    }
}
