package dev.writ.lambdaruntime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The JIT tier a packaged function's JVM really runs at, from the runtime's command line and the
 * function's {@code JAVA_TOOL_OPTIONS} ({@link PackagedFunction#runtimeJvmFlags}): each case starts
 * this JDK's {@code java} with them and reads the flag's final value.
 */
class PackagedFunctionJvmFlagsTest {

    private static final Pattern STOP_AT_LEVEL = Pattern.compile("TieredStopAtLevel\\s+=\\s+(\\d+)");

    @Test
    void withoutTheFunctionsOptionsTheRuntimeRunsC1Only() throws Exception {
        assertThat(effectiveStopAtLevel(null)).isEqualTo(1);
    }

    @Test
    void theFunctionsJavaToolOptionsChooseC2AsAwsDocumentsIt() throws Exception {
        // HotSpot reads JAVA_TOOL_OPTIONS before the command line: with the runtime's
        // -XX:TieredStopAtLevel=1 left on it, the function's level 4 would lose.
        assertThat(effectiveStopAtLevel("-XX:TieredStopAtLevel=4")).isEqualTo(4);
    }

    @Test
    void optionsThatChooseNoTierKeepTheRuntimesC1Default() throws Exception {
        assertThat(effectiveStopAtLevel("-Xss1m")).isEqualTo(1);
    }

    @Test
    void theRuntimesDefaultStaysOnTheCommandLineWhereTheFunctionsOptionsCannotOverrideIt() throws Exception {
        // The fact the rule rests on: the same level 4 in JAVA_TOOL_OPTIONS loses to the command line.
        assertThat(effectiveStopAtLevel(List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"), "-XX:TieredStopAtLevel=4"))
                .isEqualTo(1);
    }

    private static int effectiveStopAtLevel(String functionOptions) throws IOException, InterruptedException {
        return effectiveStopAtLevel(PackagedFunction.runtimeJvmFlags(1024, functionOptions), functionOptions);
    }

    private static int effectiveStopAtLevel(List<String> commandLine, String javaToolOptions)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(commandLine);
        command.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove(PackagedFunction.JAVA_TOOL_OPTIONS);
        if (javaToolOptions != null) {
            builder.environment().put(PackagedFunction.JAVA_TOOL_OPTIONS, javaToolOptions);
        }
        Process jvm = builder.start();
        String flags = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jvm.waitFor()).as(flags).isZero();
        Matcher level = STOP_AT_LEVEL.matcher(flags);
        assertThat(level.find()).as(flags).isTrue();
        return Integer.parseInt(level.group(1));
    }
}
