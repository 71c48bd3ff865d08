package dev.writ.policy.build;

import dev.writ.policy.bundle.BundleProblem;
import dev.writ.policy.bundle.BundleSource;
import dev.writ.policy.eval.PolicyBundle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates a bundle folder strictly, checks that each route's request fits the schema
 * ({@link RouteRequests}), runs its decision tests and warns of permits that allow any value of an
 * optional route input ({@link UnreadOptionalInputs}) ({@code writ bundle test DIR}).
 */
public final class BundleTester {
    private BundleTester() {
    }

    /** Tests the bundle in {@code dir}; never throws for a bad bundle, the report says what is wrong. */
    public static TestReport test(Path dir) {
        String name = dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
        BundleSource source;
        try {
            source = BundleSource.fromDirectory(dir);
        } catch (IOException e) {
            return new TestReport(name, 0, 0, 0, List.of(BundleProblem.inFile(".", "cannot read bundle: " + e.getMessage())));
        }
        return test(name, source);
    }

    /** Tests the given files, reported under {@code name}. */
    public static TestReport test(String name, BundleSource source) {
        return run(name, source).report();
    }

    record Run(TestReport report, PolicyBundle bundle) {
    }

    static Run run(String name, BundleSource source) {
        PolicyBundle.Compiled compiled = PolicyBundle.compile(source);
        List<BundleProblem> problems = new ArrayList<>(compiled.problems());
        if (compiled.bundle().isEmpty()) {
            return new Run(new TestReport(name, 0, 0, 0, problems), null);
        }
        PolicyBundle bundle = compiled.bundle().get();
        if (source.pathsUnder(BundleSource.TESTS_DIR, ".json").isEmpty()) {
            problems.add(BundleProblem.inFile(BundleSource.TESTS_DIR, "no decision tests (tests/*.json): a bundle must prove its rules"));
        }
        RouteRequests.check(bundle, problems);
        DecisionTests.Tally outcome = DecisionTests.run(source, bundle, problems);
        TestReport report = new TestReport(name, bundle.policyFiles().size(), outcome.run(), outcome.failed(), problems,
                UnreadOptionalInputs.check(bundle));
        return new Run(report, report.passed() ? bundle : null);
    }
}
