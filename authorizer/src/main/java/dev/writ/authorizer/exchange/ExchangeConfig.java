package dev.writ.authorizer.exchange;

import dev.writ.authorizer.Authorizer;
import dev.writ.authorizer.AuthorizerConfig;
import dev.writ.core.config.ConfigurationException;
import dev.writ.core.config.Environment;
import dev.writ.core.config.Variable;
import dev.writ.guard.GuardConfig;
import dev.writ.guard.lineage.LineageConfig;
import dev.writ.guard.lineage.LineageWriter;
import dev.writ.policy.file.InvalidBundleException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The writ exchange configured from the environment. It signs as the authorizer does and loads
 * the authorizer's bundle ({@code WRIT_AUTHORIZER_ISSUER}, {@code WRIT_AUTHORIZER_SIGNING_MODE} and
 * its key, {@code WRIT_AUTHORIZER_BUNDLE_*}: see {@link AuthorizerConfig}), verifies parents with the
 * guards' trust ({@code WRIT_GUARD_TRUSTED_*}, {@code WRIT_GUARD_REPLAY_TABLE} for single-use hops:
 * see {@link GuardConfig}) and appends to {@code WRIT_LINEAGE_TABLE}. A missing or bad setting never
 * stops the function from starting: every hop is then refused, naming the variable.
 *
 * <table>
 *   <caption>Its own variables</caption>
 *   <tr><td>{@code WRIT_EXCHANGE_ACCOUNT}</td><td>the account whose functions may ask, and whose functions a
 *       {@code lambda:Invoke} hop may reach (required)</td></tr>
 *   <tr><td>{@code AWS_REGION}</td><td>the exchange's region, which Lambda sets: a {@code lambda:Invoke} hop
 *       reaches functions of this region only (required)</td></tr>
 *   <tr><td>{@code WRIT_EXCHANGE_CALLER_ROLES}</td><td>{@code function=role,...}: each calling function's bundle
 *       name and execution role name; when set, the caller's role names the function (one role per function),
 *       else the session name does</td></tr>
 *   <tr><td>{@code WRIT_EXCHANGE_FUNCTION_NAMES}</td><td>{@code function=deployed-name|deployed-name...,...}: the
 *       Lambda names of each message hop's consumer (and, for the tool-call exchange, each tool function) deployed
 *       under other names than the bundle's (a stack's generated names; several when one bundle function is
 *       deployed as several Lambda functions); its writs name every one of them by ARN ({@link FunctionDeployment})</td></tr>
 *   <tr><td>{@code WRIT_EXCHANGE_AGENT_ACCOUNTS}</td><td>tool-call exchange only: {@code account,...}, the accounts
 *       whose IAM roles may ask for a tool writ as agents (default: {@code WRIT_EXCHANGE_ACCOUNT} alone)</td></tr>
 *   <tr><td>{@code WRIT_EXCHANGE_MAX_DEPTH}</td><td>deepest child, in hops (default 4)</td></tr>
 *   <tr><td>{@code WRIT_EXCHANGE_LIFETIME_SECONDS}</td><td>longest child life (default 60; never past the parent's)</td></tr>
 * </table>
 */
public final class ExchangeConfig {

    public static final Variable ACCOUNT = Variable.of("WRIT_EXCHANGE_ACCOUNT");
    public static final Variable CALLER_ROLES = Variable.of("WRIT_EXCHANGE_CALLER_ROLES");
    public static final Variable FUNCTION_NAMES = Variable.of("WRIT_EXCHANGE_FUNCTION_NAMES");
    public static final Variable AGENT_ACCOUNTS = Variable.of("WRIT_EXCHANGE_AGENT_ACCOUNTS");
    public static final Variable MAX_DEPTH = Variable.of("WRIT_EXCHANGE_MAX_DEPTH");
    public static final Variable LIFETIME = Variable.of("WRIT_EXCHANGE_LIFETIME_SECONDS");
    /** The exchange's own region, as Lambda sets it. */
    public static final Variable REGION = Variable.of("AWS_REGION");

    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

    private ExchangeConfig() {
    }

    /** The exchange of this Lambda function. */
    public static WritExchange fromEnvironment() {
        return fromEnvironment(Environment.system(), Clock.systemUTC());
    }

    /** The exchange for the given variables. */
    public static WritExchange fromEnvironment(Environment env, Clock clock) {
        WritExchange.Builder b = WritExchange.builder().clock(clock);
        try {
            configure(b, env, clock);
        } catch (RuntimeException e) {
            b.misconfigured(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        return b.build();
    }

    /**
     * The tool-call exchange of this Lambda function over {@code authorizer}: its tool functions'
     * ARNs in {@code WRIT_EXCHANGE_ACCOUNT}, {@code AWS_REGION}, named per {@code WRIT_EXCHANGE_FUNCTION_NAMES};
     * its agents' accounts {@code WRIT_EXCHANGE_AGENT_ACCOUNTS}; a missing or bad one refuses every call,
     * naming the variable.
     */
    public static ToolCallExchange toolCallExchange(Authorizer authorizer, Environment env) {
        try {
            FunctionDeployment deployment = deployment(env);
            return new ToolCallExchange(authorizer, deployment, agentAccounts(env, deployment.account()));
        } catch (RuntimeException e) {
            return ToolCallExchange.misconfigured(authorizer, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private static void configure(WritExchange.Builder b, Environment env, Clock clock) {
        FunctionDeployment deployment = deployment(env);
        b.account(deployment.account());
        b.region(deployment.region());
        b.callerRoles(callerRoles(env));
        b.functionNames(deployment.functionNames());
        b.maxDepth((int) env.number(MAX_DEPTH, WritExchange.DEFAULT_MAX_DEPTH, 1, 16));
        b.lifetime(Duration.ofSeconds(env.number(LIFETIME, 60, 1, 300)));
        String issuer = env.required(AuthorizerConfig.ISSUER);
        b.issuer(issuer);
        b.verifier(GuardConfig.verifierFromEnvironment(env));
        AuthorizerConfig.Signers signers = AuthorizerConfig.signers(env, issuer, clock);
        b.signer(signers.writs());
        b.clientContextSigner(signers.clientContext());
        try {
            b.bundle(AuthorizerConfig.bundle(env));
        } catch (InvalidBundleException | ConfigurationException e) {
            b.bundleProblem(e.getMessage());
        }
        if (env.string(LineageConfig.TABLE).isPresent()) {
            b.lineage(LineageWriter.fromEnvironment(env));
        }
    }

    /** The account, region and deployed function names both exchanges target. */
    static FunctionDeployment deployment(Environment env) {
        String account = env.required(ACCOUNT);
        if (!ACCOUNT_ID.matcher(account).matches()) {
            throw new ConfigurationException(ACCOUNT.name(), "must be a 12-digit account id");
        }
        String region = env.required(REGION);
        Map<String, List<String>> functionNames = new LinkedHashMap<>();
        pairs(env, FUNCTION_NAMES, "function=deployed-name|deployed-name...,...").forEach((function, deployed) ->
                functionNames.put(function, Arrays.stream(deployed.split("\\|", -1)).map(String::strip).toList()));
        try {
            return new FunctionDeployment(account, region, functionNames);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(FUNCTION_NAMES.name(), e.getMessage());
        }
    }

    /** The accounts whose roles may ask the tool-call exchange as agents: {@code account} unless set. */
    static Set<String> agentAccounts(Environment env, String account) {
        if (env.string(AGENT_ACCOUNTS).isEmpty()) {
            return Set.of(account);
        }
        Set<String> accounts = new LinkedHashSet<>(env.list(AGENT_ACCOUNTS));
        if (accounts.isEmpty() || !accounts.stream().allMatch(a -> ACCOUNT_ID.matcher(a).matches())) {
            throw new ConfigurationException(AGENT_ACCOUNTS.name(), "must be 12-digit account ids, comma-separated");
        }
        return Set.copyOf(accounts);
    }

    static Map<String, String> callerRoles(Environment env) {
        return pairs(env, CALLER_ROLES, "function=role,...");
    }

    /** {@code variable}'s {@code key=value,...} entries by key; a key given twice is refused (which one would count?). */
    static Map<String, String> pairs(Environment env, Variable variable, String shape) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String entry : env.list(variable)) {
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new ConfigurationException(variable.name(), "must be " + shape);
            }
            String key = entry.substring(0, eq).strip();
            if (pairs.put(key, entry.substring(eq + 1).strip()) != null) {
                throw new ConfigurationException(variable.name(), "gives " + key + " twice");
            }
        }
        return pairs;
    }
}
