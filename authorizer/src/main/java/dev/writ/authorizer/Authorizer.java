package dev.writ.authorizer;


import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponse;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.amazonaws.services.lambda.runtime.events.SimpleIAMPolicyResponse;
import dev.writ.authorizer.auth.Authentication;
import dev.writ.authorizer.auth.Caller;
import dev.writ.authorizer.auth.CallerAuthenticator;
import dev.writ.authorizer.event.AuthorizerEvents;
import dev.writ.authorizer.event.AuthzInput;
import dev.writ.authorizer.event.RestAuthorizerEvent;
import dev.writ.authorizer.internal.IssuerSettings;
import dev.writ.authorizer.response.AuthorizerResponses;
import dev.writ.core.json.JsonException;
import dev.writ.guard.lineage.LineageBacklog;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.tool.ToolCall;
import dev.writ.guard.writ.Actor;
import dev.writ.guard.writ.BoundInputs;
import dev.writ.guard.writ.PolicyRef;
import dev.writ.guard.writ.Scope;
import dev.writ.guard.writ.WritClaims;
import dev.writ.guard.writ.WritCodec;
import dev.writ.policy.bundle.Route;
import dev.writ.policy.bundle.RuntimeScope;
import dev.writ.policy.bundle.RouteMatch;
import dev.writ.policy.bundle.Tool;
import dev.writ.policy.eval.AuthorizerContext;
import dev.writ.policy.eval.AuthzRequest;
import dev.writ.policy.eval.Evaluation;
import dev.writ.policy.eval.PolicyBundle;
import dev.writ.policy.eval.ToolContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The authorizer engine: authenticates the caller, maps the request to a Cedar request through the
 * bundle's route mapping, decides (default deny), mints and signs a writ bound to this request,
 * appends the decision to lineage after the answer ({@link LineageBacklog}), and logs one JSON line. Plain Java; the Micronaut handlers and
 * {@code writ authorize} are thin front ends over it.
 *
 * <p>Fails closed: a bundle that did not load, an unreachable JWKS, an unknown route, an oversize
 * header, a signing error, a lineage outage, or any unexpected exception is a denial with its own
 * {@link ReasonCode}, never an allow and never an exception to the caller. Thread-safe.
 */
public final class Authorizer {

    /** The most bytes of canonical arguments a tool call is decided on (the guard reads no more). */
    static final int MAX_TOOL_ARGUMENT_BYTES = 64 * 1024;

    private final IssuerSettings settings;
    private final Optional<PolicyBundle> bundle;
    private final CallerAuthenticator authenticator;
    private final AuthorizerEvents events;
    private final DecisionLog log;
    private final String misconfigured;

    private Authorizer(Builder b, IssuerSettings settings) {
        this.settings = settings;
        this.bundle = settings.bundle();
        this.authenticator = b.authenticator;
        this.events = new AuthorizerEvents(b.maxHeaderBytes);
        this.log = new DecisionLog(settings.log());
        this.misconfigured = settings.problem(authenticator == null ? "no IdP configured" : null);
    }

    /** A builder; see {@link AuthorizerConfig} for the one made from {@code WRIT_*} variables. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Decides a REST API TOKEN or REQUEST event, read with its multi-value maps as API Gateway sends
     * them, so every value of a repeated header or query parameter counts as the guard counts it.
     * An {@link Decision.Effect#UNAUTHORIZED} decision should become a 401.
     */
    public Decision decide(RestAuthorizerEvent event) {
        return decide(() -> events.rest(event));
    }

    /** Decides an HTTP API REQUEST event. */
    public Decision decide(APIGatewayV2CustomAuthorizerEvent event) {
        return decide(() -> events.http(event));
    }

    /** REST response (the handler answers an {@link Decision.Effect#UNAUTHORIZED} decision with a 401 instead). */
    public IamPolicyResponseV1 restResponse(RestAuthorizerEvent event, Decision decision) {
        return AuthorizerResponses.rest(decision, event.getMethodArn());
    }

    /** HTTP API simple response. */
    public SimpleIAMPolicyResponse httpSimpleResponse(Decision decision) {
        return AuthorizerResponses.httpSimple(decision);
    }

    /** HTTP API IAM response. */
    public IamPolicyResponse httpIamResponse(APIGatewayV2CustomAuthorizerEvent event, Decision decision) {
        return AuthorizerResponses.httpIam(decision, event.getRouteArn());
    }

