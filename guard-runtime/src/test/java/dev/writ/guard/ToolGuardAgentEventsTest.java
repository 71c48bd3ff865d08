package dev.writ.guard;

import static dev.writ.guard.Fixtures.FUNCTION;
import static dev.writ.guard.ToolGuardMcpTest.toolWrit;
import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.core.json.Json;
import dev.writ.guard.tool.ToolCall;
import dev.writ.guard.tool.ToolCallError;
import dev.writ.guard.writ.Writ;
import dev.writ.testsupport.Events;
import dev.writ.testsupport.TestContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The recorded AgentCore Gateway and Bedrock Agents events (test resources {@code events/tools},
 * sources in their README): the tool runs only with a writ that binds this tool and these
 * arguments, and every refusal is the platform's own answer shape.
 */
class ToolGuardAgentEventsTest {

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final ToolGuard guard = ToolGuard.of(Guard.create(GuardConfig.builder().verifier(Fixtures.verifierConfig().build())
            .logTo(new PrintStream(logBytes, true, StandardCharsets.UTF_8)).build()));
    private final List<ToolCall> calls = new ArrayList<>();
    private final List<Writ> ran = new ArrayList<>();

    private static Map<String, String> agentCoreContext(Consumer<Map<String, String>> edit) {
        Map<String, String> custom = new HashMap<>();
        Json.parseObject(Events.text("tools/agentcore-gateway-client-context.json")).forEach((k, v) -> custom.put(k, (String) v));
        edit.accept(custom);
        return custom;
    }

    private Object agentCore(Map<String, Object> event, Map<String, String> clientContext) {
        return guard.handleAgentCore(event, new TestContext(FUNCTION, clientContext), (call, c, writ) -> {
            calls.add(call);
            ran.add(writ);
            return Map.of("order", "shipped");
        });
    }

    private static Map<String, Object> recordedArguments(Consumer<Map<String, Object>> edit) {
        Map<String, Object> event = Json.parseObject(GuardEvents.json("tools/agentcore-gateway-event", e -> { }));
        edit.accept(event);
        return event;
    }

    /** The recorded client context's tool: target {@code LambdaUsingSDK}, tool {@code get_order_tool}. */
    private static final String QUALIFIED = "LambdaUsingSDK___get_order_tool";

    @Test
    void agentCoreRunsTheToolAsTheGatewayNamesItTargetPrefixIncludedForTheBoundArguments() {
        Map<String, Object> args = Map.of("timezone", "Europe/Berlin");
        Map<String, Object> event = recordedArguments(e -> e.put("_writ", toolWrit(QUALIFIED, args)));
        assertThat(agentCore(event, agentCoreContext(c -> { }))).isEqualTo(Map.of("order", "shipped"));
        assertThat(calls).containsExactly(new ToolCall(QUALIFIED, args));
    }

    @Test
    void aWritForOneTargetsToolDoesNotRunThroughAnotherTarget() {
        // One function behind two targets tells them apart only by the prefix: a writ for the tool
        // under one target (or for the bare tool name, which names no target) runs under no other.
        Map<String, Object> args = Map.of("timezone", "Europe/Berlin");
        Map<String, Object> bare = recordedArguments(e -> e.put("_writ", toolWrit("get_order_tool", args)));
        assertRefused(agentCore(bare, agentCoreContext(c -> { })), "REQUEST_MISMATCH");
        Map<String, Object> otherTarget = recordedArguments(e -> e.put("_writ", toolWrit(QUALIFIED, args)));
        assertRefused(agentCore(otherTarget, agentCoreContext(c -> c.put("bedrockAgentCoreToolName", "LambdaProd___get_order_tool"))),
                "REQUEST_MISMATCH");
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("tool name does not match");
    }

    @Test
    void agentCoreArgumentsTheLambdaRuntimeReadAsNaNAreAToolErrorNotAnException() {
        // The Java runtime's event mapper allows NaN and Infinity; no canonical JSON holds them.
        Object answer = agentCore(recordedArguments(e -> e.put("timezone", Double.NaN)), agentCoreContext(c -> { }));
        assertRefused(answer, ToolCallError.INVALID_ARGUMENTS.name());
    }

