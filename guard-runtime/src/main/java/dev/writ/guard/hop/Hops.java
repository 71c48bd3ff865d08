package dev.writ.guard.hop;

import com.amazonaws.services.lambda.runtime.Context;
import dev.writ.core.config.ConfigurationException;
import dev.writ.core.config.Environment;
import dev.writ.core.config.Variable;
import dev.writ.guard.writ.Writ;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

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

    private Hops(HopIssuer issuer) {
        this.issuer = issuer;
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
        String[] partitionAndAccount = GuardedExecution.partitionAndAccount(context);
        return new GuardedExecution(parentToken, writs, function, partitionAndAccount[0], partitionAndAccount[1],
                issuer, blocked).start();
    }
}
