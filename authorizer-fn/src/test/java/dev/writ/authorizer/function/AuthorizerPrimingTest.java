package dev.writ.authorizer.function;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.authorizer.ReasonCode;
import dev.writ.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The authorizer's SnapStart priming: what it runs before the checkpoint, and that it mints nothing. */
class AuthorizerPrimingTest {

    @Test
    void decidesBothSampleRequestsThroughTheCallersTokenAndCedarToThePrimingBundlesForbid() {
        // POLICY_DENY comes only after the token verified (RS256), the route matched and Cedar
        // evaluated; any earlier refusal would name another code, an allow would reach the signer
        // (which refuses: SIGNING_FAILED), and a Cedar error would be named instead of the policy.
        assertThat(new AuthorizerPriming().prime()).hasSize(2).allSatisfy(d -> {
            assertThat(d.reason()).as(d.detail()).isEqualTo(ReasonCode.POLICY_DENY);
            assertThat(d.detail()).startsWith("determining").contains("never");
            assertThat(d.writ()).isEmpty();
        });
    }

    @Test
    void logsOneLineSayingItPrimedWithTheSampleDecisionsReasons() {
        // The line is how an operator, and the authorizer's cold-start bench, tell a primed function.
        // The SDK clients it warms need the region Lambda sets; without one the priming logs its WARN line.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String region = System.setProperty("aws.region", "us-east-1");
        try {
            new AuthorizerPriming(new PrintStream(out, true, StandardCharsets.UTF_8)).prime();
        } finally {
            if (region == null) {
                System.clearProperty("aws.region");
            } else {
                System.setProperty("aws.region", region);
            }
        }

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(1);
        Map<String, Object> line = Json.parseObject(lines.get(0));
        assertThat(line).containsEntry("writ", "authorizer").containsEntry("level", "INFO")
                .containsEntry("message", "primed")
                .containsEntry("decisions", List.of("POLICY_DENY", "POLICY_DENY"));
        assertThat(line.get("ms")).isInstanceOf(Number.class);
    }

    @Test
    void logsAFailureAsOneJsonLineWhateverItsMessageSays() {
        // The WARN line was built by concatenation: a message with a quote or a backslash would have
        // broken the JSON an operator's log query reads.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String cause = "priming.json: \"bundle\" is not an object \\ line 2";
        List<?> decisions = new AuthorizerPriming(new PrintStream(out, true, StandardCharsets.UTF_8), () -> {
            throw new IOException(cause);
        }).prime();

        assertThat(decisions).isEmpty();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(1);
        assertThat(Json.parseObject(lines.get(0))).containsEntry("writ", "authorizer").containsEntry("level", "WARN")
                .containsEntry("message", "SnapStart priming failed; the first request will warm the authorizer")
                .containsEntry("error", "java.io.IOException")
                .containsEntry("detail", cause);
    }
}
