package dev.writ.policy.bundle;

import java.util.regex.Pattern;

/**
 * One tool of a bundle's manifest: a tool an AI agent calls for a user (an MCP {@code tools/call},
 * an AgentCore Gateway target's tool, a Bedrock Agents function), mapped to the Cedar action and
 * resource a tool call is decided as, and the function that runs it (the writ's {@code aud}). The
 * call's arguments are the Cedar context's {@code input}, typed by the action's context in the
 * schema (docs/agents.md).
 *
 * @param name         the tool's name as the function receives it
 * @param action       the Cedar action, in Cedar syntax
 * @param resourceType the Cedar entity type of the tool's server
 * @param resourceId   the server's entity id
 * @param function     the function that runs the tool
 */
public record Tool(String name, String action, String resourceType, String resourceId, String function) {

    /** MCP's tool-name rule (server/tools.mdx): 1-128 of letters, digits, {@code _ - .}; a space for Bedrock's {@code POST /path}. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,128}|[A-Z]{3,7} /[A-Za-z0-9_./{}\\-]{0,256}");

    public Tool {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a tool name is 1-128 letters, digits and _ - . (or METHOD /path): \"" + name + "\"");
        }
        if (function.isBlank()) {
            throw new IllegalArgumentException("function must not be empty");
        }
    }

    /** The Cedar resource as the writ's {@code resource} claim writes it. */
    public String resource() {
        return CedarUid.of(resourceType, resourceId);
    }
}
