package dev.writ.guard;

import static dev.writ.guard.Fixtures.FUNCTION;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.writ.core.json.Json;
import dev.writ.guard.writ.BoundInputs;
import dev.writ.testsupport.Events;
import dev.writ.testsupport.TestContext;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A writ binds a tool call's arguments by the digest of their canonical JSON, so that digest must
 * tell apart any two arguments a tool can tell apart. Where the canonical form would not (a lone
 * surrogate's UTF-8 is a {@code ?}; RFC 8785 prints every number as the IEEE-754 double it parses
 * to, so an integer or a fraction no double holds becomes another), the call is refused {@code INVALID_ARGUMENTS}
 * before any writ is read, instead of running arguments the writ was not issued for.
 */
class ToolArgumentsBindingTest {

    private final ToolGuard guard = ToolGuard.of(Guard.create(GuardConfig.builder().verifier(Fixtures.verifierConfig().build())
            .logTo(new PrintStream(OutputStream.nullOutputStream())).build()));
    private boolean ran;

    /**
     * A {@code tools/call} of {@code memo} whose argument {@code value} is written as {@code literal}
     * (JSON text), with a writ issued for the argument {@code issuedFor}.
     */
    private APIGatewayProxyResponseEvent call(String literal, Object issuedFor) {
        String writ = ToolGuardMcpTest.toolWrit("memo", Map.of("value", issuedFor));
        String body = ToolGuardMcpTest.call("memo", Map.of("value", "LITERAL"), writ).replace("\"LITERAL\"", literal);
        APIGatewayProxyRequestEvent event = Events.typed(APIGatewayProxyRequestEvent.class, GuardEvents.json("rest-proxy", e -> {
            e.put("path", "/mcp");
            e.put("body", body);
            GuardEvents.mcpHeaders(e, body);
        }));
        return guard.handleMcp(event, new TestContext(FUNCTION), (in, c, w) -> {
            ran = true;
            return new APIGatewayProxyResponseEvent().withStatusCode(200).withBody("{}");
        });
    }

    private void assertRefusedAsInexact(APIGatewayProxyResponseEvent response) {
        assertThat(ran).as("the tool must not run").isFalse();
        assertThat(response.getStatusCode()).isEqualTo(400);
        Map<String, Object> error = Events.child(Json.parseObject(response.getBody()), "error");
        assertThat(error).containsEntry("code", -32602);
        assertThat(Events.child(error, "data")).containsEntry("code", "INVALID_ARGUMENTS");
    }

    @Test
    void aLoneSurrogateDoesNotPassForTheQuestionMarkItsUtf8Becomes() {
        assertRefusedAsInexact(call("\"p-\\ud800\"", "p-?"));
    }

    @ParameterizedTest
    @CsvSource({
            "9007199254740993, 9007199254740992",                       // a long, printed as the double 2^53
            "9223372036854775807, 9223372036854775808",                 // Long.MAX_VALUE, printed 9223372036854776000
            "123456789012345678901234567890, 123456789012345677877719597056", // a BigInteger, printed 1.2345678901234568e+29
            "1152921504606846976, 1152921504606846976",                 // 2^60, a double, but printed 1152921504606847000
    })
    void anIntegerNoDoubleHoldsDoesNotPassForTheDoubleItRoundsTo(String sent, double issuedFor) {
        assertRefusedAsInexact(call(sent, issuedFor));
    }

    @ParameterizedTest
    @CsvSource({
            "120.000000000000001, 120",    // a tool reading BigDecimal would refund 120.000000000000001 on a writ for 120
            "0.30000000000000001, 0.3",
            "1e-400, 0",                   // below the double range: the double 0
    })
    void aFractionNoDoubleHoldsDoesNotPassForTheDoubleItRoundsTo(String sent, double issuedFor) {
        assertRefusedAsInexact(call(sent, issuedFor));
    }

    @Test
    void aNumberBeyondTheDoubleRangeIsRefusedInJsonRpcNotThrown() {
        assertRefusedAsInexact(call("1e400", 1));
    }

    @Test
    void numbersAndTextTheCanonicalFormKeepsExactlyStillRun() {
        assertThat(call("0.25", 0.25).getStatusCode()).isEqualTo(200);
        // Printed with every digit a double needs (the JCS library before java-json-canonicalization gave 0.0000002, 2e+21, 120).
        assertThat(call("1.5e-7", 1.5e-7).getStatusCode()).isEqualTo(200);
        assertThat(call("1.5e21", 1.5e21).getStatusCode()).isEqualTo(200);
        assertThat(call("120.00000000000001", 120.00000000000001).getStatusCode()).isEqualTo(200);
        // Integers beyond 2^53 that a double holds exactly.
        assertThat(call("9007199254740994", 9007199254740994L).getStatusCode()).isEqualTo(200);
        assertThat(call("1152921504606847000", 1152921504606847000L).getStatusCode()).isEqualTo(200);
        // Spellings of the number the writ was issued for: the same value exactly, printed one way.
        assertThat(call("120.5", 120.5).getStatusCode()).isEqualTo(200);
        assertThat(call("120.50", 120.5).getStatusCode()).isEqualTo(200);
        assertThat(call("1.2e2", 120).getStatusCode()).isEqualTo(200);
        assertThat(call("-0.0", 0).getStatusCode()).isEqualTo(200);
        assertThat(call("\"\\ud83d\\ude00\"", "\ud83d\ude00").getStatusCode()).isEqualTo(200);
        assertThat(ran).isTrue();
    }

    @Test
    void aLoneSurrogateInAMemberNameOrDeepInsideIsFoundToo() {
        assertThat(BoundInputs.inexact(Map.of("\udc00", 1))).isPresent();
        assertThat(BoundInputs.inexact(Map.of("a", List.of(Map.of("b", "x\ud800"))))).isPresent();
        assertThat(BoundInputs.inexact(Map.of("a", List.of(Map.of("b", 0.5, "c", 1L << 53, "d", "\ud83d\ude00"))))).isEmpty();
        assertThat(BoundInputs.inexact(Map.of("a", List.of(Map.of("c", Long.MAX_VALUE))))).isPresent();
        assertThat(BoundInputs.inexact(Json.parseObject("{\"a\":[{\"b\":120.000000000000001}]}"))).isPresent();
        assertThat(BoundInputs.inexact(Json.parseObject("{\"a\":[{\"b\":120.50,\"c\":-0,\"d\":0.1}]}"))).isEmpty();
    }
}
