package dev.writ.guard;

import static dev.writ.guard.Fixtures.FUNCTION;
import static dev.writ.guard.Fixtures.REQUEST;
import static dev.writ.guard.Fixtures.validWrit;
import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.core.json.Json;
import dev.writ.guard.internal.EventKind;
import dev.writ.guard.internal.Invocation;
import dev.writ.guard.internal.VerificationLog;
import dev.writ.guard.writ.ReasonCode;
import dev.writ.guard.writ.Verification;
import dev.writ.guard.writ.WritClaims;
import dev.writ.guard.writ.WritVerifier;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The decision line, written member by member, against the line a map of the same members gives
 * through {@link Json#write} (how it was written before): the same text, character for character,
 * for allowed and denied decisions, with and without a transaction and an invocation, null members,
 * and strings that need escaping.
 */
class VerificationLogTest {

    private static final List<String> AWKWARD = List.of("plain", "", "quote \" and backslash \\", "new\nline\r\ttab",
            "control \u0000\u0001\u001f\u007f", "slash / and <script>", "unicode é ü 中文 \ud83d\ude00", "lone \ud800 surrogate",
            "separators \u2028\u2029", "{\"json\":[1,2]}");

    @Test
    void writesTheLineTheMapWriterWrote() {
        List<Verification> verifications = new ArrayList<>();
        for (String text : AWKWARD) {
            verifications.add(Verification.denied(ReasonCode.MALFORMED, text));
            // sub refuses a lone surrogate (WritClaims); jti and txn carry it
            verifications.add(allowed(validWrit().subject("user " + text.replace("\ud800", "")).id("jti " + text).transaction("txn " + text).build()));
        }
        verifications.add(Verification.denied(ReasonCode.MISSING_WRIT, null));
        verifications.add(allowed(validWrit().transaction(null).build()));
        verifications.add(Verification.denied(ReasonCode.EXPIRED, "expired", validWrit().build()));

        List<Invocation> invocations = new ArrayList<>();
        invocations.add(null);
        invocations.add(new Invocation(EventKind.API_GATEWAY_REST, List.of(), REQUEST, "req-1"));
        invocations.add(new Invocation(EventKind.SQS, List.of(), null, null));
        invocations.add(new Invocation(EventKind.MCP_TOOL_CALL, List.of(), null, "id \"quoted\"\n"));

        int lines = 0;
        for (Verification verification : verifications) {
            for (Invocation invocation : invocations) {
                for (String function : new String[] {FUNCTION, null, "arn:aws:lambda:eu-west-1:123456789012:function:f\u0007"}) {
                    for (long latency : new long[] {0, 1234, Long.MAX_VALUE}) {
                        assertThat(logged(verification, invocation, function, latency))
                                .isEqualTo(mapLine(verification, invocation, function, latency));
                        lines++;
                    }
                }
            }
        }
        assertThat(lines).isEqualTo(verifications.size() * invocations.size() * 9);
    }

    @Test
    void eachLineIsOneJsonObjectWithTheDecisionsMembers() {
        Verification allowed = allowed(validWrit().id("jti-7").subject("user \"42\"").transaction("txn-9").build());
        String line = logged(allowed, new Invocation(EventKind.API_GATEWAY_HTTP, List.of(), REQUEST, "req-3"), FUNCTION, 17);

        assertThat(line).doesNotContain("\n");
        assertThat(Json.parseObject(line)).containsExactly(Map.entry("writ", "guard"), Map.entry("decision", "allow"),
                Map.entry("reason", "ALLOWED"), Map.entry("detail", "verified"), Map.entry("jti", "jti-7"),
                Map.entry("sub", "user \"42\""), Map.entry("txn", "txn-9"), Map.entry("function", FUNCTION),
                Map.entry("event", "API_GATEWAY_HTTP"), Map.entry("requestId", "req-3"), Map.entry("latencyUs", 17));
    }

    private static Verification allowed(WritClaims claims) {
        Verification verification = new WritVerifier(Fixtures.verifierConfig().build())
                .verify(Fixtures.token(claims), FUNCTION, REQUEST);
        assertThat(verification.isAllowed()).as(verification.toString()).isTrue();
        return verification;
    }

    private static String logged(Verification verification, Invocation invocation, String function, long latency) {
        return printed(out -> new VerificationLog(out).log(verification, invocation, function, latency));
    }

    /** What reaches the log through a UTF-8 stream (which turns a lone surrogate into '?'), without the line's end. */
    private static String printed(Consumer<PrintStream> writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        writer.accept(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).endsWith(System.lineSeparator());
        return text.substring(0, text.length() - System.lineSeparator().length());
    }

    /** The line as {@code VerificationLog} printed it before: its members in a map, written by {@link Json#write}. */
    private static String mapLine(Verification verification, Invocation invocation, String function, long latency) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("writ", "guard");
        line.put("decision", verification.isAllowed() ? "allow" : "deny");
        line.put("reason", verification.code());
        line.put("detail", verification.detail());
        verification.writ().ifPresent(w -> {
            line.put("jti", w.id());
            line.put("sub", w.subject());
            w.transaction().ifPresent(t -> line.put("txn", t));
        });
        line.put("function", function);
        if (invocation != null) {
            line.put("event", invocation.kind().name());
            line.put("requestId", invocation.requestId());
        }
        line.put("latencyUs", latency);
        return printed(out -> out.println(Json.write(line)));
    }
}
