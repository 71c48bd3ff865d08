package dev.writ.cli.dev;

import dev.writ.authorizer.exchange.ExchangeResult;
import dev.writ.authorizer.exchange.WritExchange;
import dev.writ.core.json.Json;
import dev.writ.guard.hop.HopIssuer;
import dev.writ.guard.hop.HopRequest;
import dev.writ.guard.hop.WritHopException;

/**
 * The writ exchange of the embedded stack: the real {@link WritExchange} engine, asked in-process.
 * Each guarded function gets its own {@link HopIssuer}, which presents the function's execution
 * role session ({@code arn:aws:sts::000000000000:assumed-role/<function>/<function>}) as the
 * IAM-authenticated caller, as the function URL reports a SigV4-signed caller in AWS. No function
 * holds the issuer's key: every child writ is the exchange's.
 */
public final class EmbeddedExchange {
    /** The account of the embedded stack's functions. */
    static final String ACCOUNT = "000000000000";
    /** Their region: the exchange's, the local Lambda's and every invoked ARN's, so hop children name their callees alike. */
    static final String REGION = "us-east-1";

    private final WritExchange exchange;

    EmbeddedExchange(WritExchange exchange) {
        this.exchange = exchange;
    }

    /** The caller ARN the exchange sees when {@code function} asks. */
    static String callerArn(String function) {
        return "arn:aws:sts::" + ACCOUNT + ":assumed-role/" + function + "/" + function;
    }

    /**
     * Asks the exchange as {@code function} would, for {@code request}; the answer, allowed or
     * refused, with its lineage record appended.
     */
    public ExchangeResult ask(String function, HopRequest request) {
        return exchange.exchange(Json.write(request.toJson()), callerArn(function));
    }

    /** The hop issuer of {@code function}'s guard: a refusal is a {@link WritHopException} and the call is not sent. */
    HopIssuer issuerFor(String function) {
        return request -> {
            ExchangeResult result = ask(function, request);
            return result.token().orElseThrow(() -> new WritHopException(result.status() >= 500
                    ? WritHopException.Reason.HOP_UNAVAILABLE : WritHopException.Reason.HOP_REFUSED, result.reason(),
                    "the writ exchange refused " + request.kind().wire() + " to " + request.target() + ": "
                            + result.reason() + ": " + result.message()));
        };
    }
}
