package dev.writ.cli;

import dev.writ.core.json.Json;
import dev.writ.core.keys.LocalKeys;
import dev.writ.core.jose.SigningAlgorithm;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code writ keys ...}: local key tools. */
@Command(name = "keys", description = "Local signing keys for development.",
        subcommands = {KeysCommand.New.class})
final class KeysCommand {

    /** {@code writ keys new --out DIR}. */
    @Command(name = "new", mixinStandardHelpOptions = true,
            description = "Writes DIR/private.jwk (a local signing key) and DIR/jwks.json (its public JWKS).")
    static final class New implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write the keys to.")
        Path out;

        @Option(names = "--alg", defaultValue = "PS256", paramLabel = "ALG",
                description = "PS256 (default: RSA 2048, the algorithm a guard verifies fastest), ES256 (P-256) or RS256.")
        SigningAlgorithm alg;

        @Override
        public Integer call() throws IOException {
            String kid = LocalKeys.writeNew(out, alg).keyId();
            Map<String, Object> written = new LinkedHashMap<>();
            written.put("kid", kid);
            written.put("alg", alg.name());
            written.put("privateKey", out.resolve(LocalKeys.PRIVATE_JWK).toString());
            written.put("jwks", out.resolve(LocalKeys.PUBLIC_JWKS).toString());
            spec.commandLine().getOut().println(Json.write(written));
            return 0;
        }
    }
}