    private Decision decide(Supplier<AuthzInput> read) {
        Step step = new Step();
        return recorded(step, () -> {
            step.input = read.get();
            return decide(step.input, step);
        });
    }

    /**
     * Decides one tool call an AI agent makes for the bearer of {@code call.token()}
     * (docs/agents.md): the user authenticated as for a request, the bundle's tool (manifest
     * {@code tools}) as the Cedar action and resource, {@link ToolContext} as the context, the
     * arguments typed and validated by the schema. An allowed call gets a single-use writ for the
     * tool's function, bound to the tool ({@code in.tool}) and the digest of the arguments'
     * canonical JSON ({@code in.args}), with the agent as its actor ({@code act}). Its {@code txn}
     * is derived from the host's session id ({@code call.transaction()}), the issuer, the user and
     * the agent ({@link AgentSession}): the same id from another user or agent is another transaction.
     *
     * @param audience the writ's {@code aud} for the tool's function (bundle name): the tool-call
     *                 exchange names it by the ARN of each Lambda function it is deployed as, so
     *                 another deployment's same-named function refuses the writ
     */
    public Decision decideToolCall(ToolCallRequest call, Function<String, List<String>> audience) {
        Step step = new Step();
        return recorded(step, () -> decideTool(call, audience, step));
    }

    /**
     * Records, logs and returns a tool call refused before it could be decided, by the entry that
     * authenticates its agent (the tool-call exchange: a caller that is no IAM role session, an agent
     * of a foreign account, the exchange's own misconfiguration, a body that is no tool call), so
     * lineage accounts for it as for any decision. Its record's {@code reason} is the code followed
     * by {@code caller=<ARN>} when a caller was reported; {@code tool} the name the body gave,
     * unverified; {@code agent} the agent, when the entry authenticated one.
     *
     * @param reason the code of the refusal
     * @param detail for the log only
     * @param tool   the tool the call named, or null when it could not be read
     * @param caller the caller's ARN as the entry reports it, or null for none
     * @param agent  the agent as the entry authenticated it (its IAM role), or null when it could not
     */
    public Decision refuseToolCall(ReasonCode reason, String detail, String tool, String caller, String agent) {
        Step step = new Step();
        step.tool = tool == null ? null : ToolCall.recordableName(tool);
        step.caller = caller;
        step.agent = agent;
        return recorded(step, () -> Decision.deny(reason, detail, null));
    }

    /** Runs {@code decide}, then appends the decision to lineage and logs it; anything unexpected is a deny. */
    private Decision recorded(Step step, Supplier<Decision> decide) {
        long start = System.nanoTime();
        Decision decision;
        try {
            Optional<Decision> refused = backlogRefusal();
            decision = refused.isPresent() ? refused.get() : decide.get();
        } catch (RuntimeException e) {
            decision = Decision.deny(ReasonCode.INTERNAL_ERROR, e.getClass().getSimpleName(), step.principal);
        }
        record(decision, step);
        log.log(decision, step.input, step.function, bundle.map(PolicyBundle::label).orElse(null),
                (System.nanoTime() - start) / 1000);
        if (settings.lineage() != null) {
            // Without the Lambda extension this writes the decision record now; with it, after the answer.
            settings.lineage().invocationEnded(null);
        }
        return decision;
    }

    /**
     * Decision records an earlier request could not write come first: while they cannot be
     * written, every request is refused ({@code LINEAGE_UNAVAILABLE}), and its record waits too.
     */
    private Optional<Decision> backlogRefusal() {
        return settings.backlogFailure().map(failure -> Decision.deny(ReasonCode.LINEAGE_UNAVAILABLE,
                "earlier decision records not written: " + failure, null));
    }

    /** What was learnt on the way to a decision, for lineage and the log line. */
    private static final class Step {
        AuthzInput input;
        String principal;
        String function;
        String action;
        String resource;
        // A tool call's session, derived once the user is authenticated: its denials belong to it too.
        String transaction;
        // The agent that asked for a tool call, as its entry authenticated it (the writ's act).
        String agent;
        // The tool a tool call named (the writ binds only its digest): the bundle's name once
        // mapped, else (UNKNOWN_TOOL, or refused before it was decided) the caller's, unverified.
        String tool;
        // A tool call refused before it was decided: who asked, as IAM reported it.
        String caller;
    }

