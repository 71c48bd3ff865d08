package dev.writ.guard.internal;

import dev.writ.guard.tool.ToolCall;
import dev.writ.guard.writ.BoundInputs;
import dev.writ.guard.writ.RequestInputs;
import java.util.List;
import java.util.Set;

/**
 * A tool call's inputs: its name ({@code tool}) and canonical arguments ({@code args}), both of
 * which a writ must bind, and whatever else the event carries (an MCP request's headers).
 */
final class ToolInputs implements RequestInputs {

    private static final Set<String> REQUIRED = Set.of(BoundInputs.TOOL, BoundInputs.ARGS);

    private final ToolCall call;
    private final RequestInputs others;

    ToolInputs(ToolCall call, RequestInputs others) {
        this.call = call;
        this.others = others;
    }

    @Override
    public List<String> values(String key) {
        return switch (key) {
            case BoundInputs.TOOL -> List.of(call.name());
            case BoundInputs.ARGS -> List.of(call.canonicalArguments());
            default -> others.values(key);
        };
    }

    @Override
    public Set<String> required() {
        return REQUIRED;
    }
}
