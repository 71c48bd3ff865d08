package dev.writ.guard.tool;

import dev.writ.guard.writ.BoundInputs;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One tool call as the guard read it from the event, before the tool runs: the tool's name and
 * its arguments object. A writ runs it only when it binds both ({@code in.tool}, {@code in.args}).
 *
 * @param name      the tool name as the function receives it (an AgentCore Gateway target prefix
 *                  {@code <target>___} removed)
 * @param arguments the arguments, without a writ that travelled among them; never null
 */
public record ToolCall(String name, Map<String, Object> arguments) {

    public ToolCall {
        // Not Map.copyOf: a JSON argument may be null.
        arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
    }

    /** What {@code in.args} binds: the RFC 8785 canonical JSON of the arguments. */
    public String canonicalArguments() {
        return BoundInputs.canonicalJson(arguments);
    }
}
