package dev.writ.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.cli.WritCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoCommandTest {

    @Test
    void runsEveryStepAsExpectedAndExitsZero() {
        StringWriter out = new StringWriter();
        CommandLine cli = WritCli.newCommandLine();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("demo")).isZero();
        List<String> rows = Arrays.stream(out.toString().split("\n"))
                .filter(l -> l.matches("^\\d+\\s.*")).collect(Collectors.toList());
        assertThat(rows).hasSize(10).allSatisfy(row -> assertThat(row).endsWith(" ok"));
        assertThat(rows.stream().filter(r -> r.contains(" yes ")).count()).as("the handler ran for the two allowed calls only").isEqualTo(2);
        assertThat(out.toString()).contains("REPLAYED").contains("REQUEST_MISMATCH").contains("BAD_SIGNATURE")
                .contains("Every step behaved as expected");
    }
}
