package dev.kvconfig.bootstrap;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code secrets import|list}: a vault's secrets (values are written, never shown). */
@Command(name = "secrets", mixinStandardHelpOptions = true, description = "Import secrets from a properties file, or list them.",
        subcommands = {SecretsImportCommand.class, SecretsListCommand.class})
final class SecretsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing a secrets command: import or list");
    }
}
