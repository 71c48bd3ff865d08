package dev.writ.guard.hop;

import com.amazonaws.services.lambda.runtime.Context;
import dev.writ.core.config.ConfigurationException;
import dev.writ.core.config.Environment;
import dev.writ.core.config.Variable;
import dev.writ.guard.writ.Writ;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The guard's side of hops: which exchange a guarded execution gets child writs from, and the
 * {@link GuardedExecution} the guard enters around user code. Without an exchange
 * ({@code WRIT_GUARD_EXCHANGE_URL} unset) outgoing calls carry no writ, as before hops existed;
 * containment ({@code scp}) applies either way.
 */
public final class Hops {

    /** The writ exchange's URL (a Lambda function URL with IAM auth). */
    public static final Variable EXCHANGE_URL = Variable.of("WRIT_GUARD_EXCHANGE_URL");

    private final HopIssuer issuer;
    /** The last function ARN seen, parsed: an environment runs one function, so read once. */
    private volatile FunctionArn lastArn = FunctionArn.parse(null);

    /** Partition and account of {@code arn:<partition>:lambda:<region>:<account>:function:<name>}, or nulls. */
    private record FunctionArn(String arn, String partition, String account) {

        static FunctionArn parse(String arn) {
            String[] parts = arn == null ? new String[0] : arn.split(":", 6);
            if (parts.length < 6 || !parts[0].equals("arn") || parts[1].isEmpty() || parts[4].isEmpty()) {
                return new FunctionArn(arn, null, null);
            }
            return new FunctionArn(arn, parts[1], parts[4]);
        }
    }

    private Hops(HopIssuer issuer) {
        this.issuer = issuer;
    }

    /** Where the SDK looks for interceptors to add to every client. */
    static final String GLOBAL_INTERCEPTORS = "software/amazon/awssdk/global/handlers/execution.interceptors";

    /**
     * Fails unless a global interceptors file visible to {@code loader} names
     * {@link WritHopInterceptor}: without it no call would be contained or carry a writ (a shaded
     * jar whose build kept another library's file instead of this one).
     *
     * @throws IllegalStateException naming the file when the interceptor is not registered
     */
    public static void requireInterceptor(ClassLoader loader) {
        try {
            for (URL file : Collections.list(loader.getResources(GLOBAL_INTERCEPTORS))) {
                try (InputStream in = file.openStream()) {
                    String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    if (text.lines().map(String::trim).anyMatch(WritHopInterceptor.class.getName()::equals)) {
                        return;
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("the SDK's global interceptors files could not be read", e);
        }
        throw new IllegalStateException("no " + GLOBAL_INTERCEPTORS + " on the class path names "
                + WritHopInterceptor.class.getName() + ": the guard could not govern the handler's AWS calls"
                + " (a shaded jar must append, not replace, that file)");
    }

    /** Child writs from {@code issuer}; null for none (calls then carry no writ). */
    public static Hops via(HopIssuer issuer) {
        return new Hops(issuer);
    }

    /** From {@code WRIT_GUARD_EXCHANGE_URL}: nothing is built or called until the first hop. */
    public static Hops fromEnvironment(Environment env) {
        return new Hops(env.string(EXCHANGE_URL).map(url -> (HopIssuer) HttpHopIssuer.create(uri(url))).orElse(null));
    }

    private static URI uri(String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw new ConfigurationException(EXCHANGE_URL.name(), "must be an https URL");
        }
    }

    /**
     * Starts the execution of user code on the calling thread: until the returned scope closes,
     * SDK calls of this execution are governed.
     *
     * @param parentToken the compact writ hops are exchanged from (null when there is no single one)
     * @param writs       the verified writs of the execution
     * @param function    the function's name
     * @param context     the Lambda context (its function ARN gives partition and account)
     * @param blocked     where a stopped call is recorded (null: nowhere)
     */
    public GuardedExecution.Scope enter(String parentToken, List<Writ> writs, String function, Context context,
                                        GuardedExecution.BlockedCalls blocked) {
        FunctionArn arn = functionArn(context);
        return new GuardedExecution(parentToken, writs, function, arn.partition(), arn.account(), issuer, blocked)
                .start();
    }

    private FunctionArn functionArn(Context context) {
        String arn = context == null ? null : context.getInvokedFunctionArn();
        FunctionArn last = lastArn;
        if (!Objects.equals(arn, last.arn())) {
            last = FunctionArn.parse(arn);
            lastArn = last;
        }
        return last;
    }
}
