package dev.kvconfig.bootstrap;

import com.azure.core.exception.HttpResponseException;
import com.azure.resourcemanager.authorization.models.RoleAssignmentCreateParameters;
import com.azure.resourcemanager.keyvault.fluent.models.VaultAccessPolicyParametersInner;
import com.azure.resourcemanager.keyvault.models.AccessPolicyUpdateKind;
import com.azure.resourcemanager.keyvault.models.VaultAccessPolicyProperties;
import com.azure.resourcemanager.keyvault.models.Sku;
import com.azure.resourcemanager.keyvault.models.SkuFamily;
import com.azure.resourcemanager.keyvault.models.SkuName;
import com.azure.resourcemanager.keyvault.models.VaultCreateOrUpdateParameters;
import com.azure.resourcemanager.keyvault.models.VaultProperties;
import com.azure.resourcemanager.resources.fluent.models.ResourceGroupInner;
import com.azure.resourcemanager.keyvault.fluent.models.VaultInner;
import com.azure.security.keyvault.secrets.SecretClient;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Carries out a plan. Every step is idempotent, so an apply stopped half-way converges when run again: the resource
 * group and vault are PUTs of the desired state (a change to access policies alone is an access-policy update of the
 * principals concerned), role assignments have names derived from (vault, principal, role),
 * and each secret is one SetSecret (a new version appears whole or not at all).
 */
final class Applier {
    private final Connection connection;
    private final Consumer<String> progress;

    Applier(Connection connection, Consumer<String> progress) {
        this.connection = connection;
        this.progress = progress;
    }

    void apply(Spec spec, DesiredSecrets desired, Observed observed, Plan plan, boolean prune) {
        Observed.Vault vault = observed.vault();
        if (has(plan, Change.Kind.RESOURCE_GROUP)) {
            progress.accept("creating resource group " + spec.resourceGroup());
            connection.resources().serviceClient().getResourceGroups()
                    .createOrUpdate(spec.resourceGroup(), new ResourceGroupInner().withLocation(spec.location()));
        }
        boolean policiesChange = spec.vault().authorization() == Spec.Authorization.ACCESS_POLICIES
                && has(plan, Change.Kind.ACCESS_POLICY);
        String vaultId = vault == null ? null : vault.id();
        String vaultUri = vault == null ? null : vault.vaultUri();
        if (has(plan, Change.Kind.VAULT) || (policiesChange && vault == null)) {
            progress.accept((vault == null ? "creating" : "updating") + " vault " + spec.vault().name());
            VaultInner result = new Vaults(connection).client().createOrUpdate(spec.resourceGroup(), spec.vault().name(),
                    vaultParameters(spec, vault, prune));
            vaultId = result.id();
            vaultUri = result.properties().vaultUri();
        } else if (policiesChange) {
            applyPolicies(spec, vault, plan);
        }
        if (spec.vault().authorization() == Spec.Authorization.RBAC) {
            applyRoles(spec, observed, plan, vaultId);
        }
        List<Change> secrets = plan.changes().stream().filter(c -> c.kind() == Change.Kind.SECRET).toList();
        if (!secrets.isEmpty()) {
            applySecrets(spec.vault().name(), connection.secrets(vaultUri), desired, secrets);
        }
        List<Change> keys = plan.changes().stream().filter(c -> c.kind() == Change.Kind.KEY).toList();
        if (!keys.isEmpty()) {
            applyKeys(spec, vaultUri, keys);
        }
    }

    private VaultCreateOrUpdateParameters vaultParameters(Spec spec, Observed.Vault current, boolean prune) {
        Spec.VaultSpec v = spec.vault();
        Map<String, Observed.Permissions> policies = new LinkedHashMap<>();
        if (v.authorization() == Spec.Authorization.ACCESS_POLICIES) {
            if (current != null && !prune) {
                policies.putAll(current.policies()); // undeclared principals are kept unless --prune
            }
            spec.access().forEach(a -> policies.put(a.objectId(), Plan.permissions(a)));
        } else if (current != null) {
            policies.putAll(current.policies()); // rbac ignores policies; leave them as they are
        }
        VaultProperties properties = new VaultProperties()
                .withTenantId(UUID.fromString(connection.tenantId()))
                .withSku(new Sku().withFamily(SkuFamily.A).withName(SkuName.fromString(v.sku())))
                .withAccessPolicies(Vaults.entries(connection.tenantId(), policies))
                .withEnableRbacAuthorization(v.authorization() == Spec.Authorization.RBAC)
                .withEnableSoftDelete(true)
                .withSoftDeleteRetentionInDays(v.softDeleteRetentionDays())
                // Azure refuses an explicit false ("cannot be disabled"): leave it out unless it is turned on.
                .withEnablePurgeProtection(v.purgeProtection() ? Boolean.TRUE : null);
        return new VaultCreateOrUpdateParameters()
                .withLocation(current != null ? current.location() : spec.location())
                .withTags(v.tags())
                .withProperties(properties);
    }

