package dev.writ.authorizer.exchange;

import dev.writ.authorizer.Authorizer;
import dev.writ.authorizer.ToolCallRequest;
import dev.writ.authorizer.event.AuthorizerEvents;
import dev.writ.core.json.Json;
import dev.writ.core.json.JsonException;
import dev.writ.guard.hop.LambdaFunctionName;
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
 *
 * <p>The writ names the tool's function by its unqualified ARN in the exchange's {@link Deployment}
 * (the caller's partition), so a same-named function of another account or region refuses it
 * ({@code WRONG_AUDIENCE}). An exchange without a deployment refuses every call {@code MISCONFIGURED}.
 */
public final class ToolCallExchange {

    /** The most bytes of a request body read (the arguments themselves are bounded at 64 KiB). */
    static final int MAX_BODY_BYTES = 128 * 1024;
    private static final Set<String> MEMBERS = Set.of("tool", "arguments", "txn");

    private final Authorizer authorizer;
    private final Deployment deployment;
    private final String misconfigured;

    /**
     * Where the tool functions run: the exchange's account and region, and the Lambda name of each
     * function deployed under another name than the bundle's (a stack's generated name).
     */
    public record Deployment(String account, String region, Map<String, String> functionNames) {
        public Deployment {
            functionNames = checked(functionNames);
        }

        /** {@code deployedByBundleName}, copied, if every deployed name is a plain function name. */
        static Map<String, String> checked(Map<String, String> deployedByBundleName) {
            deployedByBundleName.forEach((function, deployed) -> {
                if (!LambdaFunctionName.parse(deployed).filter(f -> f.name().equals(deployed)).isPresent()) {
                    throw new IllegalArgumentException("the deployed name of " + function + " is no function name: " + deployed);
                }
            });
            return Map.copyOf(deployedByBundleName);
        }

        /** The unqualified ARN of the bundle's {@code function} in this deployment. */
        public String functionArn(String partition, String function) {
            return "arn:" + partition + ":lambda:" + region + ":" + account + ":function:"
                    + functionNames.getOrDefault(function, function);
        }
    }

    public ToolCallExchange(Authorizer authorizer, Deployment deployment) {
        this(authorizer, deployment, null);
    }

    private ToolCallExchange(Authorizer authorizer, Deployment deployment, String misconfigured) {
        this.authorizer = authorizer;
        this.deployment = deployment;
        this.misconfigured = misconfigured;
    }

    /** An exchange that refuses every call {@code MISCONFIGURED} with {@code problem} (naming the variable). */
    public static ToolCallExchange misconfigured(Authorizer authorizer, String problem) {
        return new ToolCallExchange(authorizer, null, problem);
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
            if (misconfigured != null) {
                return ExchangeResult.refused(ExchangeReason.MISCONFIGURED, misconfigured);
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
                    AuthorizerEvents.bearer(authorization), agent, tool, arguments, (String) request.get("txn")),
                    function -> deployment.functionArn(caller.get().partition(), function)));
        } catch (RuntimeException e) {
            return ExchangeResult.refused(ExchangeReason.INTERNAL_ERROR, "internal error");
        }
    }
}
