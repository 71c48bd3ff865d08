package dev.writ.guard;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.writ.guard.internal.EventInspector;
import dev.writ.guard.internal.EventKind;
import dev.writ.guard.internal.Invocation;
import dev.writ.core.internal.Sha256;
import dev.writ.core.config.Environment;
import dev.writ.core.json.Json;
import dev.writ.guard.hop.GuardedExecution;
import dev.writ.guard.hop.Hops;
import dev.writ.guard.lineage.LineageBacklog;
import dev.writ.guard.writ.BoundInputs;
import dev.writ.guard.writ.FunctionIdentity;
import dev.writ.guard.writ.ReasonCode;
import dev.writ.guard.writ.Verification;
import dev.writ.guard.writ.WritVerifier;
import dev.writ.guard.writ.Writ;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The guard: finds the writ in an event, verifies it, and only then calls user code, with the
 * verified claims. Any failure, including one inside the guard itself, is a denial shaped for
 * the event: a 403 JSON response for API Gateway, a {@link WritDeniedException} otherwise. User
 * code never runs for a denied event, and nothing turns the guard off.
 *
 * <pre>{@code
 * private static final Guard GUARD = Guard.fromEnvironment();
 * public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent e, Context c) {
 *     return GUARD.handle(e, c, (event, context, writ) -> ok("hello " + writ.subject()));
 * }
 * }</pre>
 */
public final class Guard {

    private final GuardConfig config;
    private final WritVerifier verifier;
    private final LineageTrail lineage;
    private final Hops hops;

    private Guard(GuardConfig config) {
        Hops.requireInterceptor(Guard.class.getClassLoader());
        this.config = config;
        this.verifier = new WritVerifier(config.verifier);
        this.lineage = config.lineage == null ? null : new LineageTrail(LineageBacklog.create(config.lineage), System.out);
        this.hops = config.hops;
    }

    /** A guard configured from the {@code WRIT_*} environment; fails at init when it could not guard. */
    public static Guard fromEnvironment() {
        return create(GuardConfig.fromEnvironment());
    }

    /**
     * A guard with an explicit configuration. The first guard of a JVM registers the SnapStart
     * priming ({@link GuardPriming}).
     */
    public static Guard create(GuardConfig config) {
        Guard guard = new Guard(config);
        GuardPriming.register(config, Environment.system());
        return guard;
    }

    /** A guard that does not register the priming: the one the priming runs its samples through. */
    static Guard unprimed(GuardConfig config) {
        return new Guard(config);
    }

    /** Wraps {@code function} as a Lambda {@link RequestHandler}. */
    public <I, O> RequestHandler<I, O> wrap(GuardedFunction<I, O> function) {
        return (input, context) -> handle(input, context, function);
    }

    /** Wraps {@code function} as a Lambda {@link RequestStreamHandler}. */
    public RequestStreamHandler wrapStream(GuardedStreamFunction function) {
        return (in, out, context) -> handleStream(in, out, context, function);
    }

    /**
     * Verifies the event's writ and runs {@code function} only when it is allowed.
     *
     * @return the function's result, or the 403 response for a denied API Gateway event
     * @throws WritDeniedException for a denied event of any other kind
     */
    public <I, O> O handle(I input, Context context, GuardedFunction<I, O> function) {
        try {
            Checked checked = check(input, context);
            if (!checked.verification().isAllowed()) {
                return deny(input, checked);
            }
            Writ writ = checked.verification().writ().orElseThrow();
            return run(checked, context, LineageTrail::payloadHash, () -> function.handle(input, context, writ));
        } finally {
            ended(context);
        }
    }

    /**
     * The tool guard's entry ({@link ToolGuard}): verifies the invocation {@code inspect} reads and
     * runs {@code function} only when it is allowed; a denial is answered by {@code denial}, given
     * the reason and the request id, in the protocol's own shape.
     */
    <I, O> O handle(I input, Supplier<Invocation> inspect, Context context,
                    BiFunction<ReasonCode, String, O> denial, GuardedFunction<I, O> function) {
        try {
            Checked checked = check(inspect, context);
            if (!checked.verification().isAllowed()) {
                return denial.apply(checked.verification().reason().orElse(ReasonCode.INTERNAL_ERROR),
                        checked.invocation() == null ? null : checked.invocation().requestId());
            }
            Writ writ = checked.verification().writ().orElseThrow();
            return run(checked, context, LineageTrail::payloadHash, () -> function.handle(input, context, writ));
        } finally {
            ended(context);
        }
    }

