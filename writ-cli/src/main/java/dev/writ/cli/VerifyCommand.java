package dev.writ.cli;

import dev.writ.guard.internal.HttpInputs;
import dev.writ.core.json.Json;
import dev.writ.core.keys.JwksKeyResolver;
import dev.writ.guard.writ.ReasonCode;
import dev.writ.guard.writ.Verification;
import dev.writ.guard.writ.VerifierConfig;
import dev.writ.guard.writ.WritVerifier;
import dev.writ.guard.writ.MalformedWritException;
import dev.writ.guard.writ.QueryHash;
import dev.writ.guard.writ.BoundInputs;
import dev.writ.guard.writ.RequestBinding;
import dev.writ.guard.writ.RequestInputs;
import dev.writ.guard.writ.WritCodec;
import dev.writ.guard.writ.FunctionIdentity;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code writ verify}: runs the guard's verifier on one writ. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verifies a writ exactly as the guard does and prints {\"valid\":..,\"code\":..,\"detail\":..,\"claims\":{..}}."
                + " Exit 0 when valid, 3 when denied, 2 on a usage error."
                + " Without --method/--path the writ is checked as for a non-HTTP invocation.")
final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--jwks", required = true, paramLabel = "FILE", description = "Trusted public keys (JWKS).")
    Path jwks;

    @Option(names = "--token", required = true, paramLabel = "TOKEN|@FILE", description = "The writ, or @FILE holding exactly one (surrounding whitespace trimmed).")
    String token;

    @Option(names = "--aud", required = true, paramLabel = "FUNCTION",
            description = "The function that must be in aud: its name, or the ARN it is invoked as (a Lambda hop's child names its callee by ARN).")
    String audience;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Issuers issuers;

    /** Which issuers to trust: named ones, or, said explicitly, whichever the writ names. */
    static final class Issuers {
        @Option(names = "--iss", required = true, paramLabel = "ISSUER",
                description = "A trusted issuer (repeatable); the writ's iss must be one of them.")
        List<String> trusted;

        @Option(names = "--any-issuer", required = true,
                description = "Do not check iss: trust whichever issuer the writ names (the output says so).")
        boolean any;
    }

    @Option(names = "--now", paramLabel = "EPOCH_SECONDS", description = "Verification time (default: now).")
    Long now;

    @Option(names = "--max-lifetime", defaultValue = "300", paramLabel = "SECONDS", description = "Lifetime cap (default 300).")
    long maxLifetime;

    @Option(names = "--method", paramLabel = "M", description = "HTTP method of the request.")
    String method;

    @Option(names = "--path", paramLabel = "P", description = "Path of the request.")
    String path;

    @Option(names = "--api", paramLabel = "ID", description = "API Gateway API id of the request.")
    String apiId;

    @Option(names = "--stage", paramLabel = "STAGE", description = "API Gateway stage of the request.")
    String stage;

    @Option(names = "--query", paramLabel = "QUERY", description = "Raw query string of the request (a=1&b=2).")
    String query;

    @Option(names = "--header", paramLabel = "NAME=VALUE",
            description = "A header of the request (repeatable): the writ's bound header inputs are checked against these.")
    List<String> headers = List.of();

    @Option(names = "--source-ip", paramLabel = "ADDRESS", description = "The caller's address, for a writ that binds it.")
    String sourceIp;

    @Option(names = "--payload", paramLabel = "JSON|@FILE",
            description = "The direct-invoke payload (the envelope's \"payload\"), for a writ that binds it.")
    String payload;

    @Override
    public Integer call() {
        if ((method == null) != (path == null)) {
            throw new UsageException("--method and --path go together");
        }
        Inputs.Value writ = Inputs.literalOrFile(token);
        JwksKeyResolver keys;
        try {
            keys = JwksKeyResolver.fromFile(jwks);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        VerifierConfig config = VerifierConfig.builder()
                .keys(keys)
                .trustedIssuers(issuers.any ? Set.of(claimedIssuer(writ.text())) : Set.copyOf(issuers.trusted))
                .maxLifetime(Duration.ofSeconds(maxLifetime))
                .clock(now == null ? Clock.systemUTC() : Clock.fixed(Instant.ofEpochSecond(now), ZoneOffset.UTC))
                .build();
        RequestBinding request = method == null ? null
                : new RequestBinding(method, path, apiId, stage, QueryHash.ofRawQuery(query));
        HttpInputs http = new HttpInputs(null, headerValues(), null, QueryHash.parameters(query), sourceIp);
        Object payloadValue = payload == null ? null : payloadJson();
        // Canonicalised as the guard does, inside the check: a payload no digest binds exactly is REQUEST_MISMATCH.
        RequestInputs inputs = key -> key.equals(BoundInputs.PAYLOAD)
                ? (payload == null ? List.of() : List.of(BoundInputs.canonicalJson(payloadValue))) : http.values(key);
        // A token file with nothing in it (or far too much) holds no compact JWS: malformed, not missing.
        Verification v = writ.problem() != null ? Verification.denied(ReasonCode.MALFORMED, writ.problem())
                : new WritVerifier(config).verify(writ.text(), function(), request, inputs);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("valid", v.isAllowed());
        out.put("code", v.code());
        out.put("detail", v.detail());
        if (issuers.any) {
            out.put("issuerChecked", false);
        }
        v.claims().ifPresent(w -> out.put("claims", w.toJson()));
        spec.commandLine().getOut().println(TerminalText.escaped(Json.write(out))); // the token's claims
        return v.isAllowed() ? 0 : WritCli.DENIED;
    }

    /** {@code --aud} as the guard knows its function: an ARN as Lambda's invoked ARN (qualifier dropped), else a name. */
    private FunctionIdentity function() {
        return audience.startsWith("arn:") ? FunctionIdentity.of(null, audience) : FunctionIdentity.named(audience);
    }

    private Object payloadJson() {
        Inputs.Value text = Inputs.literalOrFile(payload);
        if (text.problem() != null) {
            throw new UsageException("--payload: " + text.problem());
        }
        try {
            return Json.parse(text.text());
        } catch (RuntimeException e) {
            throw new UsageException("--payload is not JSON: " + e.getMessage());
        }
    }

    /** The {@code --header} options by name; a name given twice has two values, as a repeated header would. */
    private Map<String, List<String>> headerValues() {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (String header : headers) {
            int eq = header.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--header takes NAME=VALUE, not \"" + header + "\"");
            }
            values.computeIfAbsent(header.substring(0, eq), n -> new ArrayList<>()).add(header.substring(eq + 1));
        }
        return values;
    }

    /** The writ's own iss, for {@code --any-issuer}; anything unreadable is left to the verifier to deny. */
    private static String claimedIssuer(String writ) {
        try {
            return WritCodec.decodeUnverified(writ).issuer();
        } catch (MalformedWritException | IllegalArgumentException e) {
            return "(none)";
        }
    }
}
