package dev.kvconfig.bootstrap;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code kvconfig-bootstrap}: provisions a Key Vault, its access and its first secrets from {@code kvconfig.yaml}
 * ({@code plan}, {@code apply}), and offers the management verbs one by one ({@code vault}, {@code policy},
 * {@code secrets}). Exit codes: 0 ok, 1 failed, 2 usage or invalid input, 3 plan has changes.
 *
 * <p>Public because it is the entry point: {@code java -jar kvconfig-bootstrap.jar …} or
 * {@code new CommandLine(new KvconfigBootstrap()).execute(args)}.
 */
@Command(name = "kvconfig-bootstrap", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        description = "Provision an Azure Key Vault for kvconfig: plan/apply a kvconfig.yaml, or manage vaults, "
                + "access policies and secrets one command at a time.",
        subcommands = {PlanCommand.class, ApplyCommand.class, VaultCommand.class, PolicyCommand.class,
                SecretsCommand.class, KeysCommand.class, CertificatesCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:failed", "2:usage or invalid input", "3:plan has changes"})
public final class KvconfigBootstrap implements Runnable {
    @Mixin
    private GlobalOptions global;

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** A command line with {@link Failures} registered for anything that escapes a command. */
    static CommandLine commandLine() {
        Failures failures = new Failures();
        return new CommandLine(new KvconfigBootstrap())
                .setExecutionExceptionHandler(failures)
                .setExitCodeExceptionMapper(failures);
    }

    GlobalOptions global() {
        return global;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command: plan, apply, vault, policy or secrets");
    }
}
