package dev.writ.authorizer.exchange;

import dev.writ.authorizer.Decision;
import dev.writ.authorizer.ReasonCode;
import dev.writ.guard.writ.WritClaims;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The writ exchange's answer to one hop: a child writ, or a refusal with a reason code (an
 * {@link ExchangeReason} or, for a bad parent, the guard's code) and the HTTP status it is
 * answered with; likewise the tool-call exchange's answer ({@link ToolCallExchange}), whose codes
 * are the authorizer's. The message never holds a stack trace nor the determining policies of a denial
 * (those go to lineage and the log).
 */
public final class ExchangeResult {
    private final int status;
    private final String reason;
    private final String message;
    private final WritClaims child;
    private final String token;
    // A tool writ's answer names its transaction: the host reads its session back by it.
    private final boolean answersTransaction;

    private ExchangeResult(int status, String reason, String message, WritClaims child, String token) {
        this(status, reason, message, child, token, false);
    }

    private ExchangeResult(int status, String reason, String message, WritClaims child, String token, boolean answersTransaction) {
        this.status = status;
        this.reason = reason;
        this.message = message;
        this.child = child;
        this.token = token;
        this.answersTransaction = answersTransaction;
    }

    static ExchangeResult allowed(WritClaims child, String token) {
        return new ExchangeResult(ExchangeReason.ALLOWED.status(), ExchangeReason.ALLOWED.name(), "child writ minted", child, token);
    }

    static ExchangeResult refused(ExchangeReason reason, String message) {
        return new ExchangeResult(reason.status(), reason.name(), message, null, null);
    }

    /** A refusal with the guard's reason code for a bad parent, and the status that code calls for. */
    static ExchangeResult refusedParent(dev.writ.guard.writ.ReasonCode code, String message) {
        int status;
        switch (code) {
            case MISSING_WRIT:
                status = 401;
                break;
            case REPLAY_UNAVAILABLE:
            case LINEAGE_UNAVAILABLE:
                status = 503;
                break;
            case INTERNAL_ERROR:
                status = 500;
                break;
            default:
                status = 403;
        }
        return new ExchangeResult(status, code.name(), message, null, null);
    }

    /**
     * A tool writ, or the authorizer's refusal of a tool call ({@link ToolCallExchange}) with the
     * status its code calls for. The message is the caller's; the decision's detail (the
     * determining policies) goes to lineage and the log only.
     */
    static ExchangeResult ofToolCall(Decision decision) {
        if (decision.isAllowed()) {
            WritClaims writ = decision.writ().orElseThrow();
            return new ExchangeResult(200, ReasonCode.ALLOWED.name(), "tool writ minted", writ, decision.token().orElseThrow(), true);
        }
        String message = switch (decision.reason()) {
            case POLICY_DENY -> "the policies do not allow this call";
            case BAD_REQUEST -> "the call does not fit the tool (arguments missing, mistyped, extra or too large) or its txn is no session id";
            case UNKNOWN_TOOL -> "no such tool in the bundle";
            case NO_TOKEN -> "no bearer token";
            case BAD_TOKEN -> "the bearer token is not valid";
            default -> "the tool call could not be decided";
        };
        return toolCallRefusal(decision.reason(), message);
    }

    /** The tool-call exchange's own refusal ({@code code}), with its message for the caller. */
    static ExchangeResult toolCallRefusal(ReasonCode code, String message) {
        int status = switch (code) {
            case NO_TOKEN, BAD_TOKEN, NO_CALLER -> 401;
            case BAD_REQUEST, UNKNOWN_TOOL, OVERSIZE_HEADER -> 400;
            case POLICY_DENY, UNKNOWN_ROUTE, FOREIGN_AGENT -> 403;
            case INTERNAL_ERROR, ALLOWED -> 500;
            default -> 503;
        };
        return new ExchangeResult(status, code.name(), message, null, null);
    }

    public boolean isAllowed() {
        return child != null;
    }

    /** The HTTP status: 200, 400, 401, 403, 500 or 503. */
    public int status() {
        return status;
    }

    /** {@code ALLOWED}, an {@link ExchangeReason} name or a guard reason code. */
    public String reason() {
        return reason;
    }

    public String message() {
        return message;
    }

    /** The child writ's claims, when one was minted. */
    public Optional<WritClaims> child() {
        return Optional.ofNullable(child);
    }

    /** The child writ, compact, when one was minted. */
    public Optional<String> token() {
        return Optional.ofNullable(token);
    }

    /**
     * The response body: {@code {"writ": ..., "exp": ...}} (a tool writ's with its {@code "txn"}) or
     * {@code {"reason": ..., "message": ...}}.
     */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        if (child != null) {
            json.put("writ", token);
            json.put("exp", child.expiresAt());
            if (answersTransaction) {
                child.transaction().ifPresent(txn -> json.put("txn", txn));
            }
        } else {
            json.put("reason", reason);
            json.put("message", message);
        }
        return json;
    }

    @Override
    public String toString() {
        return status + " " + reason + ": " + message;
    }
}
