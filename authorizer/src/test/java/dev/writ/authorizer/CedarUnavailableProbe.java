package dev.writ.authorizer;

import dev.writ.core.config.Environment;
import dev.writ.authorizer.event.RecordedEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import java.util.Map;

/**
 * Run by {@link CedarUnavailableTest} in a fresh JVM: configures the authorizer from {@code WRIT_*}
 * settings as the Lambda function does, decides one recorded event and prints the decision.
 * Arguments: bundle file, trusted JWKS file, writ key file, event file.
 */
public final class CedarUnavailableProbe {

    private CedarUnavailableProbe() {
    }

    public static void main(String[] args) throws Exception {
        Authorizer authorizer = AuthorizerConfig.fromEnvironment(Environment.of(Map.of(
                "WRIT_AUTHORIZER_IDP_ISSUER", "https://idp.example", "WRIT_AUTHORIZER_ISSUER", TestWorld.ISSUER,
                "WRIT_AUTHORIZER_SIGNING_MODE", "local", "WRIT_AUTHORIZER_LOCAL_KEY", args[2],
                "WRIT_AUTHORIZER_BUNDLE_FILE", args[0], "WRIT_AUTHORIZER_BUNDLE_TRUSTED_JWKS", args[1])), Clock.systemUTC());
        Decision decision = TestWorld.decide(authorizer, RecordedEvent.parse(Files.readString(Path.of(args[3]))));
        System.out.println("outcome: " + decision.effect() + " " + decision.reason() + " " + decision.detail());
    }
}
