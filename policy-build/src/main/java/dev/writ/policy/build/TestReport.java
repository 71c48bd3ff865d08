package dev.writ.policy.build;

import dev.writ.policy.bundle.BundleProblem;
import java.util.ArrayList;
import java.util.List;

/**
 * What testing one bundle found: every problem (validation failures naming file and policy id,
 * failing decision tests naming test file and test), the warnings (policies that pass but allow
 * more than they may mean to: {@link UnreadOptionalInputs}), and the counts.
 */
public record TestReport(String bundle, int policies, int testsRun, int testsFailed, List<BundleProblem> problems,
                         List<BundleProblem> warnings) {
    public TestReport {
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
    }

    /** A report with no warnings. */
    public TestReport(String bundle, int policies, int testsRun, int testsFailed, List<BundleProblem> problems) {
        this(bundle, policies, testsRun, testsFailed, problems, List.of());
    }

    /** True when the bundle compiled, validated and every decision test passed; warnings do not fail it. */
    public boolean passed() {
        return problems.isEmpty();
    }

    /** A human-readable report: {@link #lines()} joined by newlines. */
    public String describe() {
        return String.join("\n", lines());
    }

    /**
     * The report's lines: one summary line, then one per problem prefixed with the bundle, then one
     * per warning prefixed with {@code warning:}. A line holds the bundle's own text (paths, policy
     * ids, parser messages), newlines included, so a printer that escapes that text escapes each
     * line, never the joined report split again.
     */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add(bundle + ": " + (passed() ? "OK" : "FAILED") + " (" + policies + " policies, " + testsRun
                + " decision tests, " + testsFailed + " failed"
                + (warnings.isEmpty() ? "" : ", " + warnings.size() + (warnings.size() == 1 ? " warning" : " warnings"))
                + ")");
        for (BundleProblem p : problems) {
            lines.add("  " + bundle + "/" + p);
        }
        for (BundleProblem w : warnings) {
            lines.add("  warning: " + bundle + "/" + w);
        }
        return lines;
    }
}
