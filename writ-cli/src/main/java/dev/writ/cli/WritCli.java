package dev.writ.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code writ} command. */
@Command(name = "writ", mixinStandardHelpOptions = true, version = "writ 0.1.0",
        description = "Writ: no writ, no execution.",
        subcommands = {CommandLine.HelpCommand.class})
public final class WritCli {

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** The configured command line, also used by tests. */
    public static CommandLine newCommandLine() {
        return new CommandLine(new WritCli());
    }
}
