package dev.writ.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The sample bundle of this module, and writable copies of it for tests that break it. */
public final class TestBundles {
    /** Surefire runs in the module folder. */
    public static final Path PAYMENTS = Path.of("payments-api");

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
}
