package dev.kvconfig.bootstrap;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code plan -f kvconfig.yaml}: shows what apply would change; exit 0 when nothing, 3 when something. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Show what apply would change (secret values are compared, never printed). "
                + "Exit 0: nothing to change, 3: changes.")
final class PlanCommand extends BootstrapCommand {
    @Option(names = {"-f", "--file"}, required = true, paramLabel = "kvconfig.yaml", description = "The spec file.")
    Path file;

    @Option(names = "--prune", description = "Also plan to delete access and secrets the spec does not declare.")
    boolean prune;

    @Override
    int run(GlobalOptions global, Output output) {
        PlanSupport.Planned planned = PlanSupport.plan(file, prune, global, output);
        if (output.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("changes", PlanSupport.changesJson(planned.plan()));
            output.json(json);
        } else {
            PlanSupport.printText(planned, output);
        }
        return planned.plan().isEmpty() ? Failures.OK : Failures.CHANGES;
    }
}