    @Test
    void agentCoreTakesTheWritFromTheClientContextWhenTheArgumentsCarryNone() {
        Map<String, Object> args = Map.of("timezone", "Europe/Berlin");
        Object answer = agentCore(recordedArguments(e -> { }),
                agentCoreContext(c -> c.put("writ", toolWrit(QUALIFIED, args))));
        assertThat(answer).isEqualTo(Map.of("order", "shipped"));
    }

    @Test
    void agentCoreRefusesOtherArgumentsOrAnotherToolAsAToolError() {
        Map<String, Object> args = Map.of("timezone", "Europe/Berlin");
        Map<String, Object> changed = recordedArguments(e -> {
            e.put("timezone", "Asia/Tokyo");
            e.put("_writ", toolWrit(QUALIFIED, args));
        });
        assertRefused(agentCore(changed, agentCoreContext(c -> { })), "REQUEST_MISMATCH");
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("tool arguments does not match");
        Map<String, Object> otherTool = recordedArguments(e -> e.put("_writ", toolWrit(QUALIFIED, args)));
        assertRefused(agentCore(otherTool, agentCoreContext(c -> c.put("bedrockAgentCoreToolName", "LambdaUsingSDK___cancel_order"))),
                "REQUEST_MISMATCH");
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("tool name does not match");
    }

    @Test
    void agentCoreWithoutAToolNameOrWithANonStringWritIsMalformed() {
        assertRefused(agentCore(recordedArguments(e -> { }), agentCoreContext(c -> c.remove("bedrockAgentCoreToolName"))),
                ToolCallError.MISSING_TOOL_NAME.name());
        assertRefused(agentCore(recordedArguments(e -> e.put("_writ", 7)), agentCoreContext(c -> { })),
                ToolCallError.INVALID_ARGUMENTS.name());
        assertRefused(agentCore(recordedArguments(e -> e.put("memo", "x".repeat(70_000))), agentCoreContext(c -> { })),
                ToolCallError.TOO_LARGE.name());
    }

