package dev.writ.cli.bundle;

import picocli.CommandLine.Command;

/** {@code writ bundle}: build and test Cedar policy bundles (policy-build's entry points). */
@Command(name = "bundle", mixinStandardHelpOptions = true,
        description = "Policy bundles: validate and test a bundle folder, or build its signed bundle file.",
        subcommands = {BuildBundleCommand.class, TestBundleCommand.class})
public final class BundleCommand {
}
