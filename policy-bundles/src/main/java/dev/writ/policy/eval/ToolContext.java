package dev.writ.policy.eval;

import java.util.HashMap;
import java.util.Map;

/**
 * The Cedar context of a tool call an AI agent makes for a user, as AgentCore Policy models one
 * (action = the tool, {@code context.input} = its arguments), plus who asks: the one place that
 * names it. {@link PolicyBundle#authorize} gives each action only what its schema declares, and
 * validates it against the schema, so arguments that do not fit the tool's declared input are
 * refused, not decided.
 */
public final class ToolContext {
    /** The tool's arguments, a record typed by the action's schema (JSON integers are Longs; Cedar has no floats or null). */
    public static final String INPUT = "input";
    /** The agent asking on the user's behalf, a String, as the issuer's entry point authenticated it. */
    public static final String AGENT = "agent";
    /** Whether the user's token shows multi-factor authentication, a Bool. */
    public static final String MFA = "mfa";

    private ToolContext() {
    }

    /** The context of one tool call. */
    public static Map<String, Object> of(Map<String, Object> arguments, String agent, boolean mfa) {
        Map<String, Object> context = new HashMap<>();
        context.put(INPUT, arguments);
        context.put(AGENT, agent);
        context.put(MFA, mfa);
        return context;
    }
}
