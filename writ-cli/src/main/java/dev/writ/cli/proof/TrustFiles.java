package dev.writ.cli.proof;

import dev.writ.audit.proof.MalformedBundleException;
import dev.writ.audit.proof.TrustPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Reads a trust file (writ-trust/v1) for a command: unreadable or malformed is a usage error (exit 2). */
public final class TrustFiles {
    private TrustFiles() {
    }

    public static TrustPolicy read(CommandLine command, Path file) {
        try {
            return TrustPolicy.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ParameterException(command, "cannot read trust file " + file + ": " + e.getClass().getSimpleName());
        } catch (MalformedBundleException e) {
            throw new ParameterException(command, file + ": " + e.getMessage());
        }
    }
}
