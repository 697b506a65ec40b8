package dev.kvconfig.bootstrap;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What exists now, as far as the spec cares. Immutable; holds no secret value (a secret is only SAME or DIFFERENT).
 *
 * @param vault the vault in the spec's resource group, or {@code null} when there is none
 * @param secrets the vault's secrets (empty when the vault does not exist)
 */
record Observed(boolean resourceGroupExists, Vault vault, List<Secret> secrets, List<RoleAssignment> roleAssignments,
                List<Key> keys) {

    Observed {
        secrets = List.copyOf(secrets);
        roleAssignments = List.copyOf(roleAssignments);
        keys = List.copyOf(keys);
    }

    /** Without keys: a spec without {@code keys:} reads none. */
    Observed(boolean resourceGroupExists, Vault vault, List<Secret> secrets, List<RoleAssignment> roleAssignments) {
        this(resourceGroupExists, vault, secrets, roleAssignments, List.of());
    }

    static Observed nothing(boolean resourceGroupExists) {
        return new Observed(resourceGroupExists, null, List.of(), List.of());
    }

    record Vault(String id, String name, String location, String vaultUri, String sku, boolean rbac, int retentionDays,
                 boolean purgeProtection, Map<String, String> tags, Map<String, Permissions> policies) {
        Vault {
            tags = Map.copyOf(tags);
            policies = Map.copyOf(policies);
        }
    }

    /** An access policy's permissions, lower-case. */
    record Permissions(Set<String> secrets, Set<String> keys, Set<String> certificates) {
        Permissions {
            secrets = Set.copyOf(secrets);
            keys = Set.copyOf(keys);
            certificates = Set.copyOf(certificates);
        }
    }

    enum SecretState { SAME, DIFFERENT, UNDECLARED }

    /** @param managed backs a certificate: never pruned */
    record Secret(String name, SecretState state, boolean managed) {
    }

    /** A declared key that exists (latest version): its shape, to note a spec that asks for another. */
    record Key(String name, KeyShapes shape) {
    }

    /** A role assignment at the vault's scope. */
    record RoleAssignment(String id, String name, String objectId, String roleName) {
    }
}
