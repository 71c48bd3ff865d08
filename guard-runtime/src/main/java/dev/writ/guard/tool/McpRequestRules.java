package dev.writ.guard.tool;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What MCP 2026-07-28 has a server refuse of a request before it acts on it (transports,
 * streamable HTTP, "Server Validation"), as one rule for the guard, which refuses a request that
 * breaks it, whatever its method, before its writ is read or spent, and for the MCP server behind
 * the guard, which refuses it too. The values of {@code Mcp-Method} and {@code Mcp-Name} against
 * the body are the guard's to check ({@link ToolCallError#HEADER_MISMATCH}).
 */
public final class McpRequestRules {

    /** The {@code _meta} key of the protocol version a 2026-07-28 client sends with every request. */
    public static final String META_PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion";
    /** The methods whose object MCP mirrors in {@code Mcp-Name} ({@code params.name} or {@code params.uri}). */
    private static final Set<String> NAMED_METHODS = Set.of("tools/call", "resources/read", "prompts/get");

    private McpRequestRules() {
    }

    /**
     * Why a server must refuse a request with these headers, or empty: {@code Mcp-Method} and
     * {@code MCP-Protocol-Version} once on every request, the latter equal to {@code _meta}'s
     * version when it has one, and {@code Mcp-Name} once on a {@code tools/call},
     * {@code resources/read} or {@code prompts/get}. Notifications are not requests: the revision
     * defines no header rule for them. An older client's
     * {@code initialize} (no version in {@code _meta}) needs none: the server answers it with the
     * versions it speaks.
     *
     * @param params  the request's {@code params} (null for none)
     * @param headers the values of a header by name, in any case (empty when absent)
     */
    public static Optional<String> missingHeader(String method, Object params, Function<String, List<String>> headers) {
        String version = params instanceof Map<?, ?> p && p.get("_meta") instanceof Map<?, ?> meta
                && meta.get(META_PROTOCOL_VERSION) instanceof String v ? v : null;
        if ("initialize".equals(method) && (version == null || version.isBlank())) {
            return Optional.empty();
        }
        if (headers.apply("Mcp-Method").size() != 1) {
            return Optional.of("Mcp-Method header is required");
        }
        List<String> versions = headers.apply("MCP-Protocol-Version");
        if (versions.size() != 1) {
            return Optional.of("MCP-Protocol-Version header is required");
        }
        if (version != null && !version.equals(versions.get(0))) {
            return Optional.of("MCP-Protocol-Version header does not match the request");
        }
        if (NAMED_METHODS.contains(method) && headers.apply("Mcp-Name").size() != 1) {
            return Optional.of("Mcp-Name header is required");
        }
        return Optional.empty();
    }

    /**
     * Whether {@code id} is a JSON-RPC id an MCP server can answer: a string, or an integer in the
     * signed 64-bit range (what the MCP Java SDK maps; a larger one it refuses as an invalid request).
     */
    public static boolean isRequestId(Object id) {
        return id instanceof String || id instanceof Integer || id instanceof Long;
    }
}
