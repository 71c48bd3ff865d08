package dev.writ.guard;

import dev.writ.core.internal.Sha256;
import dev.writ.core.json.Json;
import dev.writ.guard.lineage.LineageBacklog;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.tool.ToolCall;
import dev.writ.guard.writ.Verification;
import dev.writ.guard.writ.Writ;
import dev.writ.guard.writ.WritClaims;
import java.io.PrintStream;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the guard appends to lineage for one invocation: a {@code verification} record before
 * user code runs, written before it does (if it cannot be written, the invocation is denied), a
 * {@code denial} record for every denial, and an {@code outcome} record after user code (success
 * or error, its duration, and the SHA-256 of the response where it can be serialized), both
 * written after the response ({@link LineageBacklog}). Records of one execution share
 * {@code execId} (the writ's {@code jti}); {@code txn} and {@code par} link hops. A record that
 * cannot be written after the response stays in the backlog, which the next invocation writes
 * first; a draft that could never be written is reported as one alarm-grade log line.
 */
final class LineageTrail {

    private final LineageBacklog backlog;
    private final PrintStream alarms;

    LineageTrail(LineageBacklog backlog, PrintStream alarms) {
        this.backlog = backlog;
        this.alarms = alarms;
    }

    /** Writes what earlier invocations left: empty when written, else why not (the caller then denies). */
    Optional<String> writePendingOrFailure() {
        return backlog.writePendingOrFailure();
    }

    /**
     * Appends the pre-execution record, with the name of the tool a tool call named ({@code tool},
     * null for any other call); throws when it cannot be written (the caller then denies).
     */
    void verified(Writ writ, String function, String tool) {
        backlog.recorder().append(draft(LineageRecord.Type.VERIFICATION, writ.claims(), function).tool(tool)
                .decision("allow").build());
    }

    /** The invocation has its answer: the deferred records are written after it (see {@link LineageBacklog}). */
    void ended(String requestId) {
        backlog.invocationEnded(requestId);
    }

    /**
     * Defers the denial record, with the tool a refused tool call named ({@code tool}, null for any
     * other call); the denial stands either way. That name is the caller's, unverified: an
     * oversized one is left out ({@link ToolCall#recordableName}).
     */
    void denied(Verification verification, String function, String tool) {
        LineageRecord.Draft.Builder draft = draft(LineageRecord.Type.DENIAL, verification.claims().orElse(null), function)
                .tool(ToolCall.recordableName(tool))
                .decision("deny").reason(verification.code());
        defer(draft.build(), "denial");
    }

    /** Defers the denial record of an invocation refused before any writ was read, with its own {@code code}. */
    void refused(String code, String function) {
        defer(draft(LineageRecord.Type.DENIAL, null, function).decision("deny").reason(code).build(), "denial");
    }

    /**
     * Appends the refusal of an outgoing call inside an allowed execution (out of scope, or a hop
     * without a writ): a {@code denial} of the execution's {@code execId}, with the call's IAM action
     * and resource in place of the writ's, and the verified tool when the execution is a tool call.
     * Deferred; the call is refused either way.
     */
    void blocked(Writ writ, String function, String tool, String action, String resource, String reason) {
        LineageRecord.Draft.Builder draft = draft(LineageRecord.Type.DENIAL, writ.claims(), function).tool(tool)
                .action(action).resource(resource).decision("deny").reason(reason);
        defer(draft.build(), "denial");
    }

    /**
     * Defers the outcome record of user code that ran, with the verified tool when it ran for a tool
     * call (else null): {@code error} when it threw, or when it answered with a failure
     * ({@code failure}, see {@link AnswerFailure}, null for none), else {@code success}.
     */
    void outcome(Writ writ, String function, String tool, long durationMillis, Throwable error, String failure, String payloadHash) {
        String why = error != null ? "error=" + error.getClass().getName() + " " : failure != null ? failure + " " : "";
        LineageRecord.Draft.Builder draft = draft(LineageRecord.Type.OUTCOME, writ.claims(), function).tool(tool)
                .decision(why.isEmpty() ? "success" : "error")
                .reason(why + "duration_ms=" + durationMillis);
        draft.payloadHash(payloadHash);
        defer(draft.build(), "outcome");
    }

    /** SHA-256 (hex) of the response serialized as JSON, or null when it cannot be serialized. */
    static String payloadHash(Object response) {
        if (response == null) {
            return null;
        }
        try {
            return hex(Sha256.digest(Json.writeBytes(response)));
        } catch (RuntimeException notSerializable) {
            return null;
        }
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    private void defer(LineageRecord.Draft draft, String what) {
        try {
            backlog.defer(draft);
        } catch (IllegalArgumentException e) {
            Map<String, Object> alarm = new LinkedHashMap<>();
            alarm.put("writ", "lineage");
            alarm.put("level", "ALARM");
            alarm.put("message", "lineage " + what + " record can never be written");
            alarm.put("error", e.getMessage());
            draft.execId().ifPresent(id -> alarm.put("execId", id));
            draft.function().ifPresent(f -> alarm.put("function", f));
            String line = Json.write(alarm);
            synchronized (alarms) {
                alarms.println(line);
            }
        }
    }

    private static LineageRecord.Draft.Builder draft(LineageRecord.Type type, WritClaims writ, String function) {
        LineageRecord.Draft.Builder draft = LineageRecord.draft(type).ts(System.currentTimeMillis());
        if (function != null) {
            draft.function(function);
        }
        if (writ == null) {
            return draft;
        }
        draft.execId(writ.id()).principal(writ.subject());
        writ.transaction().ifPresent(draft::transaction);
        writ.parent().ifPresent(draft::parent);
        writ.action().ifPresent(draft::action);
        writ.resource().ifPresent(draft::resource);
        writ.policy().ifPresent(p -> draft.bundle(p.bundle() + "@" + p.revision() + "#" + p.hash()));
        return draft;
    }
}