    /**
     * The tool guard's refusal of a call too malformed to read a writ from ({@link ToolGuard}): a
     * {@code denial} record with the call's own code ({@code PARSE_ERROR}, {@code TOO_LARGE}, ...),
     * as for any refused invocation. The refusal stands whether or not the record is written.
     */
    void refusedUnread(String code, Context context) {
        try {
            if (lineage != null) {
                GuardedExecution.asGuard(() -> {
                    lineage.refused(code, functionName(context));
                    return null;
                });
            }
        } finally {
            ended(context);
        }
    }

    /**
     * An SQS batch record by record, for an event source mapping with
     * {@code ReportBatchItemFailures}: each record's writ is verified on its own (bound to its body),
     * with its own lineage records; {@code function} runs for the records that verify, and a
     * record that is denied, or whose function throws, is reported in {@code batchItemFailures}, so
     * SQS delivers it again (or to the dead-letter queue) while the rest are deleted. On a FIFO
     * queue the first failure also fails every record after it, keeping the order of each message
     * group.
     */
    public SQSBatchResponse handleBatch(SQSEvent event, Context context, GuardedRecordFunction<SQSEvent.SQSMessage> function) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        boolean stopped = false;
        try {
            for (SQSEvent.SQSMessage message : event.getRecords() == null ? List.<SQSEvent.SQSMessage>of() : event.getRecords()) {
                if (stopped || !handleRecord(message, context, function)) {
                    failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                    stopped = stopped || message.getEventSourceArn() != null && message.getEventSourceArn().endsWith(".fifo");
                }
            }
        } finally {
            ended(context);
        }
        return new SQSBatchResponse(failures);
    }

    private boolean handleRecord(SQSEvent.SQSMessage message, Context context, GuardedRecordFunction<SQSEvent.SQSMessage> function) {
        Checked checked = check(() -> EventInspector.sqsRecord(message, context), context);
        if (!checked.verification().isAllowed()) {
            return false;
        }
        Writ writ = checked.verification().writ().orElseThrow();
        try {
            run(checked, context, ignored -> null, () -> {
                function.handle(message, context, writ);
                return null;
            });
            return true;
        } catch (RuntimeException | Error failed) {
            // Recorded as the record's outcome; the record is reported failed, the batch goes on.
            return false;
        }
    }

    /**
     * The stream form of {@link #handle}. A direct-invoke envelope {@code {"writ":..,"payload":..}}
     * reaches {@code function} as just its payload; every other event as the original bytes.
     */
    public void handleStream(InputStream in, OutputStream out, Context context, GuardedStreamFunction function)
            throws IOException {
        try {
            guardStream(in, out, context, function);
        } finally {
            ended(context);
        }
    }

    private void guardStream(InputStream in, OutputStream out, Context context, GuardedStreamFunction function)
            throws IOException {
        byte[] bytes = in.readAllBytes();
        Map<String, Object> event;
        try {
            event = Json.parseObject(bytes);
        } catch (RuntimeException notJsonObject) {
            // Not one JSON object: only the client context can carry a writ, and no payload can be read,
            // so a writ that binds one is refused (the raw bytes inspect as an event of no known shape,
            // which binds nothing). Allowed, the bytes reach user code as they are.
            event = null;
        }
        Checked checked = check(event == null ? bytes : event, context);
        if (!checked.verification().isAllowed()) {
            Object response = deny(event, checked);
            out.write(Json.writeBytes(response));
            return;
        }
        byte[] payload = bytes;
        if (checked.invocation().kind() == EventKind.DIRECT && event != null && event.containsKey("payload")) {
            payload = Json.writeBytes(event.get("payload"));
        }
        InputStream userInput = new ByteArrayInputStream(payload);
        Writ writ = checked.verification().writ().orElseThrow();
        DigestOutputStream hashed = new DigestOutputStream(out, Sha256.newDigest());
        run(checked, context, ignored -> LineageTrail.hex(hashed.getMessageDigest().digest()), () -> {
            function.handle(userInput, hashed, context, writ);
            return null;
        });
    }

    private Checked check(Object input, Context context) {
        return check(() -> EventInspector.inspect(input, context), context);
    }

    /** Inspects and verifies as the guard itself: the guard's own AWS calls are never governed as the execution's. */
    private Checked check(Supplier<Invocation> inspect, Context context) {
        return GuardedExecution.asGuard(() -> {
            long started = System.nanoTime();
            String function = functionName(context);
            Invocation invocation = null;
            Verified verified;
            try {
                invocation = inspect.get();
                verified = lineage == null ? null : writeBacklog();
                if (verified == null) {
                    verified = verifyAll(invocation, identity(function, context));
                }
                if (verified.verification().isAllowed() && lineage != null) {
                    verified = new Verified(recordVerification(verified.verification(), function, invocation), verified.writs());
                }
            } catch (RuntimeException e) {
                verified = new Verified(Verification.denied(ReasonCode.INTERNAL_ERROR, "guard failed: " + e.getClass().getName()),
                        Map.of());
            }
            Verification verification = verified.verification();
            if (!verification.isAllowed() && lineage != null) {
                lineage.denied(verification, function, calledTool(invocation));
            }
            config.log.log(verification, invocation, function, (System.nanoTime() - started) / 1_000);
            return new Checked(invocation, verification, function, verified.writs());
        });
    }

    /**
     * Records an earlier invocation could not write come first, before verifying (so a refusal does
     * not consume a single-use writ): null when written, else the refusal.
     */
    private Verified writeBacklog() {
        return lineage.writePendingOrFailure().map(failure -> new Verified(Verification.denied(
                ReasonCode.LINEAGE_UNAVAILABLE, "earlier lineage records not written: " + failure), Map.of())).orElse(null);
    }

    /** The invocation has its answer; the lineage extension (or, without one, the backlog) writes what it deferred. */
    private void ended(Context context) {
        if (lineage != null) {
            GuardedExecution.asGuard(() -> {
                lineage.ended(context == null ? null : context.getAwsRequestId());
                return null;
            });
        }
    }

    /** Strict mode: no verification record, no execution. */
    private Verification recordVerification(Verification allowed, String function, Invocation invocation) {
        Writ writ = allowed.writ().orElseThrow();
        try {
            lineage.verified(writ, function, calledTool(invocation));
            return allowed;
        } catch (RuntimeException e) {
            return Verification.denied(ReasonCode.LINEAGE_UNAVAILABLE,
                    "verification record not written: " + e.getMessage(), writ.claims());
        }
    }

    /**
     * The tool a tool call named, for its records: on an allowed call the name the writ's
     * {@code in.tool} digest matched (a tool call's writ must bind it), on a denied one the name as
     * the call gave it, unverified. Null for any other invocation, or one not read.
     */
    private static String calledTool(Invocation invocation) {
        if (invocation == null || !invocation.kind().isToolCall() || invocation.presented().size() != 1) {
            return null;
        }
        List<String> names = invocation.presented().get(0).inputs().values(BoundInputs.TOOL);
        return names.size() == 1 ? names.get(0) : null;
    }

    /**
     * Every record of a batch must carry a writ that verifies against its own inputs; the first
     * failure decides. A token repeated across records is verified once per distinct body, except
     * a single-use one, which must be consumed (and so is refused as a replay) per record.
     */
    private Verified verifyAll(Invocation invocation, FunctionIdentity function) {
        Map<String, Writ> writs = new LinkedHashMap<>();
        Verification last = null;
        for (Invocation.Presented presented : invocation.presented()) {
            String token = presented.writ();
            Writ earlier = token == null ? null : writs.get(token);
            if (earlier != null && !earlier.singleUse() && earlier.claims().inputs().isEmpty()) {
                continue;
            }
            Verification verification = verifier.verify(token, function, invocation.request(), presented.inputs());
            if (!verification.isAllowed()) {
                return new Verified(verification, Map.of());
            }
            last = verification;
            writs.put(token, verification.writ().orElseThrow());
        }
        return new Verified(last, writs);
    }

    /** The batch's verdict and, when allowed, its distinct writs by token. */
    private record Verified(Verification verification, Map<String, Writ> writs) {
    }

    /**
     * This function as {@code aud} may name it: its name (the override's when set, as the bundle
     * names it) and the ARN it was invoked as, whatever the override (an exchange's child names
     * the function it was minted for by that ARN).
     */
    private static FunctionIdentity identity(String name, Context context) {
        return FunctionIdentity.of(name, context == null ? null : context.getInvokedFunctionArn());
    }

    private String functionName(Context context) {
        if (config.functionName != null) {
            return config.functionName;
        }
        if (context != null && context.getFunctionName() != null) {
            return context.getFunctionName();
        }
        return System.getenv("AWS_LAMBDA_FUNCTION_NAME");
    }

    @SuppressWarnings("unchecked")
    private static <O> O deny(Object input, Checked checked) {
        ReasonCode reason = checked.verification().reason().orElse(ReasonCode.INTERNAL_ERROR);
        Invocation invocation = checked.invocation();
        String requestId = invocation == null ? null : invocation.requestId();
        if (invocation == null || !invocation.kind().isHttp()) {
            throw new WritDeniedException(reason, requestId);
        }
        // In the documented order, whatever the JVM's Map.of iteration order.
        Map<String, Object> denial = new LinkedHashMap<>();
        denial.put("message", "Forbidden");
        denial.put("code", reason.name());
        denial.put("requestId", requestId == null ? "" : requestId);
        String body = Json.write(denial);
        Map<String, String> headers = Map.of("Content-Type", "application/json");
        if (input instanceof APIGatewayProxyRequestEvent) {
            return (O) new APIGatewayProxyResponseEvent().withStatusCode(403).withHeaders(headers).withBody(body);
        }
        if (input instanceof APIGatewayV2HTTPEvent) {
            return (O) APIGatewayV2HTTPResponse.builder().withStatusCode(403).withHeaders(headers).withBody(body).build();
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("statusCode", 403);
        response.put("headers", headers);
        response.put("body", body);
        return (O) response;
    }

    /**
     * Runs user code as a {@link GuardedExecution} (its SDK calls carry child writs and stay in the
     * writ's scope) and records its outcome. User code's own exceptions pass through unchanged;
     * checked ones are wrapped once.
     */
    private <O> O run(Checked checked, Context context, Function<O, String> payloadHash, UserCode<O> code) {
        Writ writ = checked.verification().writ().orElseThrow();
        String function = checked.function();
        // One parent for hops only when the invocation carried one writ (a batch may carry several).
        String parent = checked.writs().size() == 1 ? checked.writs().keySet().iterator().next() : null;
        long started = System.nanoTime();
        O result;
        String tool = calledTool(checked.invocation());
        try (GuardedExecution.Scope ignored = hops.enter(parent, List.copyOf(checked.writs().values()), function, context,
                lineage == null ? null : (w, action, resource, reason) -> lineage.blocked(w, function, tool, action, resource, reason))) {
            result = code.run();
        } catch (Throwable e) {
            recordOutcome(writ, function, tool, started, e, null, null);
            if (e instanceof RuntimeException) {
                throw (RuntimeException) e;
            }
            if (e instanceof Error) {
                throw (Error) e;
            }
            throw new GuardedFunctionException((Exception) e);
        }
        recordOutcome(writ, function, tool, started, null, lineage == null ? null : AnswerFailure.of(result),
                lineage == null ? null : payloadHash.apply(result));
        return result;
    }

    private void recordOutcome(Writ writ, String function, String tool, long startedNanos, Throwable error, String failure,
            String payloadHash) {
        if (lineage != null) {
            GuardedExecution.asGuard(() -> {
                lineage.outcome(writ, function, tool, (System.nanoTime() - startedNanos) / 1_000_000, error, failure, payloadHash);
                return null;
            });
        }
    }

    private interface UserCode<O> {
        O run() throws Exception;
    }

    /** An invocation after the guard's checks: what arrived, what the verifier said, for which function. */
    private record Checked(Invocation invocation, Verification verification, String function, Map<String, Writ> writs) {
    }
}
