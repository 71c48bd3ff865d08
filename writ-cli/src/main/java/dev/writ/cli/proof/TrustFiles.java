package dev.writ.cli.proof;

import dev.writ.audit.BoundedFiles;
import dev.writ.audit.proof.MalformedBundleException;
import dev.writ.audit.proof.TrustPolicy;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Reads a trust file (writ-trust/v1) for a command: unreadable or malformed is a usage error (exit 2). */
public final class TrustFiles {
    private TrustFiles() {
    }

    public static TrustPolicy read(CommandLine command, Path file) {
        try {
            return TrustPolicy.parse(BoundedFiles.readUtf8(file, TrustPolicy.MAX_BYTES));
        } catch (BoundedFiles.TooLargeException e) {
            throw new ParameterException(command, "trust file " + e.getMessage());
        } catch (IOException e) {
            throw new ParameterException(command, "cannot read trust file " + file + ": " + e.getClass().getSimpleName());
        } catch (MalformedBundleException e) {
            throw new ParameterException(command, file + ": " + e.getMessage());
        }
    }
}
