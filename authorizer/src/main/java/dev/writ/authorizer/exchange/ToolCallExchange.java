package dev.writ.authorizer.exchange;

import dev.writ.authorizer.Authorizer;
import dev.writ.authorizer.ToolCallRequest;
import dev.writ.authorizer.event.AuthorizerEvents;
import dev.writ.core.json.Json;
import dev.writ.core.json.JsonException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where an agent host gets a writ for one tool call (docs/agents.md): behind a Lambda function URL
 * with {@code AuthType: AWS_IAM}, so AWS authenticates the agent host; the user it acts for comes
 * as the bearer token. {@code POST {"tool": "...", "arguments": {...}, "txn": "..."?}} with
 * {@code Authorization: Bearer <user token>}; answered {@code 200 {"writ", "exp"}} or
 * {@code 4xx/5xx {"reason", "message"}}, never a stack trace nor the determining policies.
 *
 * <p>The agent ({@code context.agent}, the writ's {@code act}) is the caller's IAM role,
 * {@code arn:aws:iam::<account>:role/<role>}: an assumed-role session's name is the caller's to
 * choose, its role is not. A caller that is not an assumed-role session is {@code NO_CALLER}.
 */
public final class ToolCallExchange {

    /** The most bytes of a request body read (the arguments themselves are bounded at 64 KiB). */
    static final int MAX_BODY_BYTES = 128 * 1024;
    private static final Set<String> MEMBERS = Set.of("tool", "arguments", "txn");

    private final Authorizer authorizer;

    public ToolCallExchange(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    /**
     * Decides one tool call; never throws.
     *
     * @param body          the request body (JSON)
     * @param authorization the {@code Authorization} header, with the user's bearer token
     * @param callerArn     the IAM-authenticated caller, as the function URL reports it
     */
    public ExchangeResult exchange(String body, String authorization, String callerArn) {
        try {
            Optional<CallerIdentity> caller = CallerIdentity.parse(callerArn);
            if (caller.isEmpty()) {
                return ExchangeResult.refused(ExchangeReason.NO_CALLER, "the caller is not an IAM role session");
            }
            String agent = "arn:aws:iam::" + caller.get().account() + ":role/" + caller.get().role();
            Map<String, Object> request;
            try {
                if (body == null || body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
                    return ExchangeResult.refused(ExchangeReason.BAD_REQUEST, "no body, or over " + MAX_BODY_BYTES + " bytes");
                }
                request = Json.parseObject(body);
            } catch (JsonException e) {
                return ExchangeResult.refused(ExchangeReason.BAD_REQUEST, "not a JSON object: " + e.getMessage());
            }
            if (!MEMBERS.containsAll(request.keySet()) || !(request.get("tool") instanceof String tool) || tool.isEmpty()
                    || !(request.get("arguments") instanceof Map<?, ?>)
                    || request.containsKey("txn") && !(request.get("txn") instanceof String)) {
                return ExchangeResult.refused(ExchangeReason.BAD_REQUEST,
                        "expected {\"tool\": string, \"arguments\": object, \"txn\"?: string} and nothing else");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> arguments = (Map<String, Object>) request.get("arguments");
            return ExchangeResult.ofToolCall(authorizer.decideToolCall(new ToolCallRequest(
                    AuthorizerEvents.bearer(authorization), agent, tool, arguments, (String) request.get("txn"))));
        } catch (RuntimeException e) {
            return ExchangeResult.refused(ExchangeReason.INTERNAL_ERROR, "internal error");
        }
    }
}
