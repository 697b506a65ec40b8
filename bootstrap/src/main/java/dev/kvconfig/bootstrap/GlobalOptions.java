package dev.kvconfig.bootstrap;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.nio.file.Path;

/**
 * Options every command takes, before or after the subcommand name ({@code scope = INHERIT}). Mixed into the top
 * command only; inherited copies write to this same instance.
 */
final class GlobalOptions {
    enum Format { text, json }

    @Option(names = "--emulator-info", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Target the kvconfig emulator described by this info file (its ARM endpoint, token endpoint, "
                    + "tenant, subscription and trust store).")
    private Path emulatorInfo;

    @Option(names = "--subscription", paramLabel = "ID", scope = ScopeType.INHERIT,
            description = "Azure subscription id (default: the spec's subscription, else AZURE_SUBSCRIPTION_ID).")
    private String subscription;

    @Option(names = "--tenant", paramLabel = "ID", scope = ScopeType.INHERIT,
            description = "Entra ID tenant for DefaultAzureCredential (default: your login's).")
    private String tenant;

    @Option(names = "--output", paramLabel = "FORMAT", scope = ScopeType.INHERIT, defaultValue = "text",
            description = "text or json (default: ${DEFAULT-VALUE}). JSON goes to stdout; no progress in JSON mode.")
    private Format output = Format.text;

    Path emulatorInfo() {
        return emulatorInfo;
    }

    String subscription() {
        return subscription;
    }

    String tenant() {
        return tenant;
    }

    boolean json() {
        return output == Format.json;
    }
}
