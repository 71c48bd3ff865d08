package dev.writ.policy.build;


import dev.writ.core.jose.Signer;
import dev.writ.policy.bundle.BundleSource;
import dev.writ.policy.file.BundleFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/**
 * Builds the signed bundle file ({@code writ bundle build DIR --key DIR --out FILE}): validates,
 * runs the decision tests, hashes and signs. Nothing is written unless every check passes.
 */
public final class BundleBuilder {
    private BundleBuilder() {
    }

    /** What was built, and the report of its tests, whose warnings do not stop the build. */
    public record Built(String name, long revision, String contentHash, Path file, TestReport report) {
    }

    /** The bundle failed validation or its decision tests; {@link #report()} says where. */
    public static final class BuildFailedException extends Exception {
        private final TestReport report;

        BuildFailedException(TestReport report) {
            super(report.describe());
            this.report = report;
        }

        public TestReport report() {
            return report;
        }
    }

    /**
     * Tests the bundle in {@code dir} and, when it passes, writes the bundle file signed by
     * {@code signer} to {@code out} (atomically: a reader never sees half a file).
     *
     * @throws BuildFailedException when validation or a decision test fails
     * @throws IOException when the folder cannot be read or the file cannot be written
     * @throws dev.writ.core.jose.SigningException when the signer cannot sign
     */
    public static Built build(Path dir, Signer signer, Path out) throws BuildFailedException, IOException {
        String name = dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
        BundleSource source = BundleSource.fromDirectory(dir);
        BundleTester.Run run = BundleTester.run(name, source);
        if (!run.report().passed()) {
            throw new BuildFailedException(run.report());
        }
        byte[] file = BundleFile.sign(run.bundle(), signer, Instant.now());
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, ".bundle-", ".tmp");
        try {
            Files.write(tmp, file);
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return new Built(run.bundle().manifest().name(), run.bundle().manifest().revision(), run.bundle().contentHash(), out,
                run.report());
    }
}
