package dev.writ.cli.assess;

import java.util.List;
import java.util.Set;

/**
 * The names by which {@code writ assess} recognises Writ in a template, in one place: when a class,
 * variable or layer is renamed, change it here (and in docs/maturity.md).
 */
final class WritNames {
    private WritNames() {
    }

    /** The guard's entry point that runs an unmodified handler after the guard allowed the invocation. */
    static final String ENTRY_POINT = "dev.writ.guard.entry.GuardedHandler";
    /** The variable naming the original handler behind {@link #ENTRY_POINT}. */
    static final String HANDLER_VARIABLE = "WRIT_GUARD_HANDLER";

    /**
     * A setting a Writ component reads from one of several variables: the current name first, then
     * the name before 0.2, which the components still read (with a warning).
     */
    record Variable(List<String> names) {
        static Variable of(String... names) {
            return new Variable(List.of(names));
        }

        String primary() {
            return names.get(0);
        }
    }

    /** The issuers a guard trusts (required: a guard without one refuses to start). */
    static final Variable TRUSTED_ISSUERS = Variable.of("WRIT_GUARD_TRUSTED_ISSUERS", "WRIT_TRUSTED_ISSUERS");
    /** KMS keys a guard trusts. */
    static final Variable TRUSTED_KMS_KEYS = Variable.of("WRIT_GUARD_TRUSTED_KEYS", "WRIT_TRUSTED_KEYS");
    /** A local JWKS file a guard trusts: for development, not a key a stack can protect. */
    static final Variable TRUSTED_JWKS = Variable.of("WRIT_GUARD_TRUSTED_JWKS", "WRIT_TRUSTED_JWKS");
    static final Variable LINEAGE_TABLE = Variable.of("WRIT_LINEAGE_TABLE");
    static final Variable REPLAY_TABLE = Variable.of("WRIT_GUARD_REPLAY_TABLE", "WRIT_REPLAY_TABLE");
    static final Variable MIN_BUNDLE_REVISION = Variable.of("WRIT_GUARD_MIN_BUNDLE_REVISION", "WRIT_MIN_BUNDLE_REVISION");
    /**
     * How long after its expiry a guard still accepts a writ, and the longest lifetime it accepts, in
     * seconds; the guard's defaults are the values a stack's evidence allows (a larger one widens every writ's window).
     */
    static final Variable CLOCK_SKEW = Variable.of("WRIT_GUARD_CLOCK_SKEW_SECONDS", "WRIT_CLOCK_SKEW_SECONDS");
    static final long DEFAULT_CLOCK_SKEW_SECONDS = 30;
    static final Variable MAX_LIFETIME = Variable.of("WRIT_GUARD_MAX_LIFETIME_SECONDS", "WRIT_MAX_LIFETIME_SECONDS");
    static final long DEFAULT_MAX_LIFETIME_SECONDS = 300;
    /** The KMS key the checkpoint signer signs with. */
    static final Variable CHECKPOINT_KEY = Variable.of("WRIT_CHECKPOINT_KMS_KEY_ID", "WRIT_KMS_KEY_ID");

    /**
     * Handler classes of Writ's examples that extend {@code GuardedRequestHandler}: their code calls
     * the guard (AssessNamesTest checks this list against examples/).
     */
    static final Set<String> GUARDED_HANDLERS = Set.of(
            "dev.writ.examples.payments.CreatePayment",
            "dev.writ.examples.payments.CreatePaymentHttp");

    /** A layer is the guard-runtime layer when its name, ARN or content file contains one of these. */
    static final List<String> GUARD_LAYER_MARKERS = List.of("writ-guard-runtime", "guard-runtime-layer");

    /** Handler packages of Writ's own functions (the governance plane, not graded). */
    static final String AUTHORIZER_PACKAGE = "dev.writ.authorizer.function.";
    static final String STREAM_VERIFIER_PACKAGE = "dev.writ.lineagefn.stream.";
    static final String CHECKPOINT_PACKAGE = "dev.writ.lineagefn.checkpoint.";

    /**
     * The exchanges' handlers: each takes its caller from the event a function URL writes, which a
     * direct invoker writes itself, so it must be invoked through the URL only.
     */
    static final Set<String> EXCHANGE_HANDLERS = Set.of(AUTHORIZER_PACKAGE + "ExchangeFunction", AUTHORIZER_PACKAGE + "ToolCallFunction");
    /** Both exchanges require it, whatever their handler is called. */
    static final Variable EXCHANGE_ACCOUNT = Variable.of("WRIT_EXCHANGE_ACCOUNT");

    /** KMS key specs whose signatures a guard verifies (ES256, PS256/RS256). */
    static final Set<String> SIGNING_KEY_SPECS = Set.of("ECC_NIST_P256", "RSA_2048", "RSA_3072", "RSA_4096");

    /** The class part of a handler string ({@code pkg.Class::method} or {@code pkg.Class}). */
    static String handlerClass(String handler) {
        if (handler == null) {
            return null;
        }
        int sep = handler.indexOf("::");
        return (sep < 0 ? handler : handler.substring(0, sep)).strip();
    }
}
