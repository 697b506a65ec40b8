package dev.kvconfig.bootstrap;

import com.azure.core.management.exception.ManagementException;
import com.azure.resourcemanager.keyvault.fluent.VaultsClient;
import com.azure.resourcemanager.keyvault.fluent.models.CheckNameAvailabilityResultInner;
import com.azure.resourcemanager.keyvault.fluent.models.DeletedVaultInner;
import com.azure.resourcemanager.keyvault.fluent.models.VaultInner;
import com.azure.resourcemanager.keyvault.models.AccessPolicyEntry;
import com.azure.resourcemanager.keyvault.models.CertificatePermissions;
import com.azure.resourcemanager.keyvault.models.KeyPermissions;
import com.azure.resourcemanager.keyvault.models.Permissions;
import com.azure.resourcemanager.keyvault.models.SecretPermissions;
import com.azure.resourcemanager.keyvault.models.VaultCheckNameAvailabilityParameters;
import com.azure.resourcemanager.keyvault.models.VaultProperties;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Vault look-ups over the Resource Manager API shared by plan/apply and the imperative verbs. */
final class Vaults {
    private final Connection connection;

    Vaults(Connection connection) {
        this.connection = connection;
    }

    VaultsClient client() {
        return connection.keyVault().serviceClient().getVaults();
    }

