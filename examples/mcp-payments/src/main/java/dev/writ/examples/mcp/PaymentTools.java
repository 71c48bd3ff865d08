package dev.writ.examples.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.McpServer;
import io.modelcontextprotocol.modern.server.McpSyncResponse;
import io.modelcontextprotocol.modern.server.feature.McpSyncTool;
import io.modelcontextprotocol.modern.server.feature.McpSyncToolRepository;
import io.modelcontextprotocol.modern.server.feature.ToolsFeature;
import io.modelcontextprotocol.modern.server.feature.ToolsPage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * The payments tools an agent may call, on the MCP Java SDK's stateless server: {@code list_payments},
 * {@code create_payment}, {@code refund_payment} and the admin tool {@code purge_payments}. Their
 * input schemas match the sample bundle's Cedar schema ({@code policy-bundles/payments-api}), which
 * types the same arguments for the decision. The ledger is in memory, per container: an example.
 * The tools only ever run after the guard verified a writ for the call, and record who it names.
 */
public final class PaymentTools {

    /** The transport-context key under which the adapter hands the tools the writ's subject. */
    public static final String SUBJECT = "dev.writ/subject";

    private final Map<String, Map<String, Object>> payments = new ConcurrentHashMap<>();
    private final Map<String, McpSyncTool> tools = new LinkedHashMap<>();

    public PaymentTools(McpJsonMapper json) {
        add(json, "list_payments", "List payments, newest first.",
                "{\"type\":\"object\",\"properties\":{\"limit\":{\"type\":\"integer\",\"minimum\":1}},\"additionalProperties\":false}",
                (subject, args) -> Map.of("payments", List.copyOf(payments.values())));
        add(json, "create_payment", "Create a payment to a payee.",
                "{\"type\":\"object\",\"properties\":{\"amount\":{\"type\":\"integer\"},\"payee\":{\"type\":\"string\"}},"
                        + "\"required\":[\"amount\",\"payee\"],\"additionalProperties\":false}",
                (subject, args) -> {
                    String id = "p-" + UUID.randomUUID();
                    Map<String, Object> payment = Map.of("id", id, "amount", args.get("amount"), "payee", args.get("payee"),
                            "createdBy", subject);
                    payments.put(id, payment);
                    return payment;
                });
        add(json, "refund_payment", "Refund (part of) a payment.",
                "{\"type\":\"object\",\"properties\":{\"payment_id\":{\"type\":\"string\"},\"amount\":{\"type\":\"integer\"}},"
                        + "\"required\":[\"payment_id\",\"amount\"],\"additionalProperties\":false}",
                (subject, args) -> Map.of("refunded", args.get("amount"), "payment_id", args.get("payment_id"), "by", subject));
        add(json, "purge_payments", "Admin: delete every payment created before a date.",
                "{\"type\":\"object\",\"properties\":{\"before\":{\"type\":\"string\"}},\"required\":[\"before\"],"
                        + "\"additionalProperties\":false}",
                (subject, args) -> {
                    int purged = payments.size();
                    payments.clear();
                    return Map.of("purged", purged);
                });
    }

    /** The MCP server (2026-07-28, stateless) serving these tools. */
    public McpServer server(McpJsonMapper json) {
        McpSyncToolRepository repository = new McpSyncToolRepository() {
            @Override
            public ToolsPage list(McpRequestContext context, String cursor) {
                return ToolsPage.of(tools.values().stream().map(McpSyncTool::definition).toList());
            }

            @Override
            public McpSyncTool find(McpRequestContext context, String name) {
                return tools.get(name);
            }
        };
        return McpServer.builder()
                .serverInfo(McpSchema.Implementation.builder("writ-payments-mcp", "0.1.0").build())
                .jsonMapper(json)
                .feature(ToolsFeature.ofSync(repository))
                .build();
    }

    private void add(McpJsonMapper json, String name, String description, String inputSchema,
                     BiFunction<String, Map<String, Object>, Object> body) {
        McpSchema.Tool tool = McpSchema.Tool.builder(name, json, inputSchema).description(description).build();
        tools.put(name, McpSyncTool.of(tool, (context, request) -> {
            Object subject = context.transportContext().get(SUBJECT);
            Map<String, Object> arguments = request.arguments() == null ? Map.of() : request.arguments();
            Object result = body.apply(String.valueOf(subject), arguments);
            return McpSyncResponse.result(McpSchema.CallToolResult.builder()
                    .addContent(McpSchema.TextContent.builder(String.valueOf(result)).build())
                    .structuredContent(result)
                    .build());
        }));
    }
}
