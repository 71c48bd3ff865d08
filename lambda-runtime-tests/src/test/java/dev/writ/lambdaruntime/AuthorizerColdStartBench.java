package dev.writ.lambdaruntime;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cold start of authorizer-fn's REST authorizer with and without {@code AuthorizerPriming}, not
 * a test: run by {@code lambda-runtime-tests/bench/run authorizer-cold-start} (Failsafe with
 * {@code -Dit.test=AuthorizerColdStartBench}; never by scripts/test). A cold start is a fresh
 * authorizer JVM (runtime interface client, Lambda's flags, the packaged jar and bundle) from its
 * launch to its answer to a first request, an allowed {@code GET /payments}, as
 * {@link ColdStartBench} measures the guarded function. Two forms: on demand (the baseline: priming
 * is registered for SnapStart but does not run), and primed at init
 * ({@code AWS_LAMBDA_INITIALIZATION_TYPE=provisioned-concurrency}, where priming runs outside
 * SnapStart: what a restored snapshot starts from, short of the restore itself, which cannot run
 * here). A round counts only if the primed function logged AuthorizerPriming's {@code "primed"} line
 * (both sample decisions through Cedar) and the on-demand one did not. Interleaved rounds, one untimed round first. Writes {@code target/bench/authorizer-cold-start.md}.
 */
class AuthorizerColdStartBench {

    /** AuthorizerPriming's log line when it ran: a round counts only if the primed form has it and the other has not. */
    private static final String PRIMED_LINE = "\"message\":\"primed\",\"decisions\":[\"POLICY_DENY\",\"POLICY_DENY\"]";

    @Test
    void measure() throws Exception {
        int rounds = Integer.getInteger("writ.bench.rounds", 15);
        String mode = System.getProperty("writ.bench.mode", "kms-delegated");
        try (WritStack stack = WritStack.create()) {
            String event = RuntimeEvents.listAuthorizerRequest(stack.token("vera", "viewer"));
            List<ColdStartBench.Form> forms = List.of(
                    new ColdStartBench.Form("authorizer on demand (baseline)", () -> stack.startAuthorizer(mode), rounds),
                    new ColdStartBench.Form("authorizer primed at init (`AuthorizerPriming`, as under provisioned concurrency)",
                            () -> stack.startAuthorizer(mode, Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "provisioned-concurrency")), rounds));
            for (int round = -1; round < rounds; round++) {
                for (int i = 0; i < forms.size(); i++) {
                    int f = Math.floorMod(round + i, forms.size());
                    boolean primedForm = f == 1;
                    ColdStartBench.coldStart(forms.get(f), round, event,
                            answer -> answer.status() == 200 && answer.body().contains("\"Allow\""),
                            log -> log.contains(PRIMED_LINE) == primedForm);
                }
            }
            ColdStartBench.Form primed = forms.get(1);
            ColdStartBench.Form onDemand = forms.get(0);
            ColdStartBench.write("authorizer-cold-start.md", ColdStartBench.table(mode, rounds, forms) + String.format(Locale.ROOT,
                    "%nprimed / on demand, median per-round ratio: cold start %.2f×, init %.2f×, first request %.2f×%n",
                    ColdStartBench.medianRatio(primed.total(), onDemand.total()),
                    ColdStartBench.medianRatio(primed.init(), onDemand.init()),
                    ColdStartBench.medianRatio(ColdStartBench.firstRequests(primed), ColdStartBench.firstRequests(onDemand))));
        }
    }
}
