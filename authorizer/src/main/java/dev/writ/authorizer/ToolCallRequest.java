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
 * @param transaction the agent host's own id of its session: the writ's {@code txn} is derived from
 *                    it for this user and agent, so the session's calls read as one transaction in
 *                    lineage and no one else's join it; null for a call that is a transaction of its own
 */
public record ToolCallRequest(String token, String agent, String tool, Map<String, Object> arguments, String transaction) {
}
