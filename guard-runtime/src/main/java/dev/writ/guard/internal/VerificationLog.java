package dev.writ.guard.internal;

import dev.writ.guard.internal.Invocation;
import dev.writ.core.json.Json;
import dev.writ.guard.writ.Verification;
import dev.writ.guard.writ.Writ;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes one JSON line per guard decision (allowed or denied) for CloudWatch Logs: code,
 * detail, writ id, subject, function, event kind, request id and latency. Claims of a writ whose
 * signature did not verify are never logged as if they were true.
 */
public final class VerificationLog {

    private final PrintStream out;

    /** Logs to {@code out} (stdout in Lambda, which CloudWatch collects). */
    public VerificationLog(PrintStream out) {
        this.out = out;
    }

    /** Logs one decision. */
    public void log(Verification verification, Invocation invocation, String function, long latencyMicros) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("writ", "guard");
        line.put("decision", verification.isAllowed() ? "allow" : "deny");
        line.put("reason", verification.code());
        line.put("detail", verification.detail());
        verification.writ().ifPresent(w -> putWrit(line, w));
        line.put("function", function);
        if (invocation != null) {
            line.put("event", invocation.kind().name());
            line.put("requestId", invocation.requestId());
        }
        line.put("latencyUs", latencyMicros);
        String json = Json.write(line);
        synchronized (out) {
            out.println(json);
        }
    }

    private static void putWrit(Map<String, Object> line, Writ w) {
        line.put("jti", w.id());
        line.put("sub", w.subject());
        w.transaction().ifPresent(t -> line.put("txn", t));
    }
}
