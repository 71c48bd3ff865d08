package dev.writ.cli.authorize;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponse;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.amazonaws.services.lambda.runtime.events.SimpleIAMPolicyResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.nimbusds.jose.jwk.JWKSet;
import dev.writ.authorizer.Authorizer;
import dev.writ.authorizer.Decision;
import dev.writ.authorizer.auth.CallerAuthenticator;
import dev.writ.authorizer.event.RecordedEvent;
import dev.writ.cli.TerminalText;
import dev.writ.core.json.Json;
import dev.writ.core.json.JsonException;
import dev.writ.core.keys.LocalKeys;
import dev.writ.core.sign.LocalSigner;
import dev.writ.core.jose.SigningException;
import dev.writ.core.jose.Signer;
import dev.writ.policy.file.BundleLoader;
import dev.writ.policy.file.BundleTrust;
import dev.writ.policy.file.InvalidBundleException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code writ authorize}: the policy author's dry run. Runs the authorizer engine (module authorizer)
 * on one recorded API Gateway authorizer event and prints the decision, the exact response the
 * function would return, and the writ's claims on allow. Exit 0 allow, 3 deny or unauthorized,
 * 2 usage error.
 */
@Command(name = "authorize", mixinStandardHelpOptions = true,
        description = "Decides one recorded API Gateway authorizer event (REST TOKEN, REST REQUEST or HTTP API "
                + "REQUEST, told by the event) with a bundle file, as the authorizer function would.")
public final class AuthorizeCommand implements Callable<Integer> {

    /** Exit code of a denial (same as {@code writ verify}). */
    static final int DENIED = 3;

    @Spec
    CommandSpec spec;

    @Option(names = "--bundle", required = true, paramLabel = "FILE", description = "Signed bundle file (writ bundle build).")
    Path bundle;

    @Option(names = "--event", required = true, paramLabel = "EVENT.json", description = "Recorded authorizer event.")
    Path event;

    @Option(names = "--idp-jwks", required = true, paramLabel = "FILE", description = "The IdP's JWKS (the callers' token keys).")
    Path idpJwks;

    @Option(names = "--idp-issuer", required = true, paramLabel = "ISS", description = "Required iss of the caller's token.")
    String idpIssuer;

    @Option(names = "--idp-audience", paramLabel = "AUD", description = "Required aud or client_id of the caller's token.")
    String idpAudience;

    @Option(names = "--idp-token-use", paramLabel = "USE", description = "Required Cognito token_use (access or id).")
    String idpTokenUse;

    @Option(names = "--key", required = true, paramLabel = "DIR",
            description = "Local key folder (writ keys new): private.jwk signs the writ, jwks.json must have signed the bundle.")
    Path keyDir;

    @Option(names = "--issuer", defaultValue = "writ-dev", paramLabel = "ISS", description = "iss of the writ (default writ-dev).")
    String issuer;

    @Option(names = "--http-response", defaultValue = "simple", paramLabel = "simple|iam",
            description = "HTTP API response format (default simple).")
    String httpResponse;

    @Option(names = "--now", paramLabel = "EPOCH_SECONDS", description = "Decision time (default: now).")
    Long now;

    @Override
    public Integer call() throws IOException {
        if (!httpResponse.equals("simple") && !httpResponse.equals("iam")) {
            throw usage("--http-response must be simple or iam");
        }
        RecordedEvent recorded;
        try {
            recorded = RecordedEvent.parse(read(event));
        } catch (JsonException | IllegalArgumentException e) {
            throw usage(event + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw usage(event + ": not a readable authorizer event (" + e.getClass().getSimpleName() + ")");
        }
        JWKSet idpKeys;
        try {
            idpKeys = JWKSet.parse(read(idpJwks));
        } catch (ParseException e) {
            throw usage(idpJwks + " is not a JWKS: " + e.getMessage());
        }
        Signer signer;
        try {
            signer = LocalSigner.fromJwkFile(keyDir.resolve(LocalKeys.PRIVATE_JWK));
        } catch (SigningException e) {
            throw usage(e.getMessage());
        }
        Clock clock = now == null ? Clock.systemUTC() : Clock.fixed(Instant.ofEpochSecond(now), ZoneOffset.UTC);
        // Decision lines go to stderr; stdout holds only the result.
        ByteArrayOutputStream decisionLines = new ByteArrayOutputStream();
        Authorizer.Builder b = Authorizer.builder()
                .authenticator(CallerAuthenticator.fixed(idpKeys,
                        new CallerAuthenticator.Settings(idpIssuer, idpAudience, idpTokenUse, null, clock)))
                .signer(() -> signer)
                .issuer(issuer)
                .clock(clock)
                .log(new PrintStream(decisionLines, true, StandardCharsets.UTF_8));
        try {
            b.bundle(BundleLoader.load(bundle, BundleTrust.jwksFile(keyDir.resolve(LocalKeys.PUBLIC_JWKS))));
        } catch (InvalidBundleException e) {
            // As in the function: a bundle that does not load denies everything.
            b.bundleProblem(e.getMessage());
        } catch (RuntimeException e) {
            b.bundleProblem("cannot load " + bundle + ": " + e.getMessage());
        }
        Authorizer authorizer = b.build();

        Decision decision;
        Object response;
        if (recorded instanceof RecordedEvent.Rest rest) {
            decision = authorizer.decide(rest.event());
            response = decision.effect() == Decision.Effect.UNAUTHORIZED
                    ? Map.of("errorMessage", "Unauthorized")
                    : serialize(IamPolicyResponseV1.class, authorizer.restResponse(rest.event(), decision));
        } else {
            RecordedEvent.Http http = (RecordedEvent.Http) recorded;
            decision = authorizer.decide(http.event());
            response = httpResponse.equals("iam")
                    ? serialize(IamPolicyResponse.class, authorizer.httpIamResponse(http.event(), decision))
                    : serialize(SimpleIAMPolicyResponse.class, authorizer.httpSimpleResponse(decision));
        }
        // One JSON line each (a newline in a value is written \n), holding the request's and the bundle's text.
        decisionLines.toString(StandardCharsets.UTF_8).lines()
                .forEach(line -> spec.commandLine().getErr().println(TerminalText.escaped(line)));
        spec.commandLine().getErr().flush();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("decision", decision.effectName());
        result.put("reason", decision.reason().name() + (decision.detail().isEmpty() ? "" : ": " + decision.detail()));
        result.put("response", response);
        decision.writ().ifPresent(w -> result.put("writ", w.toJson()));
        spec.commandLine().getOut().println(TerminalText.escaped(Json.write(result)));
        spec.commandLine().getOut().flush();
        return decision.isAllowed() ? 0 : DENIED;
    }

    private static <T> Map<String, Object> serialize(Class<T> declared, T response) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LambdaEventSerializers.serializerFor(declared, AuthorizeCommand.class.getClassLoader()).toJson(response, out);
        return Json.parseObject(out.toByteArray());
    }

    private String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw usage("cannot read " + file + ": " + e.getClass().getSimpleName());
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
