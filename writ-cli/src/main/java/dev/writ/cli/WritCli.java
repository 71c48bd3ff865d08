package dev.writ.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code writ} command. Exit codes: 0 success (a valid writ), 2 usage error,
 * 3 denied, 1 anything else.
 */
@Command(name = "writ", mixinStandardHelpOptions = true, version = "writ 0.1.0",
        description = "Writ: no writ, no execution.",
        subcommands = {dev.writ.cli.demo.DemoCommand.class, dev.writ.cli.dev.DevCommand.class, KeysCommand.class, MintCommand.class, VerifyCommand.class,
            dev.writ.cli.authorize.AuthorizeCommand.class, dev.writ.cli.bundle.BundleCommand.class,
            dev.writ.cli.lineage.LineageCommand.class, dev.writ.cli.proof.ProofCommand.class, dev.writ.cli.assess.AssessCommand.class, CommandLine.HelpCommand.class})
public final class WritCli {

    /** Exit code of a denied writ. */
    public static final int DENIED = 3;

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** The configured command line, also used by tests. */
    public static CommandLine newCommandLine() {
        CommandLine cli = new CommandLine(new WritCli()).setCaseInsensitiveEnumValuesAllowed(true);
        noAtFiles(cli);
        // A missing or unreadable input file is a usage error, reported in one line, not a stack trace.
        // Messages may quote what came from outside (a file, a record, an API): printed escaped.
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("writ: " + TerminalText.escaped(e instanceof UsageException || e.getMessage() != null
                    ? e.getMessage() : e.getClass().getSimpleName()));
            return e instanceof UsageException ? CommandLine.ExitCode.USAGE : CommandLine.ExitCode.SOFTWARE;
        });
        CommandLine.IParameterExceptionHandler usageErrors = cli.getParameterExceptionHandler();
        cli.setParameterExceptionHandler((e, args) -> {
            String safe = TerminalText.escaped(e.getMessage());
            return usageErrors.handleParseException(safe.equals(e.getMessage()) ? e : new CommandLine.ParameterException(e.getCommandLine(), safe, e), args);
        });
        return cli;
    }

    /**
     * An argument starting with '@' is a value, never a file of more arguments: a token file must
     * not be able to add options (--now, --aud) to the command that reads it. picocli's setter
     * changes only the command it is called on, so each subcommand is set too.
     */
    private static void noAtFiles(CommandLine command) {
        command.setExpandAtFiles(false);
        command.getSubcommands().values().forEach(WritCli::noAtFiles);
    }
}
