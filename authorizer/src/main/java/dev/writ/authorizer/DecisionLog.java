package dev.writ.authorizer;

import dev.writ.authorizer.event.AuthzInput;
import dev.writ.core.json.Json;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** One JSON line per authorizer decision (CloudWatch Logs), naming the cause of every denial. */
final class DecisionLog {
    private final PrintStream out;

    DecisionLog(PrintStream out) {
        this.out = out;
    }

    void log(Decision decision, AuthzInput input, String function, String bundle, long latencyMicros) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("writ", "authorizer");
        line.put("decision", decision.effectName());
        line.put("reason", decision.reason().name());
        if (!decision.detail().isEmpty()) {
            line.put("detail", decision.detail());
        }
        if (input != null) {
            line.put("event", input.kind().name());
            line.put("method", input.binding().method());
            line.put("path", input.binding().path());
        }
        line.put("sub", decision.principalId());
        putIfPresent(line, "function", function);
        putIfPresent(line, "bundle", bundle);
        decision.writ().ifPresent(w -> {
            line.put("jti", w.id());
            w.transaction().ifPresent(t -> line.put("txn", t));
        });
        line.put("latencyUs", latencyMicros);
        String json = Json.write(line);
        synchronized (out) {
            out.println(json);
        }
    }

    private static void putIfPresent(Map<String, Object> line, String key, String value) {
        if (value != null) {
            line.put(key, value);
        }
    }
}
