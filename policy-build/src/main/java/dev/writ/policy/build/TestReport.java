package dev.writ.policy.build;

import dev.writ.policy.bundle.BundleProblem;
import java.util.List;

/**
 * What testing one bundle found: every problem (validation failures naming file and policy id,
 * failing decision tests naming test file and test), and the counts.
 */
public record TestReport(String bundle, int policies, int testsRun, int testsFailed, List<BundleProblem> problems) {
    public TestReport {
        problems = List.copyOf(problems);
    }

    /** True when the bundle compiled, validated and every decision test passed. */
    public boolean passed() {
        return problems.isEmpty();
    }

    /** A human-readable report: one summary line, then one line per problem prefixed with the bundle. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        s.append(bundle).append(": ").append(passed() ? "OK" : "FAILED").append(" (")
                .append(policies).append(" policies, ").append(testsRun).append(" decision tests, ")
                .append(testsFailed).append(" failed)");
        for (BundleProblem p : problems) {
            s.append('\n').append("  ").append(bundle).append('/').append(p);
        }
        return s.toString();
    }
}
