package dev.writ.cli.bundle;

import dev.writ.core.json.Json;
import dev.writ.core.keys.LocalKeys;
import dev.writ.core.sign.LocalSigner;
import dev.writ.core.jose.SigningException;
import dev.writ.policy.build.BundleBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code writ bundle build DIR --key DIR --out FILE}: tests the bundle and, when it passes, writes the
 * signed bundle file. Exit 0 built (its warnings, if any, on stderr), 1 the bundle failed its checks
 * (nothing written), 2 usage error.
 */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = "Tests the bundle folder DIR and writes its signed bundle file (local key; KMS signing is the Maven build's).")
final class BuildBundleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "Bundle folder (holding manifest.json).")
    Path dir;

    @Option(names = "--key", required = true, paramLabel = "DIR", description = "Local key folder (writ keys new); private.jwk signs.")
    Path keyDir;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Bundle file to write.")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new CommandLine.ParameterException(spec.commandLine(), dir + " is not a folder");
        }
        LocalSigner signer;
        try {
            signer = LocalSigner.fromJwkFile(keyDir.resolve(LocalKeys.PRIVATE_JWK));
        } catch (SigningException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        try {
            BundleBuilder.Built built = BundleBuilder.build(dir, signer, out);
            if (!built.report().warnings().isEmpty()) {
                TestBundleCommand.print(spec.commandLine().getErr(), built.report());
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("name", built.name());
            json.put("revision", built.revision());
            json.put("hash", built.contentHash());
            json.put("file", built.file().toString());
            json.put("kid", signer.keyId());
            spec.commandLine().getOut().println(Json.write(json));
            return 0;
        } catch (BundleBuilder.BuildFailedException e) {
            TestBundleCommand.print(spec.commandLine().getErr(), e.report());
            return 1;
        }
    }
}
