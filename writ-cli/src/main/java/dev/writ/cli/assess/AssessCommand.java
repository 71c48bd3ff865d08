package dev.writ.cli.assess;

import dev.writ.cli.TerminalText;
import dev.writ.core.internal.Utf8;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code writ assess}: which functions of a template or stack Writ governs, and the maturity level reached. */
@Command(name = "assess", mixinStandardHelpOptions = true,
        description = "Assesses a SAM or CloudFormation template (or a deployed stack): for every function, whether the guard"
                + " runs before it and how, which event sources reach it and whether they can carry a writ, its lineage and"
                + " replay configuration; then grades each function and the stack L0-L5 (docs/maturity.md)."
                + " Exit 0, 4 when the stack is below --require-level, 2 for a usage error or a template that cannot be"
                + " assessed, 1 when AWS cannot be read.")
public final class AssessCommand implements Callable<Integer> {
    /** Exit code when the stack is below {@code --require-level}. */
    public static final int BELOW_REQUIRED_LEVEL = 4;
    /** Largest template accepted (CloudFormation's own limit for a template in S3 is 1 MB). */
    static final long MAX_TEMPLATE_BYTES = 2L * 1024 * 1024;

    enum Format { TABLE, JSON, SARIF }

    @Spec
    CommandSpec spec;

    @ArgGroup(multiplicity = "1")
    Target target;

    static final class Target {
        @Parameters(index = "0", paramLabel = "TEMPLATE", description = "A SAM or CloudFormation template, YAML or JSON.")
        Path template;

        @Option(names = "--stack", paramLabel = "NAME", description = "A deployed stack, read through the AWS APIs (region,"
                + " credentials and endpoints from the environment).")
        String stack;
    }

    @Option(names = "--format", paramLabel = "table|json|sarif", defaultValue = "table", description = "Output format (default table).")
    Format format;

    @Option(names = "--require-level", paramLabel = "N", description = "Exit 4 when the stack is below level N (0-5).")
    Integer requiredLevel;

    @Option(names = "--exclude", paramLabel = "LOGICAL_ID", description = "Leave a function or a not-assessed resource out of the"
            + " stack's grade (it is still reported, marked excluded). Repeatable.")
    List<String> excluded = List.of();

    @Override
    public Integer call() throws IOException {
        if (requiredLevel != null && (requiredLevel < 0 || requiredLevel > 5)) {
            throw new ParameterException(spec.commandLine(), "--require-level must be 0 to 5, not " + requiredLevel);
        }
        Assessment assessment;
        try {
            assessment = target.stack != null ? StackReader.assess(target.stack, new LinkedHashSet<>(excluded))
                    : Assessor.assess(Template.parse(read(target.template), target.template.toString()), true, Map.of(),
                            new LinkedHashSet<>(excluded));
        } catch (TemplateException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(switch (format) {
            case TABLE -> TableReport.render(assessment, requiredLevel);
            case JSON -> TerminalText.escapedLines(JsonReport.render(assessment, requiredLevel)) + "\n"; // the template's names
            case SARIF -> TerminalText.escapedLines(SarifReport.render(assessment, requiredLevel, spec.root().version()[0].replaceFirst("^writ ", ""))) + "\n";
        });
        out.flush();
        return requiredLevel != null && assessment.stackLevel() < requiredLevel ? BELOW_REQUIRED_LEVEL : 0;
    }

    private String read(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new TemplateException("cannot read " + file + ": not a file");
            }
            if (Files.size(file) > MAX_TEMPLATE_BYTES) {
                throw new TemplateException(file + ": larger than " + MAX_TEMPLATE_BYTES + " bytes: not a template");
            }
            return Utf8.decode(Files.readAllBytes(file));
        } catch (CharacterCodingException e) {
            throw new TemplateException(file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new TemplateException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
