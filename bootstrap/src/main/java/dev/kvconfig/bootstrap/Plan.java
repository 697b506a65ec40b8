package dev.kvconfig.bootstrap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The diff between a spec and what exists: ordered changes (resource group, vault, access, secrets, then deletions)
 * and notes about undeclared things that are kept. Immutable; made by {@link #of}, a pure function (no I/O).
 */
record Plan(List<Change> changes, List<String> notes) {

    Plan {
        changes = List.copyOf(changes);
        notes = List.copyOf(notes);
    }

    boolean isEmpty() {
        return changes.isEmpty();
    }

    /**
     * Computes the plan.
     *
     * @param prune also delete access and secrets the spec does not declare
     * @throws BootstrapException when the spec asks for what Azure cannot do to an existing vault (shorter retention,
     *     purge protection off)
     */
    static Plan of(Spec spec, DesiredSecrets desired, Observed observed, boolean prune) {
        List<Change> changes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (!observed.resourceGroupExists()) {
            changes.add(new Change(Change.Action.CREATE, Change.Kind.RESOURCE_GROUP, spec.resourceGroup(),
                    "in " + spec.location()));
        }
        Spec.VaultSpec vault = spec.vault();
        Observed.Vault current = observed.vault();
        boolean rbac = vault.authorization() == Spec.Authorization.RBAC;
        if (current == null) {
            changes.add(new Change(Change.Action.CREATE, Change.Kind.VAULT, vault.name(),
                    vault.sku() + ", " + vault.authorization().text + ", soft delete " + vault.softDeleteRetentionDays()
                            + " days" + (vault.purgeProtection() ? ", purge protection" : "")));
        } else {
            List<String> diffs = vaultDiffs(vault, current);
            if (!diffs.isEmpty()) {
                changes.add(new Change(Change.Action.UPDATE, Change.Kind.VAULT, vault.name(), String.join(", ", diffs)));
            }
        }
        if (rbac) {
            roleChanges(spec, observed, prune, changes, notes);
        } else {
            policyChanges(spec, current, prune, changes, notes);
        }
        secretChanges(spec, desired, observed, prune, changes, notes);
        keyChanges(spec, observed, changes, notes);
        return new Plan(changes, notes);
    }

    private static List<String> vaultDiffs(Spec.VaultSpec vault, Observed.Vault current) {
        List<String> diffs = new ArrayList<>();
        if (!vault.sku().equalsIgnoreCase(current.sku())) {
            diffs.add("sku " + current.sku() + " -> " + vault.sku());
        }
        boolean rbac = vault.authorization() == Spec.Authorization.RBAC;
        if (rbac != current.rbac()) {
            diffs.add("authorization " + (current.rbac() ? "rbac" : "access-policies") + " -> " + vault.authorization().text);
        }
        if (vault.softDeleteRetentionDays() != current.retentionDays()) {
            throw new BootstrapException("vault.softDeleteRetentionDays: " + vault.name() + " keeps deleted objects "
                    + current.retentionDays() + " days; Azure fixes this when a vault is created",
                    "set softDeleteRetentionDays: " + current.retentionDays() + " in the spec");
        }
        if (vault.purgeProtection() != current.purgeProtection()) {
            if (current.purgeProtection()) {
                throw new BootstrapException("vault.purgeProtection: " + vault.name()
                        + " has purge protection, which can never be turned off", "set purgeProtection: true in the spec");
            }
            diffs.add("purge protection on");
        }
        if (!vault.tags().equals(current.tags())) {
            diffs.add("tags " + new java.util.TreeMap<>(current.tags()) + " -> " + new java.util.TreeMap<>(vault.tags()));
        }
        return diffs;
    }

    private static void policyChanges(Spec spec, Observed.Vault current, boolean prune, List<Change> changes,
                                      List<String> notes) {
        Map<String, Observed.Permissions> existing = current == null ? Map.of() : lowerKeys(current.policies());
        for (Spec.Access access : spec.access()) {
            Observed.Permissions want = permissions(access);
            Observed.Permissions have = existing.get(access.objectId());
            if (have == null) {
                changes.add(new Change(Change.Action.CREATE, Change.Kind.ACCESS_POLICY, access.objectId(), describe(want)));
            } else if (!have.equals(want)) {
                changes.add(new Change(Change.Action.UPDATE, Change.Kind.ACCESS_POLICY, access.objectId(),
                        describe(have) + " -> " + describe(want)));
            }
        }
        Set<String> declared = new TreeSet<>();
        spec.access().forEach(a -> declared.add(a.objectId()));
        for (Map.Entry<String, Observed.Permissions> entry : new java.util.TreeMap<>(existing).entrySet()) {
            if (!declared.contains(entry.getKey())) {
                if (prune) {
                    changes.add(new Change(Change.Action.DELETE, Change.Kind.ACCESS_POLICY, entry.getKey(),
                            describe(entry.getValue())));
                } else {
                    notes.add("access policy of " + entry.getKey() + " is not in the spec: kept (--prune removes it)");
                }
            }
        }
    }

    private static void roleChanges(Spec spec, Observed observed, boolean prune, List<Change> changes,
                                    List<String> notes) {
        Set<String> existing = new TreeSet<>();
        for (Observed.RoleAssignment assignment : observed.roleAssignments()) {
            existing.add(roleKey(assignment.objectId(), assignment.roleName()));
        }
        Set<String> declared = new TreeSet<>();
        for (Spec.Access access : spec.access()) {
            for (String role : Roles.of(access)) {
                String key = roleKey(access.objectId(), role);
                declared.add(key);
                if (!existing.contains(key)) {
                    changes.add(new Change(Change.Action.CREATE, Change.Kind.ACCESS_POLICY, key, "role assignment"));
                }
            }
        }
        for (String key : existing) {
            if (!declared.contains(key)) {
                if (prune) {
                    changes.add(new Change(Change.Action.DELETE, Change.Kind.ACCESS_POLICY, key, "role assignment"));
                } else {
                    notes.add("role assignment " + key + " is not in the spec: kept (--prune removes it)");
                }
            }
        }
    }

    /**
     * Declared keys that do not exist are created; an existing key is never replaced or re-versioned by apply (that is a
     * rotation, {@code keys create}), only noted when its shape differs from the spec. Keys are never pruned.
     */
    private static void keyChanges(Spec spec, Observed observed, List<Change> changes, List<String> notes) {
        for (Spec.KeySpec key : spec.keys()) {
            Optional<Observed.Key> existing = observed.keys().stream()
                    .filter(k -> k.name().equalsIgnoreCase(key.name())).findFirst();
            if (existing.isEmpty()) {
                changes.add(new Change(Change.Action.CREATE, Change.Kind.KEY, key.name(), key.shape().describe()));
            } else if (!sameShape(existing.get().shape(), key.shape())) {
                notes.add("key " + key.name() + " exists as " + existing.get().shape().describe() + ", the spec says "
                        + key.shape().describe() + ": kept (apply never replaces a key; `keys create` makes a new"
                        + " version)");
            }
        }
    }

    private static boolean sameShape(KeyShapes have, KeyShapes want) {
        return have.type().equals(want.type()) && have.size() == want.size()
                && java.util.Objects.equals(have.curve(), want.curve())
                && (want.ops().isEmpty() || new java.util.TreeSet<>(have.ops()).equals(new java.util.TreeSet<>(want.ops())));
    }

    private static void secretChanges(Spec spec, DesiredSecrets desired, Observed observed, boolean prune,
                                      List<Change> changes, List<String> notes) {
        Map<String, Observed.Secret> existing = new LinkedHashMap<>();
        observed.secrets().forEach(s -> existing.put(s.name().toLowerCase(Locale.ROOT), s));
        for (String name : desired.names()) {
            Observed.Secret have = existing.get(name.toLowerCase(Locale.ROOT));
            if (have == null) {
                changes.add(new Change(Change.Action.CREATE, Change.Kind.SECRET, name, "new"));
            } else if (have.state() != Observed.SecretState.SAME) {
                changes.add(new Change(Change.Action.UPDATE, Change.Kind.SECRET, name, "value changed"));
            }
        }
        String prefix = spec.secrets() == null ? "" : spec.secrets().prefix().toLowerCase(Locale.ROOT);
        for (Observed.Secret secret : observed.secrets()) {
            boolean undeclared = secret.state() == Observed.SecretState.UNDECLARED && !secret.managed()
                    && secret.name().toLowerCase(Locale.ROOT).startsWith(prefix);
            if (!undeclared) {
                continue;
            }
            if (prune) {
                changes.add(new Change(Change.Action.DELETE, Change.Kind.SECRET, secret.name(), "not in the secrets file"));
            } else {
                notes.add("secret " + secret.name() + " is not in the secrets file: kept (--prune deletes it)");
            }
        }
    }

    static String roleKey(String objectId, String roleName) {
        return objectId.toLowerCase(Locale.ROOT) + ":" + roleName;
    }

    static Observed.Permissions permissions(Spec.Access access) {
        return new Observed.Permissions(access.secrets(), access.keys(), access.certificates());
    }

    private static Map<String, Observed.Permissions> lowerKeys(Map<String, Observed.Permissions> policies) {
        Map<String, Observed.Permissions> result = new LinkedHashMap<>();
        policies.forEach((k, v) -> result.put(k.toLowerCase(Locale.ROOT), v));
        return result;
    }

    private static String describe(Observed.Permissions p) {
        List<String> parts = new ArrayList<>();
        if (!p.secrets().isEmpty()) {
            parts.add("secrets " + new TreeSet<>(p.secrets()));
        }
        if (!p.keys().isEmpty()) {
            parts.add("keys " + new TreeSet<>(p.keys()));
        }
        if (!p.certificates().isEmpty()) {
            parts.add("certificates " + new TreeSet<>(p.certificates()));
        }
        return parts.isEmpty() ? "no permissions" : String.join(", ", parts);
    }
}
