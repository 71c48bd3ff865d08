package dev.writ.cli.proof;

import dev.writ.cli.TerminalText;
import dev.writ.audit.proof.BundleVerdict;
import dev.writ.audit.proof.ProofVerifier;
import dev.writ.audit.proof.TrustPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code writ proof verify proof.json --trust TRUST.json}: offline, trusting only the trust file's keys. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verifies a proof bundle offline (no table, no network) against the keys of a trust file"
                + " (writ-trust/v1: origin, checkpoint key, witness keys, cosignatures required). Prints one JSON object:"
                + " what was proven and what was not, or {\"verified\":false,\"reason\",\"detail\"}."
                + " Exit 0 verified, 4 refused, 2 usage (an unreadable file, a malformed trust file).")
final class VerifyProofCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROOF.json", description = "The bundle (writ proof export).")
    Path bundle;

    @Option(names = "--trust", required = true, paramLabel = "TRUST.json", description = "The keys to trust (writ-trust/v1).")
    Path trustFile;

    @Override
    public Integer call() {
        TrustPolicy trust = TrustFiles.read(spec.commandLine(), trustFile);
        BundleVerdict verdict;
        try {
            verdict = ProofVerifier.verify(bundle, trust);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "cannot read " + bundle + ": " + e.getClass().getSimpleName());
        }
        spec.commandLine().getOut().println(TerminalText.escaped(verdict.toJson())); // the bundle's words
        spec.commandLine().getOut().flush();
        return verdict.isVerified() ? 0 : ProofCommand.NOT_PROVEN;
    }
}
