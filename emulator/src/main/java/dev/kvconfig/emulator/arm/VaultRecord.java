package dev.kvconfig.emulator.arm;

import dev.kvconfig.emulator.server.Json;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code Microsoft.KeyVault/vaults} resource as Resource Manager keeps it. Immutable; changes go through {@link Draft}.
 *
 * @param declared true for a vault the emulator started from its builder (not created through ARM): it is open to
 *                 every verified caller until it gets an access policy or RBAC
 */
record VaultRecord(String name, String resourceGroup, String location, Map<String, String> tags, String sku,
                   String tenantId, List<AccessPolicy> accessPolicies, boolean enabledForDeployment,
                   boolean enabledForDiskEncryption, boolean enabledForTemplateDeployment, boolean enableSoftDelete,
                   int softDeleteRetentionInDays, boolean enableRbacAuthorization, boolean enablePurgeProtection,
                   String publicNetworkAccess, Map<String, Object> networkAcls, URI vaultUri, boolean declared,
                   Instant createdAt, Instant modifiedAt) {
    static final String TYPE = "Microsoft.KeyVault/vaults";
    static final int DEFAULT_RETENTION_DAYS = 90;

    VaultRecord {
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        accessPolicies = List.copyOf(accessPolicies);
        networkAcls = networkAcls == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(networkAcls));
    }

    String id(String subscriptionId) {
        return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup + "/providers/" + TYPE + "/"
                + name;
    }

    /** Whether data-plane calls are checked against policies / role assignments (when tokens are enforced). */
    boolean enforced() {
        return !declared || enableRbacAuthorization || !accessPolicies.isEmpty();
    }

    VaultRecord withAccessPolicies(List<AccessPolicy> policies, Instant now) {
        Draft d = draft();
        d.accessPolicies = new ArrayList<>(policies);
        d.modifiedAt = now;
        return d.build();
    }

    Draft draft() {
        return new Draft(this);
    }

    Map<String, Object> toJson(String subscriptionId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id(subscriptionId));
        m.put("name", name);
        m.put("type", TYPE);
        m.put("location", location);
        m.put("tags", new LinkedHashMap<>(tags));
        Map<String, Object> system = new LinkedHashMap<>();
        system.put("createdBy", "kvconfig-emulator");
        system.put("createdByType", "Application");
        system.put("createdAt", createdAt.truncatedTo(ChronoUnit.MILLIS).toString());
        system.put("lastModifiedBy", "kvconfig-emulator");
        system.put("lastModifiedByType", "Application");
        system.put("lastModifiedAt", modifiedAt.truncatedTo(ChronoUnit.MILLIS).toString());
        m.put("systemData", system);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("sku", Map.of("family", "A", "name", sku));
        p.put("tenantId", tenantId);
        List<Object> policies = new ArrayList<>();
        accessPolicies.forEach(a -> policies.add(a.toJson()));
        p.put("accessPolicies", policies);
        p.put("enabledForDeployment", enabledForDeployment);
        p.put("enabledForDiskEncryption", enabledForDiskEncryption);
        p.put("enabledForTemplateDeployment", enabledForTemplateDeployment);
        p.put("enableSoftDelete", enableSoftDelete);
        p.put("softDeleteRetentionInDays", softDeleteRetentionInDays);
        p.put("enableRbacAuthorization", enableRbacAuthorization);
        if (enablePurgeProtection) {
            p.put("enablePurgeProtection", true);
        }
        if (networkAcls != null) {
            p.put("networkAcls", new LinkedHashMap<>(networkAcls));
        }
        p.put("vaultUri", vaultUri.toString());
        p.put("provisioningState", "Succeeded");
        p.put("publicNetworkAccess", publicNetworkAccess);
        m.put("properties", p);
        return m;
    }

    /** The fields of a vault being created or changed; {@link #apply} validates as the service does. */
    static final class Draft {
        String name;
        String resourceGroup;
        String location;
        Map<String, String> tags = new LinkedHashMap<>();
        String sku = "standard";
        String tenantId;
        List<AccessPolicy> accessPolicies = new ArrayList<>();
        boolean enabledForDeployment;
        boolean enabledForDiskEncryption;
        boolean enabledForTemplateDeployment;
        boolean enableSoftDelete = true;
        int softDeleteRetentionInDays = DEFAULT_RETENTION_DAYS;
        boolean enableRbacAuthorization;
        boolean enablePurgeProtection;
        String publicNetworkAccess = "Enabled";
        Map<String, Object> networkAcls;
        URI vaultUri;
        boolean declared;
        Instant createdAt;
        Instant modifiedAt;
        private final VaultRecord existing;

        Draft(String name, String resourceGroup, Instant now) {
            this.name = name;
            this.resourceGroup = resourceGroup;
            this.createdAt = now;
            this.modifiedAt = now;
            this.existing = null;
        }

        private Draft(VaultRecord v) {
            name = v.name;
            resourceGroup = v.resourceGroup;
            location = v.location;
            tags = new LinkedHashMap<>(v.tags);
            sku = v.sku;
            tenantId = v.tenantId;
            accessPolicies = new ArrayList<>(v.accessPolicies);
            enabledForDeployment = v.enabledForDeployment;
            enabledForDiskEncryption = v.enabledForDiskEncryption;
            enabledForTemplateDeployment = v.enabledForTemplateDeployment;
            enableSoftDelete = v.enableSoftDelete;
            softDeleteRetentionInDays = v.softDeleteRetentionInDays;
            enableRbacAuthorization = v.enableRbacAuthorization;
            enablePurgeProtection = v.enablePurgeProtection;
            publicNetworkAccess = v.publicNetworkAccess;
            networkAcls = v.networkAcls;
            vaultUri = v.vaultUri;
            declared = v.declared;
            createdAt = v.createdAt;
            modifiedAt = v.modifiedAt;
            existing = v;
        }

        /** Tags from a PUT or PATCH body (absent = unchanged on PATCH, cleared on PUT). */
        void tags(Map<String, Object> body, boolean put) {
            Map<String, Object> t = Json.object(body, "tags");
            if (t == null) {
                if (put) {
                    tags = new LinkedHashMap<>();
                }
                return;
            }
            Map<String, String> out = new LinkedHashMap<>();
            t.forEach((k, v) -> {
                if (!(v instanceof String s)) {
                    throw ArmError.of(400, "InvalidTagValue", "The value of tag '" + k + "' must be a string.");
                }
                out.put(k, s);
            });
            if (out.size() > 50) {
                throw ArmError.of(400, "InvalidTagCount", "A resource can have at most 50 tags.");
            }
            tags = out;
        }

        /**
         * Applies {@code properties} of a PUT ({@code put=true}: tenantId and sku required on create) or a PATCH.
         *
         * @throws dev.kvconfig.emulator.server.ServiceError 400 with the service's message
         */
        void apply(Map<String, Object> p, boolean put) {
            String tenant = Json.string(p, "tenantId");
            if (tenant != null) {
                if (!Names.guid(tenant)) {
                    throw ArmError.badRequest("The tenantId '" + tenant + "' is not a valid GUID.");
                }
                tenantId = tenant;
            } else if (put && existing == null) {
                throw ArmError.badRequest("The parameter properties.tenantId is required.");
            }
            Map<String, Object> s = Json.object(p, "sku");
            if (s != null) {
                String skuName = Json.string(s, "name");
                if (skuName == null || !(skuName.equalsIgnoreCase("standard") || skuName.equalsIgnoreCase("premium"))) {
                    throw ArmError.badRequest("The sku name '" + skuName + "' is invalid: use standard or premium.");
                }
                String family = Json.string(s, "family");
                if (family != null && !family.equalsIgnoreCase("A")) {
                    throw ArmError.badRequest("The sku family '" + family + "' is invalid: use A.");
                }
                sku = skuName.toLowerCase(Locale.ROOT);
            } else if (put && existing == null) {
                throw ArmError.badRequest("The parameter properties.sku is required.");
            }
            if (p.containsKey("accessPolicies")) {
                accessPolicies = new ArrayList<>(AccessPolicy.parseAll(p.get("accessPolicies")));
            }
            enabledForDeployment = flag(p, "enabledForDeployment", enabledForDeployment);
            enabledForDiskEncryption = flag(p, "enabledForDiskEncryption", enabledForDiskEncryption);
            enabledForTemplateDeployment = flag(p, "enabledForTemplateDeployment", enabledForTemplateDeployment);
            enableRbacAuthorization = flag(p, "enableRbacAuthorization", enableRbacAuthorization);
            Boolean softDelete = Json.bool(p, "enableSoftDelete");
            if (softDelete != null) {
                if (!softDelete && existing != null && existing.enableSoftDelete) {
                    throw ArmError.badRequest("The property \"enableSoftDelete\" cannot be set to false. Enabling the"
                            + " soft delete for a vault is an irreversible action.");
                }
                enableSoftDelete = softDelete;
            }
            Long retention = Json.number(p, "softDeleteRetentionInDays");
            if (retention != null) {
                if (retention < 7 || retention > 90) {
                    throw ArmError.badRequest("The property \"softDeleteRetentionInDays\" must be between 7 and 90;"
                            + " got " + retention + ".");
                }
                if (existing != null && existing.softDeleteRetentionInDays != retention) {
                    throw ArmError.badRequest("The property \"softDeleteRetentionInDays\" has been set already and it"
                            + " can't be modified (it is " + existing.softDeleteRetentionInDays + ").");
                }
                softDeleteRetentionInDays = retention.intValue();
            }
            Boolean purgeProtection = Json.bool(p, "enablePurgeProtection");
            if (purgeProtection != null) {
                if (!purgeProtection && enablePurgeProtection) {
                    throw ArmError.badRequest("The property \"enablePurgeProtection\" cannot be set to false."
                            + " Enabling the purge protection for a vault is an irreversible action.");
                }
                if (purgeProtection && !enableSoftDelete) {
                    throw ArmError.badRequest("The property \"enablePurgeProtection\" can only be set when"
                            + " \"enableSoftDelete\" is true.");
                }
                enablePurgeProtection = purgeProtection;
            }
            String access = Json.string(p, "publicNetworkAccess");
            if (access != null) {
                if (!access.equalsIgnoreCase("Enabled") && !access.equalsIgnoreCase("Disabled")) {
                    throw ArmError.badRequest("The publicNetworkAccess '" + access + "' is invalid: use Enabled or"
                            + " Disabled.");
                }
                publicNetworkAccess = access;
            }
            if (p.containsKey("networkAcls")) {
                networkAcls = Json.object(p, "networkAcls");
            }
        }

        private static boolean flag(Map<String, Object> p, String field, boolean current) {
            Boolean b = Json.bool(p, field);
            return b == null ? current : b;
        }

        VaultRecord build() {
            return new VaultRecord(name, resourceGroup, location, tags, sku, tenantId, accessPolicies,
                    enabledForDeployment, enabledForDiskEncryption, enabledForTemplateDeployment, enableSoftDelete,
                    softDeleteRetentionInDays, enableRbacAuthorization, enablePurgeProtection, publicNetworkAccess,
                    networkAcls, vaultUri, declared, createdAt, modifiedAt);
        }
    }
}
