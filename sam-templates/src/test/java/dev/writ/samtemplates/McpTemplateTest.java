package dev.writ.samtemplates;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The guarded MCP server on both APIs: {@code POST /mcp} on the REST API goes to the handler that
 * reads proxy events, on the HTTP API (payload format 2.0) to the one that reads 2.0 events (Lambda
 * hands a handler one event type; the other would see an empty request), both under the guard
 * name {@code payments-mcp}, so both write the same chains and consume writs from the same table.
 */
class McpTemplateTest {

    @Test
    void postMcpOnEachApiGoesToTheHandlerForItsPayloadFormat() throws IOException {
        CfnTemplate template = CfnTemplate.load(CfnTemplate.directory().resolve("template.yaml"));
        Map<String, String> handlerByApi = new LinkedHashMap<>();
        template.resourcesOfType("AWS::Serverless::Function").forEach((id, fn) -> {
            Object events = fn.get("Events");
            if (events == null) {
                return;
            }
            CfnTemplate.map(events).values().forEach(e -> {
                Map<String, Object> event = CfnTemplate.map(e);
                Map<String, Object> properties = CfnTemplate.map(event.getOrDefault("Properties", Map.of()));
                if (!"/mcp".equals(properties.get("Path"))) {
                    return;
                }
                assertThat(String.valueOf(properties.get("Method"))).as(id).isEqualToIgnoringCase("POST");
                String guardName = String.valueOf(CfnTemplate.map(CfnTemplate.map(fn.get("Environment")).get("Variables"))
                        .get("WRIT_GUARD_FUNCTION_NAME"));
                assertThat(guardName).as(id).isEqualTo("payments-mcp");
                if ("HttpApi".equals(event.get("Type"))) {
                    assertThat(properties.get("ApiId")).as(id).isEqualTo(Map.of("Ref", "PaymentsHttpApi"));
                    assertThat(properties.get("PayloadFormatVersion")).as(id).isEqualTo("2.0");
                } else {
                    assertThat(properties.get("RestApiId")).as(id).isEqualTo(Map.of("Ref", "PaymentsRestApi"));
                }
                handlerByApi.put(String.valueOf(event.get("Type")), String.valueOf(fn.get("Handler")));
            });
        });
        assertThat(handlerByApi).containsExactlyInAnyOrderEntriesOf(Map.of(
                "Api", "dev.writ.examples.mcp.PaymentsMcpFunction",
                "HttpApi", "dev.writ.examples.mcp.PaymentsMcpHttpApiFunction"));
    }
}
