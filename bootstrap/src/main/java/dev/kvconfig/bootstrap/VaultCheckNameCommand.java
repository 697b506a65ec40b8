package dev.kvconfig.bootstrap;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code vault check-name NAME}: whether a name is free and, if not, whose it is. Exit 0 either way. */
@Command(name = "check-name", mixinStandardHelpOptions = true,
        description = "Tell whether a vault name is available; if taken, whether it is yours, deleted-but-recoverable, or someone else's.")
final class VaultCheckNameCommand extends BootstrapCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    int run(GlobalOptions global, Output output) {
        NameRules.requireVaultName(name);
        Vaults.NameCheck check = new Vaults(Connection.open(global, null)).checkName(name);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("available", check.available());
        json.put("reason", check.available() ? null : check.holder().equals(Vaults.NameCheck.INVALID)
                ? "AccountNameInvalid" : "AlreadyExists");
        json.put("holder", check.holder());
        json.put("detail", check.detail());
        output.json(json);
        output.line(check.available() ? name + ": available"
                : name + ": taken (" + json.get("reason") + ", " + check.holder() + "): " + check.detail());
        return Failures.OK;
    }
}
