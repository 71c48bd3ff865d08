package dev.writ.policy;

import dev.writ.core.jose.Signer;
import dev.writ.policy.bundle.BundleSource;
import dev.writ.policy.eval.PolicyBundle;
import dev.writ.policy.file.BundleFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;

/**
 * The sample bundle of policy-bundles, writable copies of it for tests that break it, and signed
 * bundle files for the loader's tests (policy-build's tests use these too, through the test-jar).
 */
public final class TestBundles {
    /** Surefire runs in the module folder, a sibling of policy-bundles. */
    public static final Path PAYMENTS = Path.of("..", "policy-bundles", "payments-api");

    private TestBundles() {
    }

    /** Copies the payments-api bundle to {@code dir/payments-api} and returns that folder. */
    public static Path copyPayments(Path dir) {
        Path target = dir.resolve("payments-api");
        try (Stream<Path> walk = Files.walk(PAYMENTS)) {
            for (Path p : walk.toList()) {
                Path to = target.resolve(PAYMENTS.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    /** Replaces the first occurrence of {@code from} in a file, failing when it is absent. */
    public static void edit(Path file, String from, String to) {
        try {
            String text = Files.readString(file);
            if (!text.contains(from)) {
                throw new IllegalArgumentException(file + " does not contain " + from);
            }
            Files.writeString(file, text.replaceFirst(java.util.regex.Pattern.quote(from),
                    java.util.regex.Matcher.quoteReplacement(to)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The bundle file of a bundle folder that compiles, signed by {@code signer}. Its decision
     * tests are not run: that is the builder's business (policy-build).
     */
    public static byte[] signed(Path dir, Signer signer) {
        try {
            PolicyBundle.Compiled compiled = PolicyBundle.compile(BundleSource.fromDirectory(dir));
            PolicyBundle bundle = compiled.bundle().orElseThrow(() -> new IllegalArgumentException(
                    dir + " does not compile: " + compiled.problems()));
            return BundleFile.sign(bundle, signer, Instant.now());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
