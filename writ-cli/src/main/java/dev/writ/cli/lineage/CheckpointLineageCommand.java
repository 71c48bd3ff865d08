package dev.writ.cli.lineage;


import dev.writ.cli.TerminalText;
import dev.writ.audit.CheckpointKey;
import dev.writ.audit.Checkpointer;
import dev.writ.audit.LineageAudit;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.core.sign.LocalSigner;
import dev.writ.core.jose.SigningException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code writ lineage checkpoint --key private.jwk}: a signed checkpoint from a local key (dev; lineage-fn does it with KMS). */
@Command(name = "checkpoint", mixinStandardHelpOptions = true,
        description = "Signs every chain head with a local P-256 key (writ keys new --alg ES256) and appends the checkpoint record."
                + " For development; deployed stacks checkpoint from lineage-fn with the KMS key.")
final class CheckpointLineageCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TableOption table;

    @Option(names = "--key", required = true, paramLabel = "PRIVATE_JWK", description = "EC P-256 private JWK (writ keys new --alg ES256).")
    Path key;

    @Option(names = "--key-name", defaultValue = CheckpointKey.DEFAULT_NAME, paramLabel = "NAME",
            description = "Signed-note key name (default ${DEFAULT-VALUE}).")
    String keyName;

    @Override
    public Integer call() throws Exception {
        LocalSigner signer;
        PublicKey publicKey;
        try {
            signer = LocalSigner.fromJwkFile(key);
            com.nimbusds.jose.jwk.JWK jwk = com.nimbusds.jose.jwk.JWK.parse(java.nio.file.Files.readString(key));
            if (!(jwk instanceof com.nimbusds.jose.jwk.ECKey ec) || !com.nimbusds.jose.jwk.Curve.P_256.equals(ec.getCurve())) {
                // writ keys new makes RSA keys unless asked for ES256; checkpoints are P-256 only (C2SP note type 0x02).
                throw new ParameterException(spec.commandLine(), "checkpoint key " + key + " is not an EC P-256 key ("
                        + jwk.getKeyType() + "); make one with: writ keys new --alg ES256");
            }
            publicKey = ec.toECPublicKey();
        } catch (SigningException | java.text.ParseException | IllegalStateException | ClassCastException e) {
            throw new ParameterException(spec.commandLine(), "unusable checkpoint key " + key + ": " + e.getMessage());
        }
        LineageAudit audit = table.audit(Optional.empty());
        LineageRecord r = Checkpointer.create(audit, signer, new CheckpointKey(keyName, publicKey)).checkpoint(audit.chains()).record();
        spec.commandLine().getOut().println(TerminalText.escaped(r.toJson()));
        return 0;
    }
}
