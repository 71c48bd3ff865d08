package dev.writ.guard.entry;

import static dev.writ.guard.Fixtures.FUNCTION;
import static dev.writ.guard.Fixtures.validWrit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.core.config.Environment;
import dev.writ.core.json.Json;
import dev.writ.guard.Fixtures;
import dev.writ.guard.Guard;
import dev.writ.guard.GuardConfig;
import dev.writ.guard.WritDeniedException;
import dev.writ.guard.entry.handlers.Handlers;
import dev.writ.guard.entry.handlers.Received;
import dev.writ.guard.writ.BoundInputs;
import dev.writ.guard.writ.ReasonCode;
import dev.writ.testsupport.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An event whose bytes are not one JSON object, with its writ in the client context: the guard
 * cannot read a payload from it, so a writ that binds the payload (here to an empty object, the
 * payload of a call without arguments) must not let such bytes through to the handler. Before, the
 * guard compared the bound payload with an empty object in their place, and a writ for {@code {}}
 * admitted any bytes: a JSON array, a string, duplicate keys the runtime's Jackson reads last-wins.
 */
class GuardedHandlerUnparsedEventTest {
    private final Guard guard = Guard.create(GuardConfig.builder()
            .verifier(Fixtures.verifierConfig().replayStore(Fixtures.memoryReplayStore()).build())
            .functionName(FUNCTION)
            .logTo(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).build());
    private final GuardedHandler entry = new GuardedHandler(guard,
            Environment.of(Map.of("WRIT_GUARD_HANDLER", Handlers.Stream.class.getName())));

    @BeforeEach
    void clear() {
        Received.clear();
    }

    /** A client-context writ for a direct invoke whose payload is the empty object. */
    private static TestContext boundToTheEmptyObject() {
        String token = Fixtures.token(validWrit().request(null)
                .inputs(BoundInputs.ofValues(Map.of(BoundInputs.PAYLOAD, BoundInputs.canonicalJson(Map.of())))).build());
        return new TestContext(FUNCTION, Map.of("writ", token));
    }

    private byte[] invoke(String event, TestContext context) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        entry.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, context);
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[{\"amount\":99999999}]", "\"transfer everything\"", "{\"amount\":0,\"amount\":99999999}",
            "{} {\"amount\":99999999}", "not json at all", ""})
    void bytesThatAreNotOneJsonObjectDoNotMatchABoundPayload(String event) {
        TestContext context = boundToTheEmptyObject();
        assertThatThrownBy(() -> invoke(event, context))
                .isInstanceOfSatisfying(WritDeniedException.class, e -> assertThat(e.reason()).isEqualTo(ReasonCode.REQUEST_MISMATCH));
        assertThat(Received.events()).as("the handler's code did not run").isEmpty();
    }

    @Test
    void theEmptyObjectItWasBoundToStillRuns() throws Exception {
        assertThat(Json.parseObject(invoke(" { } ", boundToTheEmptyObject()))).containsEntry("length", 5);
        assertThat(Received.events()).containsExactly(" { } ");
    }

    @Test
    void aWritThatBindsNoPayloadStillAdmitsBytesThatAreNotJson() throws Exception {
        TestContext context = new TestContext(FUNCTION, Map.of("writ", Fixtures.token(validWrit().request(null).build())));
        invoke("plain text", context);
        assertThat(Received.events()).containsExactly("plain text");
    }
}