    private Decision decide(AuthzInput input, Step step) {
        if (misconfigured != null) {
            return Decision.deny(ReasonCode.MISCONFIGURED, misconfigured, null);
        }
        if (input.problem().isPresent()) {
            AuthzInput.Problem p = input.problem().get();
            return switch (p.code()) {
                case OVERSIZE_HEADER -> Decision.deny(ReasonCode.OVERSIZE_HEADER, p.detail(), null);
                // Deciding on one of them would be deciding on whichever the gateway kept.
                case TOKENS_DIFFER -> Decision.unauthorized(ReasonCode.BAD_TOKEN, p.detail());
                case MALFORMED_EVENT -> Decision.deny(ReasonCode.INTERNAL_ERROR, p.detail(), null);
            };
        }
        if (bundle.isEmpty()) {
            return Decision.deny(ReasonCode.BUNDLE_INVALID, settings.bundleProblem(), null);
        }
        Authenticated authenticated = authenticate(input.token());
        if (authenticated.refusal() != null) {
            return authenticated.refusal();
        }
        Caller caller = authenticated.caller();
        step.principal = caller.subject();
        PolicyBundle policies = bundle.get();
        Optional<RouteMatch> route = route(policies, input);
        if (route.isEmpty()) {
            return Decision.deny(ReasonCode.UNKNOWN_ROUTE, input.binding().method() + " " + input.binding().path(), caller.subject());
        }
        RouteMatch match = route.get();
        step.function = match.function();
        step.action = match.action();
        step.resource = match.resource();
        RouteMatch.ContextValues inputs = match.contextValues(in -> input.inputs().values(boundKey(in)));
        if (inputs.problem().isPresent()) {
            return Decision.deny(ReasonCode.BAD_REQUEST, inputs.problem().get(), caller.subject());
        }
        // Whole seconds, like the writ's iat: the policies see the time the writ will claim.
        Instant now = settings.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        // The bundle sends each action only the attributes its schema declares and its policies
        // can read (PolicyBundle.authorize); its build checked that each route's request fits.
        Map<String, Object> context = AuthorizerContext.of(inputs.values(), now, caller.mfa(), caller.scopes(),
                input.sourceIp());
        // Every request value Cedar is sent is bound into the writ: the route's inputs, and the
        // source address when this action's policies may read it. The guard recomputes each from
        // its event, and another value is a REQUEST_MISMATCH naming the input.
        Map<String, String> bound = new HashMap<>();
        inputs.bound().forEach((in, value) -> bound.put(boundKey(in), value));
        if (context.containsKey(AuthorizerContext.SOURCE_IP)
                && policies.sendsContext(match.action(), AuthorizerContext.SOURCE_IP)) {
            bound.put(BoundInputs.SOURCE_IP, input.sourceIp());
        }
        Evaluation evaluation = policies.authorize(AuthzRequest.forRoute(match, caller.subject(), caller.groups(), context));
        if (!evaluation.isAllowed()) {
            String detail = evaluation.errors().isEmpty() ? "determining " + evaluation.determiningPolicies()
                    : "errors " + evaluation.errors();
            return Decision.deny(ReasonCode.POLICY_DENY, detail, caller.subject());
        }
        return mint(input, BoundInputs.ofValues(bound), caller, match, evaluation, policies, now, step);
    }

    /** The caller a bearer token authenticates, or the decision that refuses it. */
    private record Authenticated(Caller caller, Decision refusal) {
    }

    private Authenticated authenticate(String token) {
        if (token == null) {
            return new Authenticated(null, Decision.unauthorized(ReasonCode.NO_TOKEN, "no bearer token"));
        }
        Authentication auth = authenticator.authenticate(token);
        if (auth.caller().isEmpty()) {
            return new Authenticated(null, auth.failure() == Authentication.Failure.KEYS_UNAVAILABLE
                    ? Decision.deny(ReasonCode.JWKS_UNAVAILABLE, auth.detail(), null)
                    : Decision.unauthorized(ReasonCode.BAD_TOKEN, auth.detail()));
        }
        return new Authenticated(auth.caller().get(), null);
    }

