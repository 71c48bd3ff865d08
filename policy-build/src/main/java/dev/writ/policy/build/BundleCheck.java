package dev.writ.policy.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Maven build step: tests every bundle folder (a folder holding {@code manifest.json}) directly
 * under the given root and fails when one is invalid, naming file, policy id and what is wrong.
 */
public final class BundleCheck {
    private BundleCheck() {
    }

    /**
     * Runs the check on {@code args[0]} (default: the working directory).
     *
     * @throws IllegalStateException with the full report when a bundle fails or none is found, so
     *     that {@code exec:java} fails the build with that message
     */
    public static void main(String[] args) throws IOException {
        check(Path.of(args.length > 0 ? args[0] : "."), System.out);
    }

    /** As {@link #main}, printing one report per bundle to {@code out}. */
    public static void check(Path root, java.io.PrintStream out) throws IOException {
        List<Path> bundles = findBundles(root);
        if (bundles.isEmpty()) {
            throw new IllegalStateException("no policy bundles (folders with manifest.json) under " + root.toAbsolutePath());
        }
        List<String> failures = new ArrayList<>();
        for (Path dir : bundles) {
            TestReport report = BundleTester.test(dir);
            out.println("[writ bundle] " + report.describe());
            if (!report.passed()) {
                failures.add(report.describe());
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("policy bundle check failed:\n" + String.join("\n", failures));
        }
    }

    /** The folders directly under {@code root} that hold a {@code manifest.json}, sorted. */
    public static List<Path> findBundles(Path root) throws IOException {
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(p -> Files.isRegularFile(p.resolve("manifest.json"))).sorted().toList();
        }
    }
}
