package dev.writ.cli.assess;

import static dev.writ.cli.assess.AssessRun.run;
import static dev.writ.cli.assess.AssessRun.template;
import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Templates that cannot be assessed, and bad options: exit 2 with a one-line reason, never a stack trace or a grade. */
class AssessBadInputTest {
    @TempDir
    Path dir;

    private CliRun assess(String text) throws Exception {
        Path t = dir.resolve("t.yaml");
        Files.writeString(t, text);
        return run(t);
    }

    private static void usage(CliRun r, String reason) {
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).contains(reason).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'Resources: [unclosed'|not a YAML or JSON template",
        "'Resources:\n  A: {Type: X}\n  A: {Type: Y}\n'|duplicate key 'A'",
        "'- a\n- b\n'|a template is a mapping at the top, not a list",
        "'Description: nothing\n'|no Resources",
        "'Resources: {}\n'|no Resources",
        "'Resources:\n  A: 3\n'|resource A is the scalar '3', not a mapping",
        "'Resources:\n  A: {Properties: {}}\n'|resource A has no Type",
        "'Resources:\n  A: {Type: X, Properties: [1]}\n'|Properties of A is a list, not a mapping",
        "'Resources:\n  Q: {Type: AWS::SQS::Queue}\n'|no function",
        "'a: 1\n---\nb: 2\n'|not a YAML or JSON template",
        "'Resources:\n  A: {Type: X, Properties: {Handler: !GetAtt nodot}}\n'|!GetAtt needs Resource.Attribute",
        "''|empty template",
        "'{\"Resources\": {\"A\": {\"Type\": \"X\"}, \"A\": {\"Type\": \"Y\"}}}'|line 1: duplicate key 'A'",
        "'{\"Resources\": {}} {}'|more after the template's closing brace",
        "'{\"Resources\": [1,'|not a YAML or JSON template"})
    void malformedTemplates(String text, String reason) throws Exception {
        usage(assess(text), reason);
    }

    @Test
    void anchorsAndAliasesAreRefusedAsCloudFormationRefusesThem() throws Exception {
        usage(assess("Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties: &p {Handler: a.B}\n  Fn2:\n"
                + "    Type: AWS::Lambda::Function\n    Properties: *p\n"), "anchors and aliases are not allowed");
    }

    @Test
    void aDuplicateHandlerIsRefusedRatherThanReadEitherWay() throws Exception {
        usage(assess("Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Handler: dev.writ.guard.entry.GuardedHandler\n"
                + "      Handler: com.example.Plain\n"), "line 6: duplicate key 'Handler'");
    }

    @Test
    void aMissingFileADirectoryAndBinaryAreUsageErrors() throws Exception {
        usage(run(dir.resolve("nope.yaml")), "cannot read");
        usage(run(dir), "not a file");
        Path binary = dir.resolve("b.yaml");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0});
        usage(run(binary), "not UTF-8 text");
        // What a lenient decoder would read as other text: an overlong '/', an encoded surrogate, a cut sequence.
        for (byte[] bytes : List.of(new byte[] {'a', (byte) 0xc0, (byte) 0xaf}, new byte[] {'a', (byte) 0xed, (byte) 0xa0, (byte) 0x80},
                new byte[] {'a', (byte) 0xe2, (byte) 0x82})) {
            Files.write(binary, bytes);
            usage(run(binary), "not UTF-8 text");
        }
    }

    @Test
    void badOptions() {
        usage(run(template("governed.yaml"), "--require-level", "6"), "--require-level must be 0 to 5");
        usage(run(template("governed.yaml"), "--format", "xml"), "--format");
        usage(run(template("governed.yaml"), "--exclude", "Nope"), "--exclude Nope: no such resource");
        usage(run(), "TEMPLATE");
        usage(run(template("governed.yaml"), "--stack", "s"), "mutually exclusive");
    }

    @Test
    void jsonWithTabsIsATemplateToo() throws Exception {
        Path t = dir.resolve("t.json");
        Files.writeString(t, "{\n\t\"Resources\": {\n\t\t\"Fn\": {\n\t\t\t\"Type\": \"AWS::Lambda::Function\",\n\t\t\t\"Properties\": "
                + "{\"Handler\": \"a.B\", \"Code\": {\"ZipFile\": \"x\\/y\"}}\n\t\t}\n\t}\n}\n");
        CliRun r = run(t);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("stack: L0 ungoverned");
    }
}
