package dev.kvconfig.emulator.arm;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Resource Manager section of the emulator's state file ({@code "arm"}): resource groups, vaults, deleted vaults
 * and role assignments, written and read back. Not thread safe: {@link ArmState} holds its lock around both.
 */
final class ArmStateFile {
    private static final System.Logger LOG = System.getLogger(ArmStateFile.class.getName());

    private final ArmContext context;
    private final String subscription;
    private final ResourceGroups groups;
    private final Vaults vaults;
    private final RoleAssignments assignments;

    ArmStateFile(ArmContext context, ResourceGroups groups, Vaults vaults, RoleAssignments assignments) {
        this.context = context;
        this.subscription = context.subscriptionId();
        this.groups = groups;
        this.vaults = vaults;
        this.assignments = assignments;
    }

    /** Everything, as JSON for the state file. */
    Map<String, Object> export() {
        List<Object> g = new ArrayList<>();
        groups.all().forEach(x -> g.add(x.toJson(subscription)));
        List<Object> v = new ArrayList<>();
        vaults.all().forEach(x -> v.add(exportVault(x)));
        List<Object> d = new ArrayList<>();
        for (Vaults.DeletedVault x : vaults.allDeleted()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("vault", exportVault(x.vault()));
            m.put("deletionDate", x.deletionDate().toString());
            m.put("scheduledPurgeDate", x.scheduledPurgeDate().toString());
            d.add(m);
        }
        List<Object> a = new ArrayList<>();
        for (RoleAssignment x : assignments.all()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", x.name());
            m.put("scope", x.scope());
            m.put("roleDefinitionId", x.role().id());
            m.put("principalId", x.principalId());
            m.put("principalType", x.principalType());
            m.put("createdOn", x.createdOn().toString());
            a.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("resourceGroups", g);
        out.put("vaults", v);
        out.put("deletedVaults", d);
        out.put("roleAssignments", a);
        return out;
    }

    private Map<String, Object> exportVault(VaultRecord v) {
        Map<String, Object> m = v.toJson(subscription);
        m.put("resourceGroup", v.resourceGroup());
        m.put("declared", v.declared());
        return m;
    }

    /**
     * Restores what {@link #export()} wrote: vaults created through ARM start again (on their old port when free),
     * soft-deleted vaults keep their secrets, builder vaults keep their policies. Vaults the builder declares win over
     * saved ones; saved builder vaults the builder no longer declares are dropped. Runs at start, before serving.
     *
     * @throws IllegalStateException naming the state file section when it cannot be read
     */
    @SuppressWarnings("unchecked")
    void restore(Map<String, Object> state) {
        if (state == null) {
            return;
        }
        try {
            for (Object o : (List<Object>) state.getOrDefault("resourceGroups", List.of())) {
                Map<String, Object> m = (Map<String, Object>) o;
                String name = (String) m.get("name");
                Map<String, String> tags = new LinkedHashMap<>();
                ((Map<String, Object>) m.getOrDefault("tags", Map.of())).forEach((k, v) -> tags.put(k, (String) v));
                groups.restore(new ResourceGroups.ResourceGroup(name, (String) m.get("location"), tags));
            }
            for (Object o : (List<Object>) state.getOrDefault("vaults", List.of())) {
                VaultRecord saved = importVault((Map<String, Object>) o);
                VaultRecord current = vaults.current(saved.name()).orElse(null);
                if (saved.declared()) {
                    if (current != null && current.declared()) { // keep policies/RBAC given to a builder vault
                        VaultRecord.Draft d = saved.draft();
                        d.vaultUri = current.vaultUri();
                        vaults.restore(d.build(), false);
                    }
                } else if (current == null) {
                    vaults.restore(saved, true);
                }
            }
            for (Object o : (List<Object>) state.getOrDefault("deletedVaults", List.of())) {
                Map<String, Object> m = (Map<String, Object>) o;
                VaultRecord saved = importVault((Map<String, Object>) m.get("vault"));
                if (vaults.current(saved.name()).isEmpty()) {
                    vaults.restoreDeleted(new Vaults.DeletedVault(saved,
                            Instant.parse((String) m.get("deletionDate")),
                            Instant.parse((String) m.get("scheduledPurgeDate"))));
                }
            }
            for (Object o : (List<Object>) state.getOrDefault("roleAssignments", List.of())) {
                Map<String, Object> m = (Map<String, Object>) o;
                BuiltInRole.byId((String) m.get("roleDefinitionId")).ifPresent(role -> assignments.restore(
                        new RoleAssignment((String) m.get("name"),
                                (String) m.get("scope"), role, (String) m.get("principalId"),
                                (String) m.get("principalType"), Instant.parse((String) m.get("createdOn")))));
            }
        } catch (ClassCastException | NullPointerException | java.time.format.DateTimeParseException e) {
            throw new IllegalStateException("the state file's \"arm\" section is damaged (" + e
                    + "); delete the file or pass another --state file", e);
        }
        LOG.log(Level.INFO, "ARM: restored {0} resource groups, {1} vaults, {2} deleted vaults, {3} role assignments",
                groups.size(), vaults.size(), vaults.deletedSize(), assignments.size());
    }

    @SuppressWarnings("unchecked")
    private VaultRecord importVault(Map<String, Object> m) {
        String name = (String) m.get("name");
        Map<String, Object> system = (Map<String, Object>) m.getOrDefault("systemData", Map.of());
        Instant created = system.get("createdAt") instanceof String c ? Instant.parse(c) : context.clock().instant();
        VaultRecord.Draft d = new VaultRecord.Draft(name, (String) m.get("resourceGroup"), created);
        d.location = (String) m.get("location");
        d.tags(m, true);
        Map<String, Object> p = (Map<String, Object>) m.get("properties");
        d.apply(p, true);
        d.vaultUri = URI.create((String) p.get("vaultUri"));
        d.declared = Boolean.TRUE.equals(m.get("declared"));
        if (system.get("lastModifiedAt") instanceof String modified) {
            d.modifiedAt = Instant.parse(modified);
        }
        return d.build();
    }
}
