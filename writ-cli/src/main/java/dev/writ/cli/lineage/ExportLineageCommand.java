package dev.writ.cli.lineage;


import dev.writ.audit.CheckpointKey;
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
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code writ lineage export --out FILE [--keys DIR --kms-key ARN]}. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Writes every chain as JSON Lines (one canonical record per line), checkpoint chain first,"
                + " each chain in seq order. With --keys and the checkpoint key (--kms-key, --jwks or --verifier-key),"
                + " also writes DIR/verifier-key and DIR/jwks.json, what an offline verifier needs beside the file:"
                + " writ lineage verify --file FILE --verifier-key DIR/verifier-key.")
final class ExportLineageCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TableOption table;

    @Mixin
    CheckpointKeyOptions keyOptions;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "File to write (replaced).")
    Path out;

    @Option(names = "--keys", paramLabel = "DIR", description = "Write the checkpoint key's verifier-key and jwks.json here.")
    Path keys;

    @Override
    public Integer call() throws IOException {
        Optional<CheckpointKey> key;
        try {
            key = keyOptions.key();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (keys != null && key.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--keys needs the checkpoint key: --kms-key, --jwks or --verifier-key");
        }
        if (keys == null && key.isPresent()) {
            throw new ParameterException(spec.commandLine(), "a checkpoint key is only used with --keys DIR");
        }
        long n;
        try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            n = table.audit(Optional.empty()).export(w);
        }
        spec.commandLine().getErr().println("writ: exported " + n + " records to " + out);
        if (key.isPresent()) {
            CheckpointKeyFiles.write(keys, key.get());
            spec.commandLine().getErr().println("writ: checkpoint key " + key.get().name() + " written to "
                    + keys.resolve(CheckpointKeyFiles.VERIFIER_KEY) + " and " + keys.resolve(CheckpointKeyFiles.JWKS));
        }
        return 0;
    }
}
