package dev.writ.guard.internal;

import dev.writ.guard.writ.RequestInputs;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An event's inputs with more keys a writ must bind to run it: an MCP method that names what it
 * acts on runs only on a writ that binds the {@code Mcp-Method} and {@code Mcp-Name} headers, so a
 * writ for the route alone does not read a resource or fetch a prompt no policy decided on.
 */
final class RequiredInputs implements RequestInputs {

    private final RequestInputs inputs;
    private final Set<String> required;

    RequiredInputs(RequestInputs inputs, Set<String> required) {
        this.inputs = inputs;
        Set<String> all = new HashSet<>(inputs.required());
        all.addAll(required);
        this.required = Set.copyOf(all);
    }

    @Override
    public List<String> values(String key) {
        return inputs.values(key);
    }

    @Override
    public Set<String> required() {
        return required;
    }
}