    private Decision decideTool(ToolCallRequest call, Function<String, List<String>> audience, Step step) {
        boolean noAgent = call.agent() == null || call.agent().isBlank();
        step.agent = noAgent ? null : call.agent();
        if (misconfigured != null) {
            return Decision.deny(ReasonCode.MISCONFIGURED, misconfigured, null);
        }
        if (bundle.isEmpty()) {
            return Decision.deny(ReasonCode.BUNDLE_INVALID, settings.bundleProblem(), null);
        }
        Authenticated authenticated = authenticate(call.token());
        if (authenticated.refusal() != null) {
            return authenticated.refusal();
        }
        Caller caller = authenticated.caller();
        step.principal = caller.subject();
        if (noAgent) {
            return Decision.deny(ReasonCode.BAD_REQUEST, "a tool call needs an agent", caller.subject());
        }
        if (call.transaction() != null) {
            String problem = AgentSession.problem(call.transaction());
            if (problem != null) {
                return Decision.deny(ReasonCode.BAD_REQUEST, problem, caller.subject());
            }
            step.transaction = AgentSession.transaction(settings.issuer(), caller.subject(), call.agent(), call.transaction());
        }
        if (call.tool() == null || call.arguments() == null) {
            return Decision.deny(ReasonCode.BAD_REQUEST, "a tool call needs a tool and arguments", caller.subject());
        }
        PolicyBundle policies = bundle.get();
        Optional<Tool> mapped = policies.manifest().tool(call.tool());
        if (mapped.isEmpty()) {
            // The auditor sees which tool was asked for (a prompt-injected one, say), as the caller named it.
            step.tool = ToolCall.recordableName(call.tool());
            return Decision.deny(ReasonCode.UNKNOWN_TOOL, "tool " + call.tool(), caller.subject());
        }
        Tool tool = mapped.get();
        step.tool = tool.name();
        step.function = tool.function();
        step.action = tool.action();
        step.resource = tool.resource();
        String arguments;
        try {
            arguments = BoundInputs.canonicalJson(call.arguments());
        } catch (JsonException inexact) {
            // The guard refuses such arguments: a writ for them could also run other arguments.
            return Decision.deny(ReasonCode.BAD_REQUEST, "arguments not bound exactly: " + inexact.getMessage(), caller.subject());
        }
        if (arguments.getBytes(StandardCharsets.UTF_8).length > MAX_TOOL_ARGUMENT_BYTES) {
            return Decision.deny(ReasonCode.BAD_REQUEST, "arguments over " + MAX_TOOL_ARGUMENT_BYTES + " bytes", caller.subject());
        }
        Evaluation evaluation = policies.authorize(AuthzRequest.forTool(tool, caller.subject(), caller.groups(),
                ToolContext.of(call.arguments(), call.agent(), caller.mfa())));
        if (evaluation.refused()) {
            return Decision.deny(ReasonCode.BAD_REQUEST, "arguments do not fit the tool's input: " + evaluation.errors(),
                    caller.subject());
        }
        if (!evaluation.isAllowed()) {
            return Decision.deny(ReasonCode.POLICY_DENY, "determining " + evaluation.determiningPolicies(), caller.subject());
        }
        long iat = settings.clock().instant().getEpochSecond();
        WritClaims writ = WritClaims.builder()
                .issuer(settings.issuer())
                .subject(caller.subject())
                .audience(audience.apply(tool.function()))
                .issuedAt(iat)
                .notBefore(iat)
                .expiresAt(iat + settings.lifetime().toSeconds())
                .id(UUID.randomUUID().toString())
                .action(tool.action())
                .resource(tool.resource())
                .inputs(BoundInputs.ofValues(Map.of(BoundInputs.TOOL, tool.name(), BoundInputs.ARGS, arguments)))
                .policy(new PolicyRef(policies.manifest().name(), policies.manifest().revision(),
                        policies.contentHash(), evaluation.determiningPolicies()))
                // Without a session id the call is a transaction of its own.
                .transaction(step.transaction == null ? UUID.randomUUID().toString() : step.transaction)
                .actor(Actor.of(call.agent()))
                .groups(caller.groups().stream().sorted().toList())
                .singleUse(true)
                .build();
        return sign(writ, caller.subject());
    }

    /** The writ's {@code in} key of a route's header or query input (path inputs are bound by the path). */
    private static String boundKey(Route.ContextInput input) {
        return input.source() == Route.ContextInput.Source.HEADER ? BoundInputs.header(input.name())
                : BoundInputs.query(input.name());
    }

