package dev.writ.authorizer;

import java.util.Map;

/**
 * One tool call an AI agent asks a writ for, on behalf of the user whose token it holds.
 *
 * @param token       the user's bearer token (as the authorizer authenticates any caller)
 * @param agent       the agent that asks, as the issuer's entry point authenticated it (its IAM
 *                    role, its OAuth client id): never taken from the call itself
 * @param tool        the tool's name, as the bundle's manifest maps it
 * @param arguments   the call's arguments, a parsed JSON object
 * @param transaction the agent session's transaction id, so its calls read as one transaction in
 *                    lineage; null for a new one
 */
public record ToolCallRequest(String token, String agent, String tool, Map<String, Object> arguments, String transaction) {
}
