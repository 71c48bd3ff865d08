package dev.writ.guard.internal;

/** The kinds of Lambda event the guard recognises. */
public enum EventKind {
    /** API Gateway REST API proxy event (payload 1.0). */
    API_GATEWAY_REST,
    /** API Gateway HTTP API event (payload 2.0). */
    API_GATEWAY_HTTP,
    /** SQS batch: each record carries its writ in message attribute {@code writ}. */
    SQS,
    /** SNS notification: each record carries its writ in message attribute {@code writ}. */
    SNS,
    /** EventBridge event: the writ is member {@code _writ} of {@code detail}. */
    EVENTBRIDGE,
    /** A Step Functions task's input: the writ is its member {@code _writ}. */
    STEP_FUNCTIONS,
    /** An MCP {@code tools/call} over API Gateway: the writ in {@code params._meta["dev.writ/writ"]}, the authorizer context or {@code X-Writ}. */
    MCP_TOOL_CALL,
    /** An AgentCore Gateway Lambda-target invocation: the event is the tool's arguments, the tool named in the client context. */
    AGENTCORE_GATEWAY,
    /** A Bedrock Agents action-group invocation: the writ in {@code promptSessionAttributes} or {@code sessionAttributes}. */
    BEDROCK_AGENT,
    /** Anything else: a direct invoke, with the writ in the envelope or the client context. */
    DIRECT;

    /** True for an AI agent's tool call (MCP, AgentCore Gateway, Bedrock Agents): its writ binds the tool and its arguments. */
    public boolean isToolCall() {
        return this == MCP_TOOL_CALL || this == AGENTCORE_GATEWAY || this == BEDROCK_AGENT;
    }

    /** True for the API Gateway kinds, whose denials are 403 responses rather than exceptions. */
    public boolean isHttp() {
        return this == API_GATEWAY_REST || this == API_GATEWAY_HTTP;
    }
}
