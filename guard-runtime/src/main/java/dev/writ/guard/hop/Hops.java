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
    private volatile InvokedArn lastArn = InvokedArn.of(null);

    /** An invoked function ARN and the function it names ({@link LambdaFunctionName}); no function when it is no ARN. */
    private record InvokedArn(String arn, LambdaFunctionName function) {

        static InvokedArn of(String arn) {
            return new InvokedArn(arn, LambdaFunctionName.parse(arn).filter(f -> f.partition() != null).orElse(null));
        }

        String partition() {
            return function == null ? null : function.partition();
        }

        String account() {
            return function == null ? null : function.account();
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
        InvokedArn arn = invokedArn(context);
        return new GuardedExecution(parentToken, writs, function, arn.partition(), arn.account(), issuer, blocked)
                .start();
    }

    private InvokedArn invokedArn(Context context) {
        String arn = context == null ? null : context.getInvokedFunctionArn();
        InvokedArn last = lastArn;
        if (!Objects.equals(arn, last.arn())) {
            last = InvokedArn.of(arn);
            lastArn = last;
        }
        return last;
    }
}
