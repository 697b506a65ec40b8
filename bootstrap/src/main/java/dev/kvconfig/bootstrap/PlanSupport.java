package dev.kvconfig.bootstrap;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What plan and apply share: reading the spec and secrets, observing, diffing, and printing a plan. */
final class PlanSupport {
    /** Everything known after planning; the secret values stay inside {@link DesiredSecrets}. */
    record Planned(Spec spec, DesiredSecrets desired, Connection connection, Observed observed, Plan plan) {
    }

    private PlanSupport() {
    }

    /** Validates the spec and the secrets file completely, then connects and computes the plan. */
    static Planned plan(Path file, boolean prune, GlobalOptions global, Output output) {
        Spec spec = SpecParser.parse(file);
        DesiredSecrets desired = spec.secrets() == null ? DesiredSecrets.none()
                : DesiredSecrets.read(spec.secrets().file(), spec.secrets().prefix());
        Connection connection = Connection.open(global, spec.subscription());
        output.progress("reading " + spec.vault().name() + " in resource group " + spec.resourceGroup()
                + " of subscription " + connection.subscriptionId());
        Observed observed = new StateReader(connection).read(spec, desired, prune);
        return new Planned(spec, desired, connection, observed, Plan.of(spec, desired, observed, prune));
    }

    static void printText(Planned planned, Output output) {
        Plan plan = planned.plan();
        Spec spec = planned.spec();
        if (plan.isEmpty()) {
            output.line("No changes: vault " + spec.vault().name() + " matches " + spec.file().getFileName() + ".");
        } else {
            output.line("Plan for vault " + spec.vault().name() + " (resource group " + spec.resourceGroup() + "):");
            for (Change change : plan.changes()) {
                output.line("  " + change.symbol() + " " + change.kind().json + " " + change.name()
                        + (change.detail() == null ? "" : " (" + change.detail() + ")"));
            }
            output.line(count(plan, Change.Action.CREATE) + " to create, " + count(plan, Change.Action.UPDATE)
                    + " to update, " + count(plan, Change.Action.DELETE) + " to delete.");
        }
        plan.notes().forEach(note -> output.line("note: " + note));
    }

    static List<Object> changesJson(Plan plan) {
        List<Object> changes = new ArrayList<>();
        for (Change change : plan.changes()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("action", change.action().json());
            item.put("kind", change.kind().json);
            item.put("name", change.name());
            changes.add(item);
        }
        return changes;
    }

    private static long count(Plan plan, Change.Action action) {
        return plan.changes().stream().filter(c -> c.action() == action).count();
    }
}
