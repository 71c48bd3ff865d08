package dev.writ.guard.tool;

import dev.writ.guard.writ.BoundInputs;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One tool call as the guard read it from the event, before the tool runs: the tool's name and
 * its arguments object. A writ runs it only when it binds both ({@code in.tool}, {@code in.args}).
 *
 * @param name      the tool name as the function receives it (from AgentCore Gateway
 *                  {@code <target>___<tool>}, target prefix included)
 * @param arguments the arguments, without a writ that travelled among them; never null
 */
public record ToolCall(String name, Map<String, Object> arguments) {

    /** The longest tool name, in UTF-8 bytes, a lineage record takes from a caller unverified (MCP asks for at most 128 characters). */
    public static final int MAX_RECORDED_NAME_BYTES = 1024;

    public ToolCall {
        // Not Map.copyOf: a JSON argument may be null.
        arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
    }

    /**
     * {@code name} as a lineage record may carry it when no writ vouches for it (a refused call):
     * null when over {@value #MAX_RECORDED_NAME_BYTES} UTF-8 bytes, so no caller can make the
     * record too large to write (a Bedrock Agents event, or a tool-call exchange body, bounds no name).
     */
    public static String recordableName(String name) {
        return name == null || name.getBytes(StandardCharsets.UTF_8).length > MAX_RECORDED_NAME_BYTES ? null : name;
    }

    /**
     * What {@code in.args} binds: the RFC 8785 canonical JSON of the arguments; a
     * {@link dev.writ.core.json.JsonException} when none binds them exactly ({@link BoundInputs#inexact}).
     */
    public String canonicalArguments() {
        return BoundInputs.canonicalJson(arguments);
    }
}
