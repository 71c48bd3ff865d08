package dev.writ.guard.tool;

/**
 * Why a tool call was refused before its writ was even looked at: the event is not a well-formed
 * call. Each has the JSON-RPC error code and HTTP status an MCP answer carries (MCP 2026-07-28,
 * basic/index.mdx "Error Codes" and basic/transports/streamable-http.mdx).
 */
public enum ToolCallError {
    /** The body is not JSON. */
    PARSE_ERROR(-32700, 400),
    /** Not a single JSON-RPC 2.0 request object (no {@code jsonrpc: "2.0"}, no method, an id that is neither a string nor an integer in the signed 64-bit range). */
    INVALID_REQUEST(-32600, 400),
    /** A JSON-RPC batch: MCP has forbidden them since 2025-06-18. */
    BATCH_FORBIDDEN(-32600, 400),
    /** A {@code tools/call} (or a gateway or agent event) without a tool name. */
    MISSING_TOOL_NAME(-32602, 400),
    /** Arguments that are not one JSON object, that name one parameter twice, or that no digest binds exactly ({@link dev.writ.guard.writ.BoundInputs#inexact}). */
    INVALID_ARGUMENTS(-32602, 400),
    /** The request or its arguments are larger than the guard reads (64 KiB). */
    TOO_LARGE(-32600, 413),
    /**
     * An {@code Mcp-Method} or {@code Mcp-Name} header says something else than the body, or a
     * header MCP requires is absent ({@link McpRequestRules}).
     */
    HEADER_MISMATCH(-32020, 400),
    /**
     * A {@code tools/call} whose {@code params} carry more than {@code name}, {@code arguments} and
     * {@code _meta}: MCP 2026-07-28's {@code inputResponses} and {@code requestState} (a multi
     * round-trip retry) reach the tool, and no writ binds or decided them.
     */
    UNBOUND_PARAMS(-32602, 400),
    /**
     * An MCP method the guard cannot prove a policy decided: neither one that acts on nothing a
     * policy names ({@code server/discover}, the lists, {@code ping}, notifications) nor one that
     * names its object in {@code Mcp-Name} ({@code resources/read}, {@code prompts/get}), e.g.
     * {@code completion/complete}, {@code tasks/*}, {@code resources/subscribe}, an unknown method.
     */
    UNBOUND_METHOD(-32601, 403);

    private final int jsonRpcCode;
    private final int httpStatus;

    ToolCallError(int jsonRpcCode, int httpStatus) {
        this.jsonRpcCode = jsonRpcCode;
        this.httpStatus = httpStatus;
    }

    /** The JSON-RPC error code of an MCP answer. */
    public int jsonRpcCode() {
        return jsonRpcCode;
    }

    /** The HTTP status of an MCP answer. */
    public int httpStatus() {
        return httpStatus;
    }
}
