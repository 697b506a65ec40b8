package dev.kvconfig.bootstrap;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.core.management.exception.ManagementException;
import com.azure.resourcemanager.authorization.fluent.models.RoleAssignmentInner;
import com.azure.resourcemanager.keyvault.fluent.models.VaultInner;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.models.SecretProperties;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads what exists for a spec, with as few requests as the comparison allows: the resource group, the vault, its role
 * assignments (rbac only), one secret listing, and one GetSecret per declared secret that exists and is enabled.
 * Secret values are compared here and dropped; none is kept or printed.
 */
final class StateReader {
    private final Connection connection;
    private final Vaults vaults;

    StateReader(Connection connection) {
        this.connection = connection;
        this.vaults = new Vaults(connection);
    }

    Observed read(Spec spec, DesiredSecrets desired, boolean prune) {
        boolean groupExists = resourceGroupExists(spec.resourceGroup());
        Optional<VaultInner> found = groupExists ? vaults.find(spec.resourceGroup(), spec.vault().name()) : Optional.empty();
        if (found.isEmpty()) {
            Vaults.NameCheck check = vaults.checkName(spec.vault().name());
            if (!check.available()) {
                throw Vaults.taken(check);
            }
            return Observed.nothing(groupExists);
        }
        Observed.Vault vault = Vaults.observe(found.get());
        if (!vault.location().equalsIgnoreCase(spec.location())) {
            throw new BootstrapException("location: vault " + vault.name() + " is in " + vault.location()
                    + " and a vault cannot move", "set location: " + vault.location() + " in the spec");
        }
        List<Observed.RoleAssignment> roles = spec.vault().authorization() == Spec.Authorization.RBAC
                ? roleAssignments(vault.id()) : List.of();
        List<Observed.Secret> secrets = desired.size() > 0 || prune ? secrets(vault, desired) : List.of();
        return new Observed(true, vault, secrets, roles);
    }

    private boolean resourceGroupExists(String name) {
        try {
            connection.resources().serviceClient().getResourceGroups().get(name);
            return true;
        } catch (ManagementException e) {
            if (e.getResponse() != null && e.getResponse().getStatusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private List<Observed.RoleAssignment> roleAssignments(String vaultId) {
        List<Observed.RoleAssignment> result = new ArrayList<>();
        for (RoleAssignmentInner assignment
                : connection.authorization().roleServiceClient().getRoleAssignments().listForScope(vaultId)) {
            // listForScope also returns assignments inherited from above; only the vault's own are ours to manage.
            if (assignment.scope() == null || assignment.scope().equalsIgnoreCase(vaultId)) {
                result.add(new Observed.RoleAssignment(assignment.id(), assignment.name(),
                        assignment.principalId().toLowerCase(Locale.ROOT), Roles.nameOf(assignment.roleDefinitionId())));
            }
        }
        return result;
    }

    private List<Observed.Secret> secrets(Observed.Vault vault, DesiredSecrets desired) {
        SecretClient client = connection.secrets(vault.vaultUri());
        List<Observed.Secret> result = new ArrayList<>();
        try {
            for (SecretProperties properties : client.listPropertiesOfSecrets()) {
                String name = properties.getName();
                boolean managed = Boolean.TRUE.equals(properties.isManaged());
                if (!desired.contains(name)) {
                    result.add(new Observed.Secret(name, Observed.SecretState.UNDECLARED, managed));
                } else if (!Boolean.TRUE.equals(properties.isEnabled())) {
                    result.add(new Observed.Secret(name, Observed.SecretState.DIFFERENT, managed)); // a new version enables it
                } else {
                    result.add(new Observed.Secret(name, same(client, name, desired.value(name))
                            ? Observed.SecretState.SAME : Observed.SecretState.DIFFERENT, managed));
                }
            }
        } catch (HttpResponseException e) {
            throw Failures.dataPlane(e, connection, vault.name(), "read secrets (list, get)");
        }
        return result;
    }

    private static boolean same(SecretClient client, String name, String wanted) {
        try {
            return wanted.equals(client.getSecret(name).getValue());
        } catch (ResourceNotFoundException e) {
            return false; // deleted between list and get
        }
    }
}
