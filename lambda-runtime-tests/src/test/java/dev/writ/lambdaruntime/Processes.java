package dev.writ.lambdaruntime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The child processes a test starts (emulators, function JVMs): each is stopped when its owner
 * closes it, and a shutdown hook stops whatever is left if the test JVM ends first (a failed
 * {@code @BeforeAll}, Ctrl-C, Failsafe's fork timeout).
 */
final class Processes {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Processes::stop), "stop-lambda-processes"));
    }

    private Processes() {
    }

    /** Starts {@code command} in {@code dir} with exactly {@code env}, output (both streams) appended to {@code log}. */
    static Process start(List<String> command, Path dir, java.util.Map<String, String> env, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        LIVE.add(p);
        return p;
    }

    /** SIGTERM, then SIGKILL after 10 s; waits until it is gone. Safe to call twice. */
    static void stop(Process p) {
        if (p == null) {
            return;
        }
        try {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            LIVE.remove(p);
        }
    }

    /** Closes each of {@code resources} that is not null, in order, even when one before it fails (a test's {@code @AfterAll}). */
    static void closeAll(AutoCloseable... resources) {
        for (AutoCloseable c : resources) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // the others must still stop
                }
            }
        }
    }

    /** The last lines of a log, for failure messages. */
    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }
}