    private Optional<RouteMatch> route(PolicyBundle policies, AuthzInput input) {
        String routeKey = input.routeKey();
        if (routeKey != null && !routeKey.equals("$default")) {
            Optional<RouteMatch> byKey = policies.manifest().matchKey(routeKey, input.pathParameters());
            if (byKey.isPresent()) {
                return byKey;
            }
        }
        String path = input.binding().path();
        String stage = input.binding().stage();
        if (input.kind() == AuthzInput.Kind.HTTP_REQUEST && stage != null && !stage.equals("$default")
                && path.startsWith("/" + stage + "/")) {
            // An HTTP API's rawPath carries a named stage; the route mapping does not.
            path = path.substring(stage.length() + 1);
        }
        return policies.route(input.binding().method(), path);
    }

    private Decision mint(AuthzInput input, BoundInputs bound, Caller caller, RouteMatch match, Evaluation evaluation,
                         PolicyBundle policies, Instant now, Step step) {
        long iat = now.getEpochSecond();
        WritClaims writ = WritClaims.builder()
                .issuer(settings.issuer())
                .subject(caller.subject())
                .audience(match.function())
                .issuedAt(iat)
                .notBefore(iat)
                .expiresAt(iat + settings.lifetime().toSeconds())
                .id(UUID.randomUUID().toString())
                .action(step.action)
                .resource(step.resource)
                .request(input.binding())
                .inputs(bound)
                .policy(new PolicyRef(policies.manifest().name(), policies.manifest().revision(),
                        policies.contentHash(), evaluation.determiningPolicies()))
                .transaction(UUID.randomUUID().toString())
                .groups(caller.groups().stream().sorted().toList())
                .scope(match.route().scope().map(Authorizer::writScope).orElse(null))
                .build();
        return sign(writ, caller.subject());
    }

    private Decision sign(WritClaims writ, String subject) {
        String token;
        try {
            token = WritCodec.encode(writ, settings.signer().get());
        } catch (RuntimeException e) {
            // SigningException (KMS down, access denied) and a signer that could not be made alike.
            return Decision.deny(ReasonCode.SIGNING_FAILED, e.getMessage(), subject);
        }
        return Decision.allow(subject, writ, token);
    }

    /** A bundle's runtime scope as the writ's {@code scp} claim. */
    public static Scope writScope(RuntimeScope scope) {
        return new Scope(scope.actions(), scope.resources());
    }

    /**
     * Defers the decision record until the answer is out ({@link LineageBacklog}): the request
     * waits for no lineage write. A record that then cannot be written is kept and refuses the
     * requests after it until it is; the execution an allow starts cannot run unrecorded anyway,
     * since the guard writes its verification record before user code runs.
     */
    private void record(Decision decision, Step step) {
        if (settings.lineage() == null) {
            return;
        }
        settings.lineage().defer(LineageRecord.draft(LineageRecord.Type.DECISION)
                .ts(settings.clock().millis())
                .function(settings.name())
                .execId(decision.writ().map(WritClaims::id).orElse(null))
                .transaction(decision.writ().flatMap(WritClaims::transaction).orElse(step.transaction))
                .principal(step.principal)
                .action(step.action)
                .resource(step.resource)
                .tool(step.tool)
                .agent(step.agent)
                .decision(decision.effectName())
                .reason(decision.reason().name() + (step.caller == null ? "" : " caller=" + step.caller))
                .bundle(bundle.map(PolicyBundle::label).orElse(null))
                .build());
    }

    /** Builds an {@link Authorizer}: the settings every writ-minting engine has, and the caller's authentication. */
    public static final class Builder extends IssuerSettings.Builder<Builder> {
        private CallerAuthenticator authenticator;
        private int maxHeaderBytes = 8192;

        private Builder() {
            super("authorizer");
        }

        public Builder authenticator(CallerAuthenticator authenticator) {
            this.authenticator = authenticator;
            return this;
        }

        /** Largest header (and token) accepted, in UTF-8 bytes (default 8192). */
        public Builder maxHeaderBytes(int bytes) {
            this.maxHeaderBytes = bytes;
            return this;
        }

        public Authorizer build() {
            return new Authorizer(this, settings());
        }
    }
}