    private void assertRefused(Object answer, String code) {
        assertThat(ran).as("the tool must not run").isEmpty();
        assertThat(answer).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) answer;
        assertThat(result).containsEntry("isError", true).containsEntry("code", code);
    }

    private Map<String, Object> bedrock(String recorded, Consumer<Map<String, Object>> edit) {
        Map<String, Object> event = Json.parseObject(GuardEvents.json(recorded, edit));
        return guard.handleBedrockAgent(event, new TestContext(FUNCTION), (e, c, writ) -> {
            ran.add(writ);
            return Map.of("messageVersion", "1.0", "response", Map.of("ok", true));
        });
    }

    private static final Map<String, Object> VACATION = Map.of("startDate", "2024-03-15", "endDate", "2024-03-20");

    @Test
    void bedrockFunctionRunsForTheBoundFunctionAndParameters() {
        Map<String, Object> answer = bedrock("tools/bedrock-agent-function", e -> Events.child(e, "promptSessionAttributes")
                .put("writ", toolWrit("submitVacationRequest", VACATION)));
        assertThat(answer).containsKey("response");
        assertThat(ran).hasSize(1);
    }

    @Test
    void bedrockFunctionWithChangedParametersIsAFailureResponse() {
        Map<String, Object> answer = bedrock("tools/bedrock-agent-function", e -> {
            Events.child(e, "sessionAttributes").put("writ", toolWrit("submitVacationRequest", VACATION));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> parameters = (List<Map<String, Object>>) e.get("parameters");
            parameters.get(1).put("value", "2024-12-31");
        });
        assertThat(ran).isEmpty();
        Map<String, Object> response = Events.child(answer, "response");
        assertThat(answer).containsEntry("messageVersion", "1.0");
        assertThat(response).containsEntry("actionGroup", "VacationsActionGroup").containsEntry("function", "submitVacationRequest");
        Map<String, Object> functionResponse = Events.child(response, "functionResponse");
        assertThat(functionResponse).containsEntry("responseState", "FAILURE");
        assertThat(Json.write(functionResponse)).contains("REQUEST_MISMATCH");
    }

    @Test
    void bedrockParametersGivenTwiceAreMalformed() {
        Map<String, Object> answer = bedrock("tools/bedrock-agent-function", e -> {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> parameters = (List<Map<String, Object>>) e.get("parameters");
            Map<String, Object> twice = new LinkedHashMap<>(parameters.get(0));
            twice.put("value", "2024-01-01");
            parameters.add(twice);
        });
        assertThat(ran).isEmpty();
        assertThat(Json.write(answer)).contains("INVALID_ARGUMENTS").contains("\"responseState\":\"FAILURE\"");
    }

    @Test
    void aBedrockFunctionEventThatAlsoNamesAnApiOperationDoesNotRunWithTheFunctionsWrit() {
        // The action group reads the whole event: one that dispatches on apiPath would run POST /purge.
        Map<String, Object> answer = bedrock("tools/bedrock-agent-function", e -> {
            Events.child(e, "promptSessionAttributes").put("writ", toolWrit("submitVacationRequest", VACATION));
            e.put("apiPath", "/purge");
            e.put("httpMethod", "POST");
        });
        assertThat(ran).isEmpty();
        assertThat(Json.write(answer)).contains("INVALID_REQUEST").contains("\"responseState\":\"FAILURE\"");
    }

    @Test
    void aBedrockRequestBodyInAnotherMediaTypeDoesNotRunUnbound() {
        Map<String, Object> claim = Map.of("claimId", "20", "pendingDocuments", "social number and vat");
        Map<String, Object> answer = bedrock("tools/bedrock-agent-openapi", e -> {
            Events.child(e, "promptSessionAttributes").put("writ", toolWrit("POST /send-reminders", claim));
            Events.child(Events.child(e, "requestBody"), "content").put("text/plain",
                    Map.of("properties", List.of(Map.of("name", "claimId", "type", "string", "value", "99"))));
        });
        assertThat(ran).isEmpty();
        assertThat(Json.write(answer)).contains("INVALID_ARGUMENTS").contains("\"httpStatusCode\":400");
    }

    @Test
    void aBedrockRequestBodyThatIsNotAnObjectDoesNotRunWithNoPropertyBound() {
        // Read as absent, each bound no argument: a writ for the call without its body ran, and the
        // action group, which reads the whole event, got a body it might parse.
        Map<String, Object> noBody = Map.of();
        List<Consumer<Map<String, Object>>> shapes = List.of(
                e -> e.put("requestBody", "{\"claimId\":\"99\"}"),
                e -> Events.child(e, "requestBody").put("content", List.of()),
                e -> Events.child(Events.child(e, "requestBody"), "content").put("application/json", "claimId=99"));
        for (Consumer<Map<String, Object>> shape : shapes) {
            Map<String, Object> answer = bedrock("tools/bedrock-agent-openapi", e -> {
                Events.child(e, "promptSessionAttributes").put("writ", toolWrit("POST /send-reminders", noBody));
                shape.accept(e);
            });
            assertThat(ran).isEmpty();
            assertThat(Json.write(answer)).contains("INVALID_ARGUMENTS").contains("\"httpStatusCode\":400");
        }
    }

    @Test
    void aBedrockEventThatIsJsonNullNamesNoFunction() {
        Map<String, Object> answer = guard.handleBedrockAgent(null, new TestContext(FUNCTION), (e, c, writ) -> {
            ran.add(writ);
            return Map.of();
        });
        assertThat(ran).isEmpty();
        assertThat(Json.write(answer)).contains("MISSING_TOOL_NAME").contains("\"httpStatusCode\":400");
    }

    @Test
    void bedrockOpenApiBindsMethodPathAndBodyPropertiesAndAnswersWithAStatus() {
        Map<String, Object> claim = Map.of("claimId", "20", "pendingDocuments", "social number and vat");
        Map<String, Object> allowed = bedrock("tools/bedrock-agent-openapi", e -> Events.child(e, "promptSessionAttributes")
                .put("writ", toolWrit("POST /send-reminders", claim)));
        assertThat(allowed).containsKey("response");
        assertThat(ran).hasSize(1);
        ran.clear();
        Map<String, Object> denied = bedrock("tools/bedrock-agent-openapi", e -> Events.child(e, "promptSessionAttributes")
                .put("writ", toolWrit("POST /send-reminders", Map.of("claimId", "21", "pendingDocuments", "social number and vat"))));
        assertThat(ran).isEmpty();
        Map<String, Object> response = Events.child(denied, "response");
        assertThat(response).containsEntry("httpStatusCode", 403).containsEntry("apiPath", "/send-reminders")
                .containsEntry("httpMethod", "POST");
        assertThat(Json.write(response)).contains("REQUEST_MISMATCH");
    }
}
