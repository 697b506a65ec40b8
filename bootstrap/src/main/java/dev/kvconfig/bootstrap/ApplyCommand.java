package dev.kvconfig.bootstrap;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.Console;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code apply -f kvconfig.yaml}: converges the vault on the spec. Asks before changing anything when run on a
 * terminal (skip with {@code --yes}; no terminal, no question). Re-running is a no-op.
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Create or update the resource group, vault, access and secrets so they match the spec.")
final class ApplyCommand extends BootstrapCommand {
    @Option(names = {"-f", "--file"}, required = true, paramLabel = "kvconfig.yaml", description = "The spec file.")
    Path file;

    @Option(names = "--yes", description = "Do not ask for confirmation.")
    boolean yes;

    @Option(names = "--prune", description = "Also delete access and secrets the spec does not declare.")
    boolean prune;

    @Override
    int run(GlobalOptions global, Output output) {
        PlanSupport.Planned planned = PlanSupport.plan(file, prune, global, output);
        Plan plan = planned.plan();
        if (!output.json()) {
            PlanSupport.printText(planned, output);
        }
        if (!plan.isEmpty()) {
            if (!yes && !confirmed(output, plan)) {
                throw new BootstrapException("apply cancelled; nothing was changed", "answer y, or pass --yes");
            }
            new Applier(planned.connection(), output::progress)
                    .apply(planned.spec(), planned.desired(), planned.observed(), plan, prune);
            output.line("Applied " + plan.changes().size() + " change(s) to vault " + planned.spec().vault().name() + ".");
        }
        if (output.json()) {
            Map<String, Object> requests = new LinkedHashMap<>();
            requests.put("resourceManager", planned.connection().armRequests());
            requests.put("vault", planned.connection().vaultRequests());
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("changes", PlanSupport.changesJson(plan));
            json.put("requests", requests);
            output.json(json);
        }
        return Failures.OK;
    }

    /** On a terminal, asks; without one (CI, pipes) there is nobody to ask, so it goes ahead. */
    private static boolean confirmed(Output output, Plan plan) {
        Console console = System.console();
        if (console == null) {
            return true;
        }
        output.err().print("Apply " + plan.changes().size() + " change(s)? [y/N] ");
        output.err().flush();
        String answer = console.readLine();
        return answer != null && answer.trim().toLowerCase(Locale.ROOT).matches("y|yes");
    }
}
