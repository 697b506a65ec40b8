package dev.kvconfig.bootstrap;

import com.azure.resourcemanager.keyvault.fluent.models.DeletedVaultInner;
import com.azure.resourcemanager.keyvault.fluent.models.VaultInner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** {@code vault …}: the vault verbs of the management API. */
@Command(name = "vault", mixinStandardHelpOptions = true, description = "Create, inspect, delete, recover and purge vaults.",
        subcommands = {VaultCreateCommand.class, VaultShowCommand.class, VaultListCommand.class,
                VaultCheckNameCommand.class, VaultDeleteCommand.class, VaultListDeletedCommand.class,
                VaultRecoverCommand.class, VaultPurgeCommand.class})
final class VaultCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "Missing a vault command: create, show, list, check-name, delete, list-deleted, recover or purge");
    }

    /** A vault as JSON: settings and access policies, never secrets. */
    static Map<String, Object> json(VaultInner vault) {
        Observed.Vault v = Vaults.observe(vault);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", v.name());
        json.put("resourceGroup", Vaults.resourceGroupOf(v.id()));
        json.put("location", v.location());
        json.put("vaultUri", v.vaultUri());
        json.put("sku", v.sku());
        json.put("authorization", v.rbac() ? "rbac" : "access-policies");
        json.put("softDeleteRetentionDays", v.retentionDays());
        json.put("purgeProtection", v.purgeProtection());
        json.put("tags", new TreeMap<String, Object>(v.tags()));
        List<Object> policies = new ArrayList<>();
        v.policies().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("objectId", e.getKey());
            p.put("secrets", new ArrayList<Object>(new TreeSet<>(e.getValue().secrets())));
            p.put("keys", new ArrayList<Object>(new TreeSet<>(e.getValue().keys())));
            p.put("certificates", new ArrayList<Object>(new TreeSet<>(e.getValue().certificates())));
            policies.add(p);
        });
        json.put("accessPolicies", policies);
        json.put("id", v.id());
        return json;
    }

    static String line(VaultInner vault) {
        Observed.Vault v = Vaults.observe(vault);
        return v.name() + "  " + Vaults.resourceGroupOf(v.id()) + "  " + v.location() + "  " + v.vaultUri() + "  "
                + v.sku() + "  " + (v.rbac() ? "rbac" : "access-policies");
    }

    static Map<String, Object> json(DeletedVaultInner deleted) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", deleted.name());
        if (deleted.properties() != null) {
            json.put("location", deleted.properties().location());
            json.put("resourceGroup", deleted.properties().vaultId() == null ? null
                    : Vaults.resourceGroupOf(deleted.properties().vaultId()));
            json.put("deletionDate", deleted.properties().deletionDate() == null ? null
                    : deleted.properties().deletionDate().toString());
            json.put("scheduledPurgeDate", deleted.properties().scheduledPurgeDate() == null ? null
                    : deleted.properties().scheduledPurgeDate().toString());
            json.put("purgeProtection", Boolean.TRUE.equals(deleted.properties().purgeProtectionEnabled()));
        }
        return json;
    }
}
