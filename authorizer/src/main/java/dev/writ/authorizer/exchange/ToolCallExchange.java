package dev.writ.authorizer.exchange;

import dev.writ.authorizer.Authorizer;
import dev.writ.authorizer.Decision;
import dev.writ.authorizer.ReasonCode;
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
 * {@code Authorization: Bearer <user token>}, {@code txn} the host's own session id; answered
 * {@code 200 {"writ", "exp", "txn"}} ({@code txn} the writ's: the session's transaction, derived
 * for this user and agent) or {@code 4xx/5xx {"reason", "message"}}, never a stack trace nor the
 * determining policies.
 *
 * <p>The agent ({@code context.agent}, the writ's {@code act}) is the caller's IAM role,
 * {@code arn:aws:iam::<account>:role/<role>}: an assumed-role session's name is the caller's to
 * choose, its role is not. A caller that is not an assumed-role session is {@code NO_CALLER}; one of
 * an account outside the agents' accounts is {@code FOREIGN_AGENT}, whatever the function URL's
 * resource policy lets in.
 *
 * <p>The writ names the tool's function by the unqualified ARN of each Lambda function it is
 * deployed as in the exchange's {@link FunctionDeployment} (the caller's partition), so a same-named
 * function of another account or region refuses it ({@code WRONG_AUDIENCE}). An exchange without a
 * deployment refuses every call {@code MISCONFIGURED}. Every answer is one decision record on the
 * authorizer's chains, the refusals made here before the authorizer decides too
 * ({@link Authorizer#refuseToolCall}).
 */
public final class ToolCallExchange {

    /** The most bytes of a request body read (the arguments themselves are bounded at 64 KiB). */
    static final int MAX_BODY_BYTES = 128 * 1024;
    private static final Set<String> MEMBERS = Set.of("tool", "arguments", "txn");

    private final Authorizer authorizer;
    private final FunctionDeployment deployment;
    private final Set<String> agentAccounts;
    private final String misconfigured;

    /**
     * @param deployment    where the tool functions run
     * @param agentAccounts the accounts whose IAM roles may ask as agents
     */
    public ToolCallExchange(Authorizer authorizer, FunctionDeployment deployment, Set<String> agentAccounts) {
        this(authorizer, deployment, Set.copyOf(agentAccounts), null);
    }

    private ToolCallExchange(Authorizer authorizer, FunctionDeployment deployment, Set<String> agentAccounts, String misconfigured) {
        this.authorizer = authorizer;
        this.deployment = deployment;
        this.agentAccounts = agentAccounts;
        this.misconfigured = misconfigured;
    }

    /** An exchange that refuses every call {@code MISCONFIGURED} with {@code problem} (naming the variable). */
    public static ToolCallExchange misconfigured(Authorizer authorizer, String problem) {
        return new ToolCallExchange(authorizer, null, Set.of(), problem);
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
            Body request = Body.parse(body);
            Optional<CallerIdentity> caller = CallerIdentity.parse(callerArn);
            if (caller.isEmpty()) {
                return refused(ReasonCode.NO_CALLER, "the caller is not an IAM role session", request, callerArn, null);
            }
            String agent = "arn:aws:iam::" + caller.get().account() + ":role/" + caller.get().role();
            if (misconfigured != null) {
                return refused(ReasonCode.MISCONFIGURED, misconfigured, request, callerArn, agent);
            }
            if (!agentAccounts.contains(caller.get().account())) {
                return refused(ReasonCode.FOREIGN_AGENT, "agents of account " + caller.get().account()
                        + " may not ask this exchange (" + ExchangeConfig.AGENT_ACCOUNTS.name() + ")", request, callerArn, agent);
            }
            if (request.problem() != null) {
                return refused(ReasonCode.BAD_REQUEST, request.problem(), request, callerArn, agent);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> arguments = (Map<String, Object>) request.json().get("arguments");
            return ExchangeResult.ofToolCall(authorizer.decideToolCall(new ToolCallRequest(
                    AuthorizerEvents.bearer(authorization), agent, request.tool(), arguments, (String) request.json().get("txn")),
                    function -> deployment.functionArns(caller.get().partition(), function)));
        } catch (RuntimeException e) {
            return ExchangeResult.toolCallRefusal(ReasonCode.INTERNAL_ERROR, "internal error");
        }
    }

    /** A refusal made here, recorded as the authorizer records its decisions. */
    private ExchangeResult refused(ReasonCode code, String message, Body request, String callerArn, String agent) {
        // Bounded as the hop exchange bounds it: a record over DynamoDB's item limit would stop every later decision.
        Decision recorded = authorizer.refuseToolCall(code, message, request.tool(),
                callerArn == null ? null : WritExchange.bounded(callerArn), agent);
        // While earlier records are not written the authorizer refuses LINEAGE_UNAVAILABLE instead.
        return recorded.reason() == code ? ExchangeResult.toolCallRefusal(code, message) : ExchangeResult.ofToolCall(recorded);
    }

    /**
     * A request body read: its JSON, the tool it names (when a string, for the record even of a
     * refused call) and what is wrong with it, if anything.
     */
    private record Body(Map<String, Object> json, String tool, String problem) {
        static Body parse(String body) {
            if (body == null || body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
                return new Body(null, null, "no body, or over " + MAX_BODY_BYTES + " bytes");
            }
            Map<String, Object> json;
            try {
                json = Json.parseObject(body);
            } catch (JsonException e) {
                return new Body(null, null, "not a JSON object: " + e.getMessage());
            }
            String tool = json.get("tool") instanceof String t ? t : null;
            if (!MEMBERS.containsAll(json.keySet()) || tool == null || tool.isEmpty()
                    || !(json.get("arguments") instanceof Map<?, ?>)
                    || json.containsKey("txn") && !(json.get("txn") instanceof String)) {
                return new Body(json, tool, "expected {\"tool\": string, \"arguments\": object, \"txn\"?: string} and nothing else");
            }
            return new Body(json, tool, null);
        }
    }
}