    /** The vault in {@code resourceGroup}, or empty when it (or the group) does not exist. */
    Optional<VaultInner> find(String resourceGroup, String name) {
        try {
            return Optional.of(client().getByResourceGroup(resourceGroup, name));
        } catch (ManagementException e) {
            if (e.getResponse() != null && e.getResponse().getStatusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * The vault {@code name} in {@code resourceGroup}, or anywhere in the subscription when {@code resourceGroup} is null.
     *
     * @throws BootstrapException saying where to look when it is not found
     */
    VaultInner require(String resourceGroup, String name) {
        NameRules.requireVaultName(name);
        Optional<VaultInner> vault = resourceGroup != null ? find(resourceGroup, name)
                : client().listBySubscription().stream().filter(v -> v.name().equalsIgnoreCase(name)).findFirst();
        return vault.orElseThrow(() -> new BootstrapException("vault " + name + " not found in "
                + (resourceGroup != null ? "resource group " + resourceGroup + " of " : "") + "subscription "
                + connection.subscriptionId(), "check the name with `vault list`"
                + (resourceGroup != null ? " (or leave out -g to search the whole subscription)" : "")));
    }

    static String resourceGroupOf(String resourceId) {
        String[] parts = resourceId.split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            if (parts[i].equalsIgnoreCase("resourceGroups")) {
                return parts[i + 1];
            }
        }
        return null;
    }

    /** The outcome of a name check, with who holds a taken name. */
    record NameCheck(String name, boolean available, String holder, String detail) {
        static final String YOURS = "yours";
        static final String DELETED = "deleted-but-recoverable";
        static final String OTHER = "someone-else";
        static final String INVALID = "invalid";
    }

    /** Checks {@code name} and, when taken, tells whose it is: yours (with its group), deleted-but-recoverable, or another's. */
    NameCheck checkName(String name) {
        NameRules.requireVaultName(name);
        CheckNameAvailabilityResultInner result =
                client().checkNameAvailability(new VaultCheckNameAvailabilityParameters().withName(name));
        if (Boolean.TRUE.equals(result.nameAvailable())) {
            return new NameCheck(name, true, null, "available");
        }
        if (result.reason() != null && result.reason().toString().equalsIgnoreCase("AccountNameInvalid")) {
            return new NameCheck(name, false, NameCheck.INVALID, result.message());
        }
        for (VaultInner vault : client().listBySubscription()) {
            if (vault.name().equalsIgnoreCase(name)) {
                return new NameCheck(name, false, NameCheck.YOURS, "exists in resource group "
                        + resourceGroupOf(vault.id()) + " of your subscription " + connection.subscriptionId());
            }
        }
        for (DeletedVaultInner deleted : client().listDeleted()) {
            if (deleted.name().equalsIgnoreCase(name)) {
                String location = deleted.properties() == null ? null : deleted.properties().location();
                String until = deleted.properties() == null || deleted.properties().scheduledPurgeDate() == null ? ""
                        : " until " + deleted.properties().scheduledPurgeDate();
                return new NameCheck(name, false, NameCheck.DELETED, "was deleted and is recoverable" + until
                        + (location == null ? "" : " (location " + location + ")"));
            }
        }
        return new NameCheck(name, false, NameCheck.OTHER,
                "is taken by someone else (vault names are global across Azure)");
    }

    /** A failure for a taken name, with the fix that fits who holds it. */
    static BootstrapException taken(NameCheck check) {
        String fix = switch (check.holder()) {
            case NameCheck.YOURS -> "use that resource group in the spec (resourceGroup:) or -g, or pick another name";
            case NameCheck.DELETED -> "recover it (`vault recover " + check.name() + "`) or free the name (`vault purge "
                    + check.name() + " --yes`), or pick another name";
            case NameCheck.INVALID -> "follow the rule: " + NameRules.VAULT_RULE;
            default -> "pick another name, e.g. with a team or app suffix";
        };
        return new BootstrapException("vault name " + check.name() + " " + check.detail(), fix);
    }

    /** What plan compares: the vault's settings and access policies, lower-cased permissions keyed by object id. */
    static Observed.Vault observe(VaultInner vault) {
        VaultProperties p = vault.properties();
        Map<String, Observed.Permissions> policies = new LinkedHashMap<>();
        if (p.accessPolicies() != null) {
            for (AccessPolicyEntry entry : p.accessPolicies()) {
                Permissions perms = entry.permissions();
                policies.merge(entry.objectId().toLowerCase(Locale.ROOT), new Observed.Permissions(
                        names(perms == null ? null : perms.secrets()), names(perms == null ? null : perms.keys()),
                        names(perms == null ? null : perms.certificates())), (a, b) -> a);
            }
        }
        return new Observed.Vault(vault.id(), vault.name(), vault.location(), p.vaultUri(),
                p.sku() == null || p.sku().name() == null ? "standard" : p.sku().name().toString().toLowerCase(Locale.ROOT),
                Boolean.TRUE.equals(p.enableRbacAuthorization()),
                p.softDeleteRetentionInDays() == null ? Spec.VaultSpec.DEFAULT_RETENTION_DAYS : p.softDeleteRetentionInDays(),
                Boolean.TRUE.equals(p.enablePurgeProtection()), vault.tags() == null ? Map.of() : vault.tags(), policies);
    }

    static AccessPolicyEntry policyEntry(String tenantId, String objectId, Observed.Permissions permissions) {
        return new AccessPolicyEntry().withTenantId(UUID.fromString(tenantId)).withObjectId(objectId)
                .withPermissions(new Permissions()
                        .withSecrets(permissions.secrets().stream().sorted().map(SecretPermissions::fromString).toList())
                        .withKeys(permissions.keys().stream().sorted().map(Vaults::keyPermission).toList())
                        .withCertificates(permissions.certificates().stream().sorted()
                                .map(CertificatePermissions::fromString).toList()));
    }

    /** Key permissions are camel-case on the wire (wrapKey, unwrapKey); the spec accepts any case. */
    private static KeyPermissions keyPermission(String lower) {
        return KeyPermissions.values().stream().filter(k -> k.toString().equalsIgnoreCase(lower)).findFirst()
                .orElse(KeyPermissions.fromString(lower));
    }

    private static Set<String> names(List<?> permissions) {
        Set<String> names = new LinkedHashSet<>();
        if (permissions != null) {
            permissions.forEach(p -> names.add(p.toString().toLowerCase(Locale.ROOT)));
        }
        return names;
    }

    static List<AccessPolicyEntry> entries(String tenantId, Map<String, Observed.Permissions> policies) {
        List<AccessPolicyEntry> entries = new ArrayList<>();
        policies.forEach((oid, perms) -> entries.add(policyEntry(tenantId, oid, perms)));
        return entries;
    }
}
