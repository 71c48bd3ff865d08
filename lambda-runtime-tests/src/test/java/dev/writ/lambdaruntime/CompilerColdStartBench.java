package dev.writ.lambdaruntime;

import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * What C2 costs a cold start, not a test: run by {@code lambda-runtime-tests/bench/run compiler-cold-start}
 * (Failsafe with {@code -Dit.test=CompilerColdStartBench}; never by scripts/test). The cold start of
 * {@link ColdStartBench} (a fresh JVM from launch to its answer to a first request) for the guarded
 * function (code-wrapped {@code ListPayments}, on demand and with {@code GuardPriming} at init as
 * under provisioned concurrency) and for the REST authorizer, each as the runtime starts it (C1 only)
 * and with the function's {@code JAVA_TOOL_OPTIONS} choosing C2 ({@value CompilerLatencyBench#C2_OPTIONS}),
 * against the unguarded {@code ListPayments} as the runtime starts it. Interleaved: every round
 * starts each form once, in an order that rotates; one untimed round first. A round counts only if
 * each form's log shows its treatment: the JVM's {@code Picked up JAVA_TOOL_OPTIONS} line for the C2
 * forms and none for the others, GuardPriming's {@code "primed"} line for the primed forms and none
 * for the others. Writes {@code target/bench/compiler-cold-start.md}.
 */
class CompilerColdStartBench {

    private static final String PICKED_UP = "Picked up JAVA_TOOL_OPTIONS: ";

    @Test
    void measure() throws Exception {
        int rounds = Integer.getInteger("writ.bench.rounds", 15);
        String mode = System.getProperty("writ.bench.mode", "kms-delegated");
        try (WritStack stack = WritStack.create();
             // Mints each guarded form's writ; beside the authorizer forms, so in a directory of its own.
             PackagedFunction minter = stack.withJavaToolOptions(null, "minter").startAuthorizer(mode)) {
            WritStack c2 = stack.withJavaToolOptions(CompilerLatencyBench.C2_OPTIONS, "c2");
            String token = stack.token("vera", "viewer");
            List<ColdStartBench.Form> guarded = List.of(
                    new ColdStartBench.Form("unguarded `ListPayments`, C1 (baseline)", stack::startUnguardedListPayments, rounds),
                    new ColdStartBench.Form("guarded (code-wrapped), C1", stack::startCodeWrappedListPayments, rounds),
                    new ColdStartBench.Form("guarded (code-wrapped), **C2**", c2::startCodeWrappedListPayments, rounds),
                    new ColdStartBench.Form("guarded, primed at init, C1", stack::startCodeWrappedListPaymentsPrimedAtInit, rounds),
                    new ColdStartBench.Form("guarded, primed at init, **C2**", c2::startCodeWrappedListPaymentsPrimedAtInit, rounds));
            List<ColdStartBench.Form> authorizers = List.of(
                    new ColdStartBench.Form("REST authorizer, C1 (baseline)", () -> stack.startAuthorizer(mode), rounds),
                    new ColdStartBench.Form("REST authorizer, **C2**", () -> c2.startAuthorizer(mode), rounds));
            int forms = guarded.size() + authorizers.size();
            for (int round = -1; round < rounds; round++) {
                for (int i = 0; i < forms; i++) {
                    int f = Math.floorMod(round + i, forms);
                    boolean c2Form = f == 2 || f == 4 || f == 6;
                    Predicate<String> compiler = log -> c2Form
                            ? log.contains(PICKED_UP + CompilerLatencyBench.C2_OPTIONS) : !log.contains(PICKED_UP);
                    if (f < guarded.size()) {
                        boolean primedForm = f == 3 || f == 4;
                        PackagedFunction.Invocation decision = minter.invoke(RuntimeEvents.listAuthorizerRequest(token));
                        ColdStartBench.coldStart(guarded.get(f), round, RuntimeEvents.listPaymentsRequest(decision.json()),
                                ColdStartBench::listed,
                                compiler.and(log -> log.contains(ColdStartBench.GUARD_PRIMED_LINE) == primedForm));
                    } else {
                        ColdStartBench.coldStart(authorizers.get(f - guarded.size()), round,
                                RuntimeEvents.listAuthorizerRequest(token),
                                answer -> answer.status() == 200 && answer.body().contains("\"Allow\""), compiler);
                    }
                }
            }
            ColdStartBench.write("compiler-cold-start.md", ColdStartBench.table(mode, rounds, guarded)
                    + "\n" + ColdStartBench.table(mode, rounds, authorizers)
                    + "\nC2 / C1, median per-round ratio:\n\n"
                    + c2AgainstC1("guarded", guarded.get(2), guarded.get(1))
                    + c2AgainstC1("guarded, primed at init", guarded.get(4), guarded.get(3))
                    + c2AgainstC1("REST authorizer", authorizers.get(1), authorizers.get(0)));
        }
    }

    private static String c2AgainstC1(String name, ColdStartBench.Form c2, ColdStartBench.Form c1) {
        return String.format(Locale.ROOT, "- %s: cold start %.2f×, init %.2f×, first request %.2f×%n", name,
                ColdStartBench.medianRatio(c2.total(), c1.total()), ColdStartBench.medianRatio(c2.init(), c1.init()),
                ColdStartBench.medianRatio(ColdStartBench.firstRequests(c2), ColdStartBench.firstRequests(c1)));
    }
}
