package dev.writ.authorizer.exchange;

import dev.writ.authorizer.Authorizer;
import dev.writ.authorizer.internal.IssuerSettings;
import dev.writ.core.jose.Signer;
import dev.writ.core.json.Json;
import dev.writ.guard.hop.LambdaClientContext;
import dev.writ.guard.lineage.LineageBacklog;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.replay.ReplayStore;
import dev.writ.guard.replay.ReplayStoreUnavailableException;
import dev.writ.guard.writ.Actor;
import dev.writ.guard.writ.BoundInputs;
import dev.writ.guard.writ.FunctionIdentity;
import dev.writ.guard.writ.PolicyRef;
import dev.writ.guard.writ.ReasonCode;
import dev.writ.guard.writ.Verification;
import dev.writ.guard.writ.VerifierConfig;
import dev.writ.guard.writ.WritClaims;
import dev.writ.guard.writ.WritCodec;
import dev.writ.guard.writ.WritVerifier;
import dev.writ.policy.bundle.Hop;
import dev.writ.policy.eval.AuthzRequest;
import dev.writ.policy.eval.Evaluation;
import dev.writ.policy.eval.HopContext;
import dev.writ.policy.eval.PolicyBundle;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The writ exchange: turns the writ a guarded execution holds (the parent) and one outgoing call
 * (a hop) into a child writ for the callee, or refuses with a reason code.
 *
 * <p>In order: the caller must be an IAM-authenticated Lambda function role session of this
 * account, of a configured function's role when roles are configured ({@code CALLER_MISMATCH}), the request well-formed ({@code BAD_REQUEST}), the parent
 * verified as its guard verifies it, with the calling function as audience (the guard's codes:
 * {@code WRONG_AUDIENCE} for another function's writ), the hop one the bundle maps
 * ({@code UNKNOWN_HOP}), a target (function, queue, topic, bus, state machine) in the exchange's own
 * partition, account and region ({@code FOREIGN_TARGET}), the digest of what the call carries unless
 * the hop takes any payload ({@code UNBOUND_PAYLOAD}), no deeper than the maximum ({@code DEPTH_EXCEEDED}), allowed by Cedar
 * ({@code POLICY_DENY}), a {@code lambda:Invoke} child that fits the client context it travels in
 * ({@code CHILD_TOO_LARGE}), and a single-use hop asked for once per parent ({@code REPLAYED}). The
 * child's audience is the function that runs it, by unqualified function ARN (a same-named function
 * elsewhere is another function): a {@code lambda:Invoke} target, or the bundle's consumer of a
 * message hop ({@linkplain Builder#functionNames by its deployed names}); a queue's child also binds
 * the queue's ARN ({@code in.src}). It keeps the subject, its groups and the transaction, names the parent ({@code par}) and the
 * functions it passed through ({@code act}), and lives no longer than the parent. Every hop, allowed
 * or refused, is appended to lineage (type {@code exchange}) after the answer ({@link LineageBacklog},
 * as the authorizer's decisions); while a record cannot be written, every hop is refused
 * ({@code LINEAGE_UNAVAILABLE}). Signing uses the authorizer's signer: with {@code kms-delegated}, no KMS call
 * per exchange; a {@code lambda:Invoke} child, which must fit Lambda's client context, is signed by
 * the {@linkplain Builder#clientContextSigner client-context signer}. Plain Java, thread-safe; nothing is thrown to the caller.
 */
public final class WritExchange {

    /** Default deepest hop chain: four functions acting for one subject. */
    public static final int DEFAULT_MAX_DEPTH = 4;

    /**
     * The most of a caller's ARN (in code points) a record or log line keeps, the rest replaced by
     * {@code …}: a real role session's is under 200, while a direct invocation writes its own event,
     * and with it a caller of any size (a lineage item holds 400 KB at most).
     */
    public static final int CALLER_LIMIT = 256;

    private final IssuerSettings settings;
    private final Optional<PolicyBundle> bundle;
    private final String bundleProblem;
    private final WritVerifier verifier;
    private final Optional<ReplayStore> replay;
    private final Duration clockSkew;
    private final Supplier<Signer> signer;
    private final Supplier<Signer> clientContextSigner;
    private final String issuer;
    private final Duration lifetime;
    private final int maxDepth;
    private final FunctionDeployment deployment;
    private final Map<String, String> functionsByRole;
    private final Clock clock;
    private final LineageBacklog lineage;
    private final String name;
    private final PrintStream log;
    private final String misconfigured;

    private WritExchange(Builder b, IssuerSettings settings) {
        this.settings = settings;
        this.bundle = settings.bundle();
        this.bundleProblem = settings.bundleProblem();
        this.verifier = b.verifier == null ? null : new WritVerifier(b.verifier);
        this.replay = b.verifier == null ? Optional.empty() : b.verifier.replayStore();
        this.clockSkew = b.verifier == null ? VerifierConfig.DEFAULT_CLOCK_SKEW : b.verifier.clockSkew();
        this.signer = settings.signer();
        this.clientContextSigner = b.clientContextSigner == null ? settings.signer() : b.clientContextSigner;
        this.issuer = settings.issuer();
        this.lifetime = settings.lifetime();
        this.maxDepth = b.maxDepth;
        this.deployment = new FunctionDeployment(b.account, b.region, b.functionNames);
        this.functionsByRole = b.functionsByRole;
        this.clock = settings.clock();
        this.lineage = settings.lineage();
        this.name = settings.name();
        this.log = settings.log();
        String problem = settings.problem(verifier == null ? "no verifier configured" : null);
        this.misconfigured = problem != null ? problem
                : b.account == null ? "no account configured" : b.region == null ? "no region configured" : null;
    }

    /** A builder; see {@link ExchangeConfig} for the one made from the environment. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Answers one hop request.
     *
     * @param body      the request's JSON body ({@code writ}, {@code kind}, {@code target}, optional
     *                  {@code payload} and {@code singleUse})
     * @param callerArn the caller's ARN as the IAM-authenticated entry reports it; null when it reports none
     */
    public ExchangeResult exchange(String body, String callerArn) {
        long start = System.nanoTime();
        Step step = new Step();
        ExchangeResult result;
        try {
            Optional<ExchangeResult> refused = backlogRefusal();
            result = refused.isPresent() ? refused.get() : decide(body, callerArn, step);
        } catch (RuntimeException e) {
            result = ExchangeResult.refused(ExchangeReason.INTERNAL_ERROR, e.getClass().getSimpleName());
        }
        record(result, step, callerArn);
        logLine(result, step, callerArn, (System.nanoTime() - start) / 1000);
        if (lineage != null) {
            // Without the Lambda extension this writes the exchange record now; with it, after the answer.
            lineage.invocationEnded(null);
        }
        return result;
    }

    /**
     * Exchange records an earlier hop could not write come first: while they cannot be written,
     * every hop is refused ({@code LINEAGE_UNAVAILABLE}), and its record waits too.
     */
    private Optional<ExchangeResult> backlogRefusal() {
        return settings.backlogFailure().map(failure -> ExchangeResult.refused(ExchangeReason.LINEAGE_UNAVAILABLE,
                "earlier exchange records not written: " + failure));
    }

    /** What was learnt on the way to an answer, for lineage and the log line. */
    private static final class Step {
        String principal;
        String function;
        String action;
        String resource;
        String txn;
        String parent;
        String target;
        List<String> determining;
    }

    private ExchangeResult decide(String body, String callerArn, Step step) {
        if (misconfigured != null) {
            return ExchangeResult.refused(ExchangeReason.MISCONFIGURED, misconfigured);
        }
        if (callerArn == null || callerArn.isEmpty()) {
            return ExchangeResult.refused(ExchangeReason.NO_CALLER, "no IAM-authenticated caller");
        }
        Optional<CallerIdentity> identity = CallerIdentity.parse(callerArn);
        Optional<String> caller = identity.flatMap(this::callerFunction);
        if (caller.isEmpty()) {
            return ExchangeResult.refused(ExchangeReason.CALLER_MISMATCH, "the caller is not a function role session of this account");
        }
        String function = caller.get();
        String partition = identity.get().partition();
        step.function = function;
        HopRequest request;
        try {
            request = HopRequest.parse(body);
        } catch (IllegalArgumentException e) {
            return ExchangeResult.refused(ExchangeReason.BAD_REQUEST, e.getMessage());
        }
        if (bundle.isEmpty()) {
            return ExchangeResult.refused(ExchangeReason.BUNDLE_INVALID, bundleProblem);
        }
        // A parent that is itself a Lambda hop's child names the caller by ARN: the deployed function
        // Lambda named the session after, in this exchange's account and region.
        Verification parentCheck = verifier.verifyHeld(request.writ(),
                new FunctionIdentity(function, deployment.functionArn(partition, identity.get().session())));
        parentCheck.claims().ifPresent(p -> {
            step.principal = p.subject();
            step.txn = childTransaction(p);
            step.parent = p.id();
        });
        if (!parentCheck.isAllowed()) {
            return ExchangeResult.refusedParent(parentCheck.reason().orElse(ReasonCode.INTERNAL_ERROR),
                    "parent writ refused: " + parentCheck.detail());
        }
        WritClaims parent = parentCheck.claims().orElseThrow();
        Optional<Hop.Kind> kind = Hop.Kind.fromWire(request.kind());
        if (kind.isEmpty()) {
            return ExchangeResult.refused(ExchangeReason.BAD_REQUEST, "unknown kind \"" + request.kind() + "\"");
        }
        Optional<HopTarget> target = HopTarget.parse(kind.get(), request.target());
        if (target.isEmpty()) {
            return ExchangeResult.refused(ExchangeReason.BAD_REQUEST, "not a target of " + request.kind());
        }
        if (request.envelope() && kind.get() != Hop.Kind.LAMBDA_INVOKE) {
            return ExchangeResult.refused(ExchangeReason.BAD_REQUEST, "only a lambda:Invoke child travels in an envelope");
        }
        if (request.payload() != null && !BoundInputs.isDigest(request.payload())) {
            return ExchangeResult.refused(ExchangeReason.BAD_REQUEST, "payload must be a base64url SHA-256 digest");
        }
        PolicyBundle policies = bundle.get();
        Optional<Hop> mapped = policies.manifest().hop(kind.get(), target.get().name());
        if (mapped.isEmpty()) {
            return ExchangeResult.refused(ExchangeReason.UNKNOWN_HOP, "the bundle maps no hop " + request.kind() + " " + target.get().name());
        }
        Hop hop = mapped.get();
        step.action = hop.action();
        step.resource = hop.resource();
        String targetArn = target.get().arn(partition, deployment.region(), deployment.account());
        step.target = targetArn;
        if (!target.get().isIn(partition, deployment.region(), deployment.account())) {
            return ExchangeResult.refused(ExchangeReason.FOREIGN_TARGET, "the target " + targetArn
                    + " is not of this exchange's account " + deployment.account() + " and region " + deployment.region());
        }
        if (request.payload() == null && !hop.anyPayload()) {
            return ExchangeResult.refused(ExchangeReason.UNBOUND_PAYLOAD, "the hop " + hop.key()
                    + " binds what the call carries: send its digest as \"payload\"");
        }
        // A function's deployed names, not only the bundle's: a same-named function elsewhere is another
        // function. A consumer deployed as several functions is named by each (one run in all when single use).
        List<String> audience = kind.get() == Hop.Kind.LAMBDA_INVOKE ? List.of(targetArn)
                : deployment.functionArns(partition, hop.function());
        int depth = parent.actor().map(Actor::depth).orElse(0) + 1;
        if (depth > maxDepth) {
            return ExchangeResult.refused(ExchangeReason.DEPTH_EXCEEDED, "a child at depth " + depth + " exceeds " + maxDepth);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String txn = childTransaction(parent);
        Evaluation evaluation = policies.authorize(AuthzRequest.forHop(policies.manifest().functionType(), hop, function,
                HopContext.of(parent.subject(), policies.roles(parent.groups()), txn, depth, parent.action().orElse(null), now)));
        step.determining = evaluation.determiningPolicies();
        if (!evaluation.isAllowed()) {
            return ExchangeResult.refused(ExchangeReason.POLICY_DENY,
                    evaluation.errors().isEmpty() ? "the bundle's policies deny this hop" : "Cedar refused the request");
        }
        long exp = Math.min(now.getEpochSecond() + lifetime.toSeconds(), parent.expiresAt());
        if (exp <= now.getEpochSecond()) {
            return ExchangeResult.refusedParent(ReasonCode.EXPIRED, "the parent writ has no life left to give");
        }
        boolean singleUse = hop.singleUse() || request.singleUse();
        WritClaims child = WritClaims.builder()
                .issuer(issuer)
                .subject(parent.subject())
                .audience(audience)
                .issuedAt(now.getEpochSecond())
                .notBefore(now.getEpochSecond())
                .expiresAt(exp)
                .id(UUID.randomUUID().toString())
                .action(hop.action())
                .resource(hop.resource())
                .inputs(BoundInputs.ofDigests(boundInputs(kind.get(), request.payload(), targetArn)))
                .policy(new PolicyRef(policies.manifest().name(), policies.manifest().revision(), policies.contentHash(),
                        evaluation.determiningPolicies()))
                .transaction(txn)
                .parent(parent.id())
                .actor(parent.actor().map(a -> a.then(function)).orElse(Actor.of(function)))
                .groups(parent.groups())
                .scope(hop.scope().map(Authorizer::writScope).orElse(null))
                .singleUse(singleUse)
                .build();
        String token;
        try {
            token = WritCodec.encode(child, (kind.get() == Hop.Kind.LAMBDA_INVOKE ? clientContextSigner : signer).get());
        } catch (RuntimeException e) {
            return ExchangeResult.refused(ExchangeReason.SIGNING_FAILED, "the child writ could not be signed");
        }
        if (kind.get() == Hop.Kind.LAMBDA_INVOKE && !request.envelope() && !LambdaClientContext.fitsAlone(token)) {
            return ExchangeResult.refused(ExchangeReason.CHILD_TOO_LARGE, "the " + token.length()
                    + "-character child would not fit Lambda's client context (" + LambdaClientContext.MAX_LENGTH
                    + " bytes of base64)");
        }
        // Spent only once the child is known to be usable: a refused child leaves the hop unspent.
        if (singleUse) {
            Optional<ExchangeResult> spent = spend(parent, hop, request.payload());
            if (spent.isPresent()) {
                return spent.get();
            }
        }
        return ExchangeResult.allowed(child, token);
    }

    /**
     * The transaction a child of {@code parent} carries: the parent's, else the parent's {@code jti}
     * (a writ without {@code txn} starts one). The exchange record names it too, so an auditor finds
     * the record, allowed or refused, with the child's own records.
     */
    private static String childTransaction(WritClaims parent) {
        return parent.transaction().orElse(parent.id());
    }

    /**
     * The bundle's name of the calling function: the function whose role the caller uses when
     * caller roles are configured (Lambda names the session after the deployed function, which
     * need not be the bundle's name), else the session name; empty for another account or role.
     */
    private Optional<String> callerFunction(CallerIdentity caller) {
        if (!caller.account().equals(deployment.account())) {
            return Optional.empty();
        }
        return functionsByRole.isEmpty() ? Optional.of(caller.session()) : Optional.ofNullable(functionsByRole.get(caller.role()));
    }

    /**
     * What a child binds: the digest it was given, as a Lambda payload or a message's body; and a
     * queue's ARN, which Lambda's poller reports as each record's {@code eventSourceARN} and no
     * sender can set, so a queue's child runs only on a record of that queue. A topic's is not bound:
     * its message may reach the consumer through a subscribed queue, whose record names the queue only.
     */
    private static Map<String, String> boundInputs(Hop.Kind kind, String payload, String targetArn) {
        Map<String, String> digests = new LinkedHashMap<>();
        if (payload != null) {
            digests.put(kind == Hop.Kind.LAMBDA_INVOKE ? BoundInputs.PAYLOAD : BoundInputs.BODY, payload);
        }
        if (kind == Hop.Kind.SQS_SEND_MESSAGE) {
            digests.put(BoundInputs.SOURCE_ARN, BoundInputs.digest(targetArn));
        }
        return digests;
    }

    /**
     * Spends a single-use hop of this parent: one child per parent, hop and payload, so a captured
     * parent cannot be turned into a second copy of a one-time call.
     */
    private Optional<ExchangeResult> spend(WritClaims parent, Hop hop, String payload) {
        if (replay.isEmpty()) {
            return Optional.of(ExchangeResult.refusedParent(ReasonCode.REPLAY_UNAVAILABLE,
                    "a single-use hop needs a replay table (WRIT_GUARD_REPLAY_TABLE)"));
        }
        String key = "hop " + parent.id() + " " + hop.key() + " " + (payload == null ? "-" : payload);
        try {
            if (!replay.get().consume(key, parent.expiry().plus(clockSkew))) {
                return Optional.of(ExchangeResult.refusedParent(ReasonCode.REPLAYED,
                        "this parent already spent its single-use hop " + hop.key()));
            }
            return Optional.empty();
        } catch (ReplayStoreUnavailableException e) {
            return Optional.of(ExchangeResult.refusedParent(ReasonCode.REPLAY_UNAVAILABLE, "the replay table cannot answer"));
        }
    }

    /**
     * Defers the exchange record until the answer is out: the hop waits for no lineage write. The
     * child's execution cannot run unrecorded anyway (its guard writes its verification record
     * before user code runs), and an allow whose record is then lost is named by the auditor's
     * completeness check. The reason is the code, then the determining policies when Cedar decided
     * or the target of a {@code FOREIGN_TARGET}, so an auditor sees why from lineage alone; a refusal
     * that names no parent (whose record would name the calling function) ends with the caller's
     * ARN as the function URL reported it, so the auditor also sees who asked: last, since a forged
     * one is any text.
     */
    private void record(ExchangeResult result, Step step, String callerArn) {
        if (lineage == null) {
            return;
        }
        String reason = result.reason();
        if (step.determining != null) {
            reason += " determining=" + (step.determining.isEmpty() ? "none" : String.join(",", step.determining));
        } else if (result.reason().equals(ExchangeReason.FOREIGN_TARGET.name())) {
            reason += " target=" + step.target;
        }
        if (!result.isAllowed() && step.parent == null && callerArn != null && !callerArn.isEmpty()) {
            reason += " caller=" + bounded(callerArn);
        }
        lineage.defer(LineageRecord.draft(LineageRecord.Type.EXCHANGE)
                .ts(clock.millis())
                .function(name)
                .execId(result.child().map(WritClaims::id).orElse(null))
                .transaction(step.txn)
                .parent(step.parent)
                .principal(step.principal)
                .action(step.action)
                .resource(step.resource)
                .decision(result.isAllowed() ? "allow" : "deny")
                .reason(reason)
                .bundle(bundle.map(PolicyBundle::label).orElse(null))
                .build());
    }

    private void logLine(ExchangeResult result, Step step, String callerArn, long micros) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("writ", "exchange");
        line.put("decision", result.isAllowed() ? "allow" : "deny");
        line.put("reason", result.reason());
        line.put("detail", result.message());
        line.put("caller", callerArn == null ? null : bounded(callerArn));
        line.put("function", step.function);
        line.put("action", step.action);
        line.put("resource", step.resource);
        line.put("target", step.target);
        line.put("par", step.parent);
        line.put("jti", result.child().map(WritClaims::id).orElse(null));
        line.put("determining", step.determining);
        line.put("micros", micros);
        line.values().removeIf(Objects::isNull);
        log.println(Json.write(line));
    }

    /** The caller's ARN cut to {@link #CALLER_LIMIT} code points (a forged one can be any size). */
    static String bounded(String callerArn) {
        if (callerArn.codePointCount(0, callerArn.length()) <= CALLER_LIMIT) {
            return callerArn;
        }
        return callerArn.substring(0, callerArn.offsetByCodePoints(0, CALLER_LIMIT)) + "…";
    }

    /** Builds a {@link WritExchange}: the settings every writ-minting engine has, and what the exchange alone needs. */
    public static final class Builder extends IssuerSettings.Builder<Builder> {
        private VerifierConfig verifier;
        private Supplier<Signer> clientContextSigner;
        private int maxDepth = DEFAULT_MAX_DEPTH;
        private String account;
        private String region;
        private Map<String, String> functionsByRole = Map.of();
        private Map<String, List<String>> functionNames = Map.of();

        private Builder() {
            super("writ-exchange");
        }

        /** What the guards trust: parents are verified with it, and single-use hops spent in its replay store. */
        public Builder verifier(VerifierConfig verifier) {
            this.verifier = verifier;
            return this;
        }

        /**
         * The signer of {@code lambda:Invoke} children, which travel in Lambda's client context
         * (3,583 bytes of base64): {@link dev.writ.authorizer.AuthorizerConfig.Signers#clientContext}.
         * Unset, {@link #signer} signs them too.
         */
        public Builder clientContextSigner(Supplier<Signer> clientContextSigner) {
            this.clientContextSigner = clientContextSigner;
            return this;
        }

        /** Deepest child: how many functions may act for one subject in a row (default 4). */
        public Builder maxDepth(int maxDepth) {
            if (maxDepth < 1) {
                throw new IllegalArgumentException("maxDepth must be at least 1");
            }
            this.maxDepth = maxDepth;
            return this;
        }

        /** The account whose functions may ask, and whose functions a {@code lambda:Invoke} may reach (12 digits). */
        public Builder account(String account) {
            this.account = account;
            return this;
        }

        /**
         * The exchange's region ({@code us-east-1}): a {@code lambda:Invoke} target must be a function of
         * this region and {@link #account}, and a bare name is read as one.
         */
        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /**
         * The execution role name of each function that may ask, by the function's bundle name. When
         * given, the caller's role names the calling function and any other role is refused (a
         * session name can be chosen by anyone who may assume some role, and Lambda's is the
         * deployed function's name); empty (the default) takes the session name as the function.
         *
         * @throws IllegalArgumentException when two functions share a role: the role could not name one
         */
        public Builder callerRoles(Map<String, String> roles) {
            Map<String, String> byRole = new java.util.HashMap<>();
            roles.forEach((function, role) -> {
                String other = byRole.put(role, function);
                if (other != null) {
                    throw new IllegalArgumentException("functions " + other + " and " + function + " share role " + role
                            + ": a role must name one function");
                }
            });
            this.functionsByRole = Map.copyOf(byRole);
            return this;
        }

        /**
         * The deployed Lambda names of each bundle function whose names differ (a stack's generated
         * names), by bundle name: a message hop's child names its consumer by the unqualified ARN of
         * each of those functions in this exchange's account and region, which is what its guard is
         * invoked as. A function not given here is deployed under its bundle name.
         *
         * @throws IllegalArgumentException as {@link FunctionDeployment} does
         */
        public Builder functionNames(Map<String, List<String>> deployedByBundleName) {
            this.functionNames = new FunctionDeployment(null, null, deployedByBundleName).functionNames();
            return this;
        }

        public WritExchange build() {
            return new WritExchange(this, settings());
        }
    }
}
