package dev.writ.lambdaruntime;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code payments-write}'s hop to {@code ledger-post} with every part packaged: the caller
 * ({@code PaymentThenLedger}, this module's jar plus the SDK's Lambda module, the guard layer), the
 * writ exchange ({@code ExchangeFunction} from authorizer-fn's jar with the bundle, configured as the
 * template configures it, {@code kms-delegated}) behind {@link ExchangeUrlStandIn}, and the callee,
 * reached through {@link LambdaInvokeApi}: guarded ({@code LedgerPost}) or, for the latency bench's
 * baseline, not ({@code UnguardedLedgerPost}, and then the caller has no exchange to ask).
 */
final class HopChain implements AutoCloseable {
    static final String LEDGER = "ledger-post";
    /** The account the tests' ARNs name (moto's default account). */
    static final String ACCOUNT = PackagedFunction.ACCOUNT;
    /** PaymentsRole's name here; in the template CloudFormation names it, and WRIT_EXCHANGE_CALLER_ROLES names that. */
    static final String PAYMENTS_ROLE = "writ-rt-PaymentsRole";
    /** The role session Lambda gives payments-write: its role, session name = the function. */
    static final String PAYMENTS_CALLER = "arn:aws:sts::" + ACCOUNT + ":assumed-role/" + PAYMENTS_ROLE + "/" + WritStack.PAYMENTS_FUNCTION;
    private static final int MEMORY_MB = 1024;

    private final PackagedFunction exchange;
    private final ExchangeUrlStandIn exchangeUrl;
    private final PackagedFunction ledger;
    private final LambdaInvokeApi lambda;
    private final PackagedFunction caller;

    private HopChain(PackagedFunction exchange, ExchangeUrlStandIn exchangeUrl, PackagedFunction ledger,
                     LambdaInvokeApi lambda, PackagedFunction caller) {
        this.exchange = exchange;
        this.exchangeUrl = exchangeUrl;
        this.ledger = ledger;
        this.lambda = lambda;
        this.caller = caller;
    }

    /** The guarded hop: caller → exchange (child writ) → guarded ledger-post. */
    static HopChain guarded(WritStack stack) throws Exception {
        return guarded(stack, Map.of());
    }

    /** The guarded hop with {@code callerEnv} added to the caller's environment (e.g. {@code LEDGER_INVOCATION_TYPE}). */
    static HopChain guarded(WritStack stack, Map<String, String> callerEnv) throws Exception {
        PackagedFunction exchange = null;
        PackagedFunction ledger = null;
        ExchangeUrlStandIn url = null;
        LambdaInvokeApi lambda = null;
        try {
            exchange = startExchange(stack);
            ledger = startLedger(stack);
            url = new ExchangeUrlStandIn(exchange, PAYMENTS_CALLER, ACCOUNT);
            lambda = new LambdaInvokeApi().serve(LEDGER, ledger);
            return new HopChain(exchange, url, ledger, lambda, startCaller(stack, "writ-payments-hop", url.url(), lambda, callerEnv));
        } catch (Exception | Error e) {
            Processes.closeAll(lambda, url, ledger, exchange);
            throw e;
        }
    }

    /** The guarded callee, {@code ledger-post} ({@code LedgerPost} under the guard layer). */
    static PackagedFunction startLedger(WritStack stack) throws Exception {
        return PackagedFunction.start(new PackagedFunction.Spec("writ-ledger-post", Packaging.baselineJar(),
                "dev.writ.lambdaruntime.hop.LedgerPost", true, MEMORY_MB, stack.guardEnv(LEDGER), Map.of()));
    }

    /** The same hop unguarded: the same caller without an exchange, ledger-post without the guard. */
    static HopChain unguarded(WritStack stack) throws Exception {
        PackagedFunction ledger = PackagedFunction.start(new PackagedFunction.Spec("writ-ledger-post-unguarded",
                Packaging.baselineJar(), "dev.writ.lambdaruntime.baseline.UnguardedLedgerPost", true, MEMORY_MB, Map.of(), Map.of()));
        LambdaInvokeApi lambda = new LambdaInvokeApi().serve(LEDGER, ledger);
        try {
            return new HopChain(null, null, ledger, lambda, startCaller(stack, "writ-payments-hop-unguarded", null, lambda, Map.of()));
        } catch (Exception | Error e) {
            Processes.closeAll(lambda, ledger);
            throw e;
        }
    }

