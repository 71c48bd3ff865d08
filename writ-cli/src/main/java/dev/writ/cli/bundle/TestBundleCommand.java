package dev.writ.cli.bundle;

import dev.writ.cli.TerminalText;
import dev.writ.policy.build.BundleTester;
import dev.writ.policy.build.TestReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code writ bundle test DIR}: strict validation, every decision test and the warnings; exit 0
 * passed (warnings printed with the report), 1 failed.
 */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = "Validates every policy of the bundle folder DIR strictly against its schema and runs its decision tests.")
final class TestBundleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "Bundle folder (holding manifest.json).")
    Path dir;

    @Override
    public Integer call() {
        if (!Files.isDirectory(dir)) {
            throw new CommandLine.ParameterException(spec.commandLine(), dir + " is not a folder");
        }
        TestReport report = BundleTester.test(dir);
        print(report.passed() ? spec.commandLine().getOut() : spec.commandLine().getErr(), report);
        return report.passed() ? 0 : 1;
    }

    /** The report, each line escaped: paths, policy ids and parser messages are the bundle's text. */
    static void print(PrintWriter out, TestReport report) {
        report.lines().forEach(line -> out.println(TerminalText.escaped(line)));
    }
}
