package dev.kvconfig.bootstrap;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.core.management.exception.ManagementException;
import com.azure.resourcemanager.authorization.fluent.models.RoleAssignmentInner;
import com.azure.resourcemanager.keyvault.fluent.models.VaultInner;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.models.SecretProperties;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads what exists for a spec, with as few requests as the comparison allows: the resource group, the vault, its role
 * assignments (rbac only), one secret listing, one GetSecret per declared secret that exists and is enabled, and one
 * GetKey per declared key.
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
        return new Observed(true, vault, secrets, roles, keys(vault, spec.keys()));
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

    /** The declared keys that exist, with their shape (one GetKey each: needs only the keys get permission). */
    private List<Observed.Key> keys(Observed.Vault vault, List<Spec.KeySpec> declared) {
        List<Observed.Key> result = new ArrayList<>();
        if (declared.isEmpty()) {
            return result;
        }
        KeyClient client = connection.keys(vault.vaultUri());
        for (Spec.KeySpec spec : declared) {
            try {
                KeyVaultKey key = client.getKey(spec.name());
                result.add(new Observed.Key(key.getName(), shape(key)));
            } catch (ResourceNotFoundException e) {
                // not there: the plan creates it
            } catch (HttpResponseException e) {
                throw Failures.dataPlane(e, connection, vault.name(), "read keys (get)", KeysCommand.CREATE_PERMISSIONS,
                        KeysCommand.CREATE_GRANT);
            }
        }
        return result;
    }

    private static KeyShapes shape(KeyVaultKey key) {
        String kty = String.valueOf(key.getKeyType()).toLowerCase(Locale.ROOT);
        List<String> ops = key.getKeyOperations() == null ? List.of()
                : key.getKeyOperations().stream().map(String::valueOf).toList();
        if (kty.startsWith("ec")) {
            return new KeyShapes("ec", 0, String.valueOf(key.getKey().getCurveName()), ops);
        }
        int size = key.getKey().getN() == null ? 0 : new java.math.BigInteger(1, key.getKey().getN()).bitLength();
        return new KeyShapes(kty.startsWith("rsa") ? "rsa" : kty, size, null, ops);
    }

    private static boolean same(SecretClient client, String name, String wanted) {
        try {
            return wanted.equals(client.getSecret(name).getValue());
        } catch (ResourceNotFoundException e) {
            return false; // deleted between list and get
        }
    }
}
