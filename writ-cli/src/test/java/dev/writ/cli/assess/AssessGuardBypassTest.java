package dev.writ.cli.assess;

import static dev.writ.cli.assess.AssessRun.function;
import static dev.writ.cli.assess.AssessRun.json;
import static dev.writ.cli.assess.AssessRun.level;
import static dev.writ.cli.assess.AssessRun.list;
import static dev.writ.cli.assess.AssessRun.variant;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * governed.yaml's Orders keeps Writ's entry point, the guard layer and WRIT_GUARD_HANDLER, so it
 * looks governed, while its configuration runs something else first or instead: another runtime
 * resolving the handler string to a file the function ships, an exec wrapper that can rewrite the
 * handler, JVM options that load code ahead of the class path Lambda builds. Each is ungoverned,
 * with a {@code guard-bypass} finding on the line that does it. And guard settings that widen what it
 * accepts (a local JWKS beside the KMS key, a longer clock skew or lifetime) are not L3 evidence.
 */
class AssessGuardBypassTest {
    private static final String ORDERS_VARIABLES = "          WRIT_GUARD_HANDLER: com.example.orders.CreateOrder::handleRequest\n";

    @TempDir
    Path dir;

    private Map<String, Object> report(String... fromTo) throws Exception {
        return json(variant(dir, "governed.yaml", fromTo));
    }

    private Map<String, Object> withVariable(String name, String value) throws Exception {
        return report(ORDERS_VARIABLES, ORDERS_VARIABLES + "          " + name + ": '" + value + "'\n");
    }

    @SuppressWarnings("unchecked")
    private static void assertBypassed(Map<String, Object> report, String evidence) {
        Map<String, Object> orders = function(report, "Orders");
        Map<String, Object> governance = (Map<String, Object>) orders.get("governance");
        assertThat(governance).containsEntry("mode", "none");
        assertThat((String) governance.get("evidence")).contains(evidence);
        assertThat(level(orders)).as("Writ's authorizer still decides (L1); nothing enforces its decision").isEqualTo(1);
        assertThat(list(orders, "eventSources")).allSatisfy(p -> assertThat(p).containsEntry("path", "authorized-unenforced"));
        assertThat(list(report, "findings")).anySatisfy(f -> {
            assertThat(f).containsEntry("ruleId", "guard-bypass").containsEntry("level", "error").containsEntry("logicalId", "Orders");
            assertThat((String) f.get("message")).contains(evidence);
        });
    }

    @SuppressWarnings("unchecked")
    private static void assertGoverned(Map<String, Object> report) {
        Map<String, Object> orders = function(report, "Orders");
        assertThat((Map<String, Object>) orders.get("governance")).containsEntry("mode", "layer+entry-point");
        assertThat(level(orders)).isEqualTo(4);
        assertThat(list(report, "findings")).noneSatisfy(f -> assertThat(f).containsEntry("ruleId", "guard-bypass"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"python3.12", "nodejs20.x", "provided.al2023", "ruby3.3"})
    void anotherRuntimeResolvesTheEntryPointsNameToTheFunctionsOwnFile(String runtime) throws Exception {
        assertBypassed(report("      CodeUri: orders.jar\n", "      CodeUri: orders.jar\n      Runtime: " + runtime + "\n"),
                "runtime " + runtime + " does not run Java");
    }

    @Test
    void aRuntimeComputedAtDeployTimeCannotBeShownToBeJava() throws Exception {
        assertBypassed(report("      CodeUri: orders.jar\n", "      CodeUri: orders.jar\n      Runtime: !Ref Schedule\n"),
                "no literal Java runtime");
    }

    @Test
    void aContainerImageChoosesItsOwnEntryPoint() throws Exception {
        assertBypassed(report("      CodeUri: orders.jar\n", "      PackageType: Image\n      ImageUri: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders:1\n"),
                "container image");
    }

    @Test
    void anExecWrapperCanRunTheOriginalHandlerInsteadOfTheEntryPoint() throws Exception {
        assertBypassed(withVariable("AWS_LAMBDA_EXEC_WRAPPER", "/var/task/bin/wrapper"), "AWS_LAMBDA_EXEC_WRAPPER");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "JAVA_TOOL_OPTIONS=-javaagent:/var/task/lib/agent.jar",
            "JAVA_TOOL_OPTIONS=-XX:+TieredCompilation -Xbootclasspath/a:/var/task/lib/shadow.jar",
            "JAVA_TOOL_OPTIONS=-agentpath:/var/task/libhook.so",
            "JAVA_TOOL_OPTIONS=-XX:OnOutOfMemoryError=/var/task/run.sh",
            "JAVA_TOOL_OPTIONS=-XX:VMOptionsFile=/var/task/jvm.options",
            "JAVA_TOOL_OPTIONS=--patch-module=java.base=/var/task/patch",
            "JDK_JAVA_OPTIONS=@/var/task/jvm.args",
            "_JAVA_OPTIONS=-agentlib:jdwp=transport=dt_socket,server=y",
            "JAVA_TOOL_OPTIONS=-Djava.system.class.loader=com.example.Loader",
            "JAVA_TOOL_OPTIONS=\"-javaagent:/var/task/a b.jar\""})
    void jvmOptionsThatLoadCodeAheadOfTheClassPathBypassTheEntryPoint(String setting) throws Exception {
        String name = setting.substring(0, setting.indexOf('='));
        assertBypassed(withVariable(name, setting.substring(name.length() + 1)), name);
    }

