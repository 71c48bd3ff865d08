package dev.writ.guard.internal;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.writ.guard.writ.Verification;
import dev.writ.guard.writ.Writ;
import java.io.PrintStream;

/**
 * Writes one JSON line per guard decision (allowed or denied) for CloudWatch Logs: code,
 * detail, writ id, subject, function, event kind, request id and latency. Claims of a writ whose
 * signature did not verify are never logged as if they were true.
 */
public final class VerificationLog {

    /** Fits the usual line (~250 characters with a UUID jti and a function ARN) without growing. */
    private static final int LINE_CAPACITY = 384;

    private final PrintStream out;

    /** Logs to {@code out} (stdout in Lambda, which CloudWatch collects). */
    public VerificationLog(PrintStream out) {
        this.out = out;
    }

    /**
     * Logs one decision. The line is written member by member into one builder, each string escaped
     * by Jackson's encoder: the JSON a map of the same members would give (a null member left out),
     * without the map and the generator on every invocation.
     */
    public void log(Verification verification, Invocation invocation, String function, long latencyMicros) {
        StringBuilder line = new StringBuilder(LINE_CAPACITY)
                .append("{\"writ\":\"guard\",\"decision\":\"")
                .append(verification.isAllowed() ? "allow" : "deny").append('"');
        member(line, "reason", verification.code());
        member(line, "detail", verification.detail());
        verification.writ().ifPresent(writ -> members(line, writ));
        member(line, "function", function);
        if (invocation != null) {
            member(line, "event", invocation.kind().name());
            member(line, "requestId", invocation.requestId());
        }
        String json = line.append(",\"latencyUs\":").append(latencyMicros).append('}').toString();
        synchronized (out) {
            out.println(json);
        }
    }

    private static void members(StringBuilder line, Writ writ) {
        member(line, "jti", writ.id());
        member(line, "sub", writ.subject());
        writ.transaction().ifPresent(txn -> member(line, "txn", txn));
    }

    private static void member(StringBuilder line, String name, String value) {
        if (value != null) {
            line.append(",\"").append(name).append("\":\"");
            JsonStringEncoder.getInstance().quoteAsString(value, line);
            line.append('"');
        }
    }
}