    /**
     * Access policies of an existing vault whose other settings stay as they are: one {@code replace} with the declared
     * principals' exact permissions and, with {@code --prune}, one {@code remove} of undeclared ones. Unlike a whole
     * vault PUT, this leaves alone policies that someone else added between plan and apply.
     */
    private void applyPolicies(Spec spec, Observed.Vault vault, Plan plan) {
        Map<String, Observed.Permissions> replace = new LinkedHashMap<>();
        Map<String, Observed.Permissions> remove = new LinkedHashMap<>();
        for (Change change : plan.changes()) {
            if (change.kind() != Change.Kind.ACCESS_POLICY) {
                continue;
            }
            if (change.action() == Change.Action.DELETE) {
                remove.put(change.name(), vault.policies().get(change.name()));
            } else {
                spec.access().stream().filter(a -> a.objectId().equals(change.name())).findFirst()
                        .ifPresent(a -> replace.put(a.objectId(), Plan.permissions(a)));
            }
        }
        Vaults vaults = new Vaults(connection);
        if (!replace.isEmpty()) {
            progress.accept("setting access policies of " + String.join(", ", replace.keySet()));
            vaults.client().updateAccessPolicy(spec.resourceGroup(), spec.vault().name(), AccessPolicyUpdateKind.REPLACE,
                    new VaultAccessPolicyParametersInner().withProperties(new VaultAccessPolicyProperties()
                            .withAccessPolicies(Vaults.entries(connection.tenantId(), replace))));
        }
        if (!remove.isEmpty()) {
            progress.accept("removing access policies of " + String.join(", ", remove.keySet()));
            vaults.client().updateAccessPolicy(spec.resourceGroup(), spec.vault().name(), AccessPolicyUpdateKind.REMOVE,
                    new VaultAccessPolicyParametersInner().withProperties(new VaultAccessPolicyProperties()
                            .withAccessPolicies(Vaults.entries(connection.tenantId(), remove))));
        }
    }

    private void applyRoles(Spec spec, Observed observed, Plan plan, String vaultId) {
        var client = connection.authorization().roleServiceClient().getRoleAssignments();
        for (Change change : plan.changes()) {
            if (change.kind() != Change.Kind.ACCESS_POLICY) {
                continue;
            }
            String objectId = change.name().substring(0, change.name().indexOf(':'));
            String role = change.name().substring(change.name().indexOf(':') + 1);
            if (change.action() == Change.Action.CREATE) {
                progress.accept("assigning " + role + " to " + objectId);
                String definition = "/subscriptions/" + connection.subscriptionId()
                        + "/providers/Microsoft.Authorization/roleDefinitions/" + Roles.definitionGuid(role);
                client.create(vaultId, assignmentName(vaultId, objectId, role),
                        new RoleAssignmentCreateParameters().withRoleDefinitionId(definition).withPrincipalId(objectId));
            } else if (change.action() == Change.Action.DELETE) {
                progress.accept("removing " + role + " from " + objectId);
                observed.roleAssignments().stream()
                        .filter(a -> Plan.roleKey(a.objectId(), a.roleName()).equals(change.name()))
                        .forEach(a -> client.deleteById(a.id()));
            }
        }
    }

    /** Same vault, principal and role → same assignment name, so a re-run never duplicates an assignment. */
    static String assignmentName(String vaultId, String objectId, String role) {
        return UUID.nameUUIDFromBytes((vaultId.toLowerCase(Locale.ROOT) + "|" + objectId.toLowerCase(Locale.ROOT) + "|"
                + role).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private void applyKeys(Spec spec, String vaultUri, List<Change> changes) {
        var client = connection.keys(vaultUri);
        for (Change change : changes) {
            Spec.KeySpec key = spec.keys().stream().filter(k -> k.name().equals(change.name())).findFirst()
                    .orElseThrow();
            progress.accept("key " + key.name() + ": create (" + key.shape().describe() + ")");
            try {
                KeyShapes.create(client, key.shape().options(key.name(), key.tags()));
            } catch (HttpResponseException e) {
                throw Failures.dataPlane(e, connection, spec.vault().name(), "create key " + key.name(),
                        KeysCommand.CREATE_PERMISSIONS, KeysCommand.CREATE_GRANT);
            }
        }
    }

    private void applySecrets(String vaultName, SecretClient client, DesiredSecrets desired, List<Change> changes) {
        int done = 0;
        for (Change change : changes) {
            progress.accept("secret " + change.name() + ": " + change.action().json() + " (" + (++done) + "/"
                    + changes.size() + ")");
            try {
                if (change.action() == Change.Action.DELETE) {
                    client.beginDeleteSecret(change.name()); // the DELETE is sent here; no need to wait for purge state
                } else {
                    setSecret(client, change.name(), desired.value(change.name()));
                }
            } catch (HttpResponseException e) {
                throw Failures.dataPlane(e, connection, vaultName, change.action().json() + " secret " + change.name());
            }
        }
    }

    private void setSecret(SecretClient client, String name, String value) {
        try {
            client.setSecret(name, value);
        } catch (HttpResponseException e) {
            if (e.getResponse() == null || e.getResponse().getStatusCode() != 409) {
                throw e;
            }
            // The name is soft-deleted (e.g. by an earlier --prune): bring it back, then write the declared value.
            progress.accept("secret " + name + " was deleted: recovering it first");
            client.beginRecoverDeletedSecret(name).waitForCompletion();
            client.setSecret(name, value);
        }
    }

    private static boolean has(Plan plan, Change.Kind kind) {
        return plan.changes().stream().anyMatch(c -> c.kind() == kind);
    }
}
