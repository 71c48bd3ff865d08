package dev.writ.guard.hop;

/**
 * Where a guarded execution gets the child writ for an outgoing call: the writ exchange
 * ({@link HttpHopIssuer} in a deployment). Implementations never return without a writ: a refusal
 * or an exchange that cannot answer is a {@link WritHopException}, and the call is not sent.
 */
@FunctionalInterface
public interface HopIssuer {

    /**
     * The compact child writ for {@code request}.
     *
     * @throws WritHopException when the exchange refuses, cannot be reached, is throttled or answers
     *                          something that is not a writ
     */
    String issue(HopRequest request);
}
