package dev.writ.policy.eval;

import java.util.List;

/**
 * The outcome of one authorization: the effect, the ids of the policies that determined it (the
 * permits that matched on ALLOW, the forbids that matched on DENY, none for a default deny) and
 * the errors met on the way (policies that failed to evaluate, or why the request was refused).
 * {@code refused}: Cedar did not evaluate the request at all (the schema refused it, or it could not
 * be expressed or evaluated); the deny is then no policy's, and the errors say why.
 */
public record Evaluation(Effect effect, List<String> determiningPolicies, List<String> errors, boolean refused) {

    /** ALLOW only when a permit matched and no forbid did; DENY in every other case. */
    public enum Effect { ALLOW, DENY }

    public Evaluation {
        java.util.Objects.requireNonNull(effect, "effect");
        determiningPolicies = List.copyOf(determiningPolicies);
        errors = List.copyOf(errors);
    }

    /** A deny that no policy decided, carrying why the request could not be evaluated. */
    static Evaluation refusal(List<String> errors) {
        return new Evaluation(Effect.DENY, List.of(), errors, true);
    }

    /** True only for ALLOW. */
    public boolean isAllowed() {
        return effect == Effect.ALLOW;
    }
}
