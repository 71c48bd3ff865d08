package dev.writ.cli;

import dev.writ.guard.writ.WritClaims;
import dev.writ.core.sign.LocalSigner;
import dev.writ.core.jose.SigningException;
import dev.writ.guard.writ.MalformedWritException;
import dev.writ.guard.writ.WritCodec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code writ mint}: signs a writ with a local key (development and tests). */
@Command(name = "mint", mixinStandardHelpOptions = true,
        description = "Prints a compact writ for the claims in FILE, signed with a local key. "
                + "iat, nbf, exp and jti are filled in when absent; iss, sub and aud must be given.")
final class MintCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--key", required = true, paramLabel = "FILE", description = "Private JWK (writ keys new).")
    Path key;

    @Option(names = "--claims", required = true, paramLabel = "FILE", description = "JSON object of claims.")
    Path claims;

    @Option(names = "--ttl", defaultValue = "60", paramLabel = "SECONDS", description = "Lifetime when exp is absent (default 60).")
    long ttl;

    @Option(names = "--now", paramLabel = "EPOCH_SECONDS", description = "Issue time (default: now).")
    Long now;

    @Override
    public Integer call() {
        if (ttl <= 0) {
            throw new UsageException("--ttl must be positive");
        }
        Map<String, Object> json = new LinkedHashMap<>(Inputs.jsonObject(claims));
        long issued = now != null ? now : Instant.now().getEpochSecond();
        json.putIfAbsent("iat", issued);
        json.putIfAbsent("nbf", json.get("iat"));
        if (!json.containsKey("exp") && json.get("iat") instanceof Number) {
            json.put("exp", ((Number) json.get("iat")).longValue() + ttl);
        }
        json.putIfAbsent("jti", UUID.randomUUID().toString());
        try {
            WritClaims writ = WritClaims.fromJson(json);
            spec.commandLine().getOut().println(WritCodec.encode(writ, LocalSigner.fromJwkFile(key)));
            return 0;
        } catch (MalformedWritException | SigningException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