    @Test
    void jvmTuningOptionsAsTheSampleTemplateSetsThemLeaveTheEntryPointGoverned() throws Exception {
        assertGoverned(withVariable("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -Xss512k -Dfile.encoding=UTF-8"));
    }

    /**
     * The guard trusts a local JWKS file beside the KMS key: whoever holds that file's private key (the
     * function's author, who ships the file) mints writs it accepts. Not verified against the stack's key.
     */
    @Test
    void aLocalJwksBesideTheKmsKeyIsNotVerificationAgainstTheStacksKey() throws Exception {
        Map<String, Object> orders = function(withVariable("WRIT_GUARD_TRUSTED_JWKS", "/var/task/jwks.json"), "Orders");
        assertThat(level(orders)).isEqualTo(2);
        assertThat(AssessRun.missing(orders, 3)).anySatisfy(m -> assertThat(m).contains("local JWKS file (WRIT_GUARD_TRUSTED_JWKS)")
                .contains("beside KMS key SigningKey"));
    }

    @Test
    void aClockSkewOrLifetimeAboveTheGuardsDefaultWidensEveryWritsWindow() throws Exception {
        Map<String, Object> skew = function(withVariable("WRIT_GUARD_CLOCK_SKEW_SECONDS", "86400"), "Orders");
        assertThat(level(skew)).isEqualTo(2);
        assertThat(AssessRun.missing(skew, 3)).contains("WRIT_GUARD_CLOCK_SKEW_SECONDS 86400 s, above the guard's default 30 s:"
                + " writs accepted up to that long after they expire");
        Map<String, Object> lifetime = function(withVariable("WRIT_MAX_LIFETIME_SECONDS", "3600"), "Orders");
        assertThat(level(lifetime)).isEqualTo(2);
        assertThat(AssessRun.missing(lifetime, 3)).anySatisfy(m -> assertThat(m).startsWith("WRIT_MAX_LIFETIME_SECONDS 3600 s, above"));
        assertThat(level(function(withVariable("WRIT_GUARD_CLOCK_SKEW_SECONDS", "10"), "Orders"))).isEqualTo(4);
    }

    /** A template parameter is judged by its default, what a deployment that does not override it runs with. */
    @Test
    void aWindowFromATemplateParameterIsJudgedByItsDefault() throws Exception {
        Map<String, Object> wide = function(report("Parameters:\n", "Parameters:\n  Skew:\n    Type: Number\n    Default: 600\n",
                ORDERS_VARIABLES, ORDERS_VARIABLES + "          WRIT_GUARD_CLOCK_SKEW_SECONDS: !Ref Skew\n"), "Orders");
        assertThat(level(wide)).isEqualTo(2);
        assertThat(AssessRun.missing(wide, 3)).anySatisfy(m -> assertThat(m).startsWith(
                "WRIT_GUARD_CLOCK_SKEW_SECONDS parameter Skew (default 600 s), above the guard's default 30 s"));
        Map<String, Object> usual = function(report("Parameters:\n", "Parameters:\n  Skew:\n    Type: Number\n    Default: 30\n",
                ORDERS_VARIABLES, ORDERS_VARIABLES + "          WRIT_GUARD_CLOCK_SKEW_SECONDS: !Ref Skew\n"), "Orders");
        assertThat(level(usual)).isEqualTo(4);
    }

    @Test
    void aLiteralJavaRuntimeOfTheFunctionItselfIsGoverned() throws Exception {
        assertGoverned(report("      CodeUri: orders.jar\n", "      CodeUri: orders.jar\n      Runtime: java17\n"));
    }
}