    /** The writ exchange as the template configures it ({@code kms-delegated}, payments-write's role as its caller). */
    static PackagedFunction startExchange(WritStack stack) throws Exception {
        return startExchange(stack, Map.of());
    }

    /** The writ exchange as the template configures it, with {@code extraEnv} added (e.g. another DynamoDB endpoint). */
    static PackagedFunction startExchange(WritStack stack, Map<String, String> extraEnv) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("WRIT_AUTHORIZER_ISSUER", WritStack.ISSUER);
        env.put("WRIT_AUTHORIZER_SIGNING_MODE", "kms-delegated");
        env.put("WRIT_AUTHORIZER_KMS_KEY_ID", stack.keyArn());
        env.put("WRIT_AUTHORIZER_BUNDLE_TRUSTED_KEYS", stack.keyArn());
        env.put("WRIT_GUARD_TRUSTED_KEYS", stack.keyArn());
        env.put("WRIT_GUARD_TRUSTED_ISSUERS", WritStack.ISSUER);
        env.put("WRIT_GUARD_REPLAY_TABLE", stack.replayTable());
        env.put("WRIT_LINEAGE_TABLE", stack.lineageTable());
        env.put("WRIT_EXCHANGE_ACCOUNT", ACCOUNT);
        env.put("WRIT_EXCHANGE_CALLER_ROLES", WritStack.PAYMENTS_FUNCTION + "=" + PAYMENTS_ROLE);
        env.put("WRIT_EXCHANGE_MAX_DEPTH", "4");
        // SampleHopIT deploys payments-notify as writ-payments-notify, as a stack gives it a generated name.
        env.put("WRIT_EXCHANGE_FUNCTION_NAMES", "payments-notify=writ-payments-notify");
        env.putAll(stack.kmsEndpoint());
        env.putAll(extraEnv);
        return PackagedFunction.start(new PackagedFunction.Spec("writ-exchange", Packaging.authorizerJar(),
                "dev.writ.authorizer.function.ExchangeFunction", false, MEMORY_MB, env, Map.of("bundle.json", stack.bundle())));
    }

    private static PackagedFunction startCaller(WritStack stack, String name, String exchangeUrl, LambdaInvokeApi lambda,
                                                Map<String, String> extraEnv) throws Exception {
        Map<String, String> env = new HashMap<>(stack.guardEnv(WritStack.PAYMENTS_FUNCTION));
        env.putAll(extraEnv);
        if (exchangeUrl != null) {
            env.put("WRIT_GUARD_EXCHANGE_URL", exchangeUrl);
        }
        env.put("AWS_ENDPOINT_URL_LAMBDA", lambda.endpoint());
        env.put("LEDGER_FUNCTION", ledgerArn());
        // The SDK's Lambda module is the caller's own (a shaded jar would carry it), shared with the
        // layer's interceptor as Lambda's one class loader would (PackagedFunction.Spec).
        return PackagedFunction.start(new PackagedFunction.Spec(name, List.of(Packaging.baselineJar()),
                "dev.writ.lambdaruntime.hop.PaymentThenLedger", true, MEMORY_MB, env, Map.of(), List.of(Packaging.lambdaSdkJar())));
    }

    /** ledger-post's ARN, as a template hands it to the caller ({@code !GetAtt LedgerPostFunction.Arn}). */
    static String ledgerArn() {
        return PackagedFunction.arn(LEDGER);
    }

    PackagedFunction caller() {
        return caller;
    }

    PackagedFunction ledger() {
        return ledger;
    }

    /** The exchange's function URL as the stand-in serves it (null for the unguarded hop). */
    String exchangeUrl() {
        return exchangeUrl == null ? null : exchangeUrl.url();
    }

    LambdaInvokeApi lambda() {
        return lambda;
    }

    @Override
    public void close() {
        Processes.closeAll(caller, lambda, exchangeUrl, ledger, exchange);
    }
}
