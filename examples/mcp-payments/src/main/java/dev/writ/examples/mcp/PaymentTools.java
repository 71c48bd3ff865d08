package dev.writ.examples.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.McpServer;
import io.modelcontextprotocol.modern.server.McpSyncResponse;
import io.modelcontextprotocol.modern.server.feature.McpSyncPrompt;
import io.modelcontextprotocol.modern.server.feature.McpSyncPromptRepository;
import io.modelcontextprotocol.modern.server.feature.McpSyncResource;
import io.modelcontextprotocol.modern.server.feature.McpSyncResourceRepository;
import io.modelcontextprotocol.modern.server.feature.McpSyncTool;
import io.modelcontextprotocol.modern.server.feature.McpSyncToolRepository;
import io.modelcontextprotocol.modern.server.feature.PromptsFeature;
import io.modelcontextprotocol.modern.server.feature.PromptsPage;
import io.modelcontextprotocol.modern.server.feature.ResourcesFeature;
import io.modelcontextprotocol.modern.server.feature.ResourcesPage;
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
 * Besides, each role's limits as a resource ({@code payments://limits/clerk}, {@code .../approver})
 * and the {@code review_refund} prompt: served only on a writ whose policy decided on that URI or
 * name (the bundle's {@code mcp-limits-*}, {@code mcp-prompt-review-refund}).
 */
public final class PaymentTools {

    /** The transport-context key under which the adapter hands the tools the writ's subject. */
    public static final String SUBJECT = "dev.writ/subject";

    /** Each role's limits, by resource URI: what the sample bundle's policies allow that role. */
    static final Map<String, String> LIMITS = Map.of(
            "payments://limits/clerk", "clerk: creates payments up to 10,000; an agent refunds up to 500 for a clerk",
            "payments://limits/approver", "approver: creates and approves payments up to 100,000; refunds up to 5,000,"
                    + " approvals and refunds 08:00-18:00 UTC");
    /** The prompt that walks an approver through a refund review. */
    static final String REVIEW_REFUND = "review_refund";

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
                .feature(ResourcesFeature.ofSync(limits()))
                .feature(PromptsFeature.ofSync(prompts()))
                .build();
    }

    private static McpSyncResourceRepository limits() {
        return new McpSyncResourceRepository() {
            @Override
            public ResourcesPage list(McpRequestContext context, String cursor) {
                return ResourcesPage.of(LIMITS.keySet().stream().sorted()
                        .map(uri -> McpSchema.Resource.builder(uri, uri.substring(uri.lastIndexOf('/') + 1) + " limits")
                                .mimeType("text/plain").build())
                        .toList());
            }

            @Override
            public McpSyncResource find(McpRequestContext context, String uri) {
                String text = LIMITS.get(uri);
                return text == null ? null : McpSyncResource.of((c, request) -> McpSyncResponse.result(
                        McpSchema.ReadResourceResult.builder(List.of(new McpSchema.TextResourceContents(uri, "text/plain", text, null)))
                                .build()));
            }
        };
    }

    private static McpSyncPromptRepository prompts() {
        McpSyncPrompt review = McpSyncPrompt.of(McpSchema.Prompt.builder(REVIEW_REFUND)
                        .description("Review a refund request before approving it.").build(),
                (context, request) -> McpSyncResponse.result(McpSchema.GetPromptResult.builder(List.of(
                        new McpSchema.PromptMessage(McpSchema.Role.USER, McpSchema.TextContent.builder(
                                "Review the refund: find the payment, check the amount is within what it paid and within"
                                        + " your refund limit, and that it is 08:00-18:00 UTC; then refund or explain why not.")
                                .build()))).description("Refund review").build()));
        return new McpSyncPromptRepository() {
            @Override
            public PromptsPage list(McpRequestContext context, String cursor) {
                return PromptsPage.of(List.of(review.definition()));
            }

            @Override
            public McpSyncPrompt find(McpRequestContext context, String name) {
                return REVIEW_REFUND.equals(name) ? review : null;
            }
        };
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
