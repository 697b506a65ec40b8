package dev.kvconfig.emulator.arm;

import dev.kvconfig.emulator.server.Json;
import dev.kvconfig.emulator.server.ServiceError;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The subscription's {@code Microsoft.KeyVault} vaults and soft-deleted vaults: create, update, recover, delete and
 * purge (starting and stopping their data planes through {@link VaultHost}), name checks and access policies. Not
 * thread safe: {@link ArmState} holds its lock around every call, so ARM calls and vault lifecycles never interleave.
 */
final class Vaults {
    private static final System.Logger LOG = System.getLogger(Vaults.class.getName());

    record DeletedVault(VaultRecord vault, Instant deletionDate, Instant scheduledPurgeDate) {
        Map<String, Object> toJson(String subscriptionId) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("vaultId", vault.id(subscriptionId));
            p.put("location", vault.location());
            p.put("deletionDate", deletionDate.truncatedTo(ChronoUnit.SECONDS).toString());
            p.put("scheduledPurgeDate", scheduledPurgeDate.truncatedTo(ChronoUnit.SECONDS).toString());
            p.put("tags", new LinkedHashMap<>(vault.tags()));
            p.put("purgeProtectionEnabled", vault.enablePurgeProtection());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", "/subscriptions/" + subscriptionId + "/providers/Microsoft.KeyVault/locations/"
                    + Names.location(vault.location()) + "/deletedVaults/" + vault.name());
            m.put("name", vault.name());
            m.put("type", "Microsoft.KeyVault/deletedVaults");
            m.put("properties", p);
            return m;
        }
    }

    private final ArmContext context;
    private final String subscription;
    private final ResourceGroups groups;
    /** Told the id of a purged vault (its role assignments go with it). */
    private final Consumer<String> onPurge;
    private final Map<String, VaultRecord> vaults = new LinkedHashMap<>();
    private final Map<String, DeletedVault> deleted = new LinkedHashMap<>();

    Vaults(ArmContext context, ResourceGroups groups, Consumer<String> onPurge) {
        this.context = context;
        this.subscription = context.subscriptionId();
        this.groups = groups;
        this.onPurge = onPurge;
    }

    private Instant now() {
        return context.clock().instant();
    }

    /** A vault the emulator's builder started: in the default resource group, without access policies. */
    void declare(String name, URI vaultUri) {
        String rg = ResourceManagerApi.DEFAULT_RESOURCE_GROUP;
        groups.ensure(rg, ResourceManagerApi.DEFAULT_LOCATION);
        VaultRecord.Draft d = new VaultRecord.Draft(name, rg, now());
        d.location = ResourceManagerApi.DEFAULT_LOCATION;
        d.tenantId = context.tenantId();
        d.vaultUri = vaultUri;
        d.declared = true;
        vaults.put(Names.key(name), d.build());
    }

    /** @throws dev.kvconfig.emulator.server.ServiceError 404 for an unknown group or vault */
    VaultRecord require(String s, String rg, String name) {
        groups.require(s, rg);
        VaultRecord v = vaults.get(Names.key(name));
        if (v == null || !v.resourceGroup().equalsIgnoreCase(rg)) {
            throw ArmError.vaultNotFound(rg, name);
        }
        return v;
    }

    /** Deletes every vault of the group (soft-deleted when they have soft delete). */
    void removeAllIn(String resourceGroup) {
        for (VaultRecord v : new ArrayList<>(vaults.values())) {
            if (v.resourceGroup().equalsIgnoreCase(resourceGroup)) {
                removeVault(v);
            }
        }
    }

    ArmState.Result put(String s, String rg, String name, Map<String, Object> body) {
        expire();
        ResourceGroups.ResourceGroup group = groups.require(s, rg);
        if (!Names.validVault(name)) {
            throw ArmError.vaultNameInvalid(name);
        }
        Map<String, Object> props = Json.object(body, "properties");
        String createMode = props == null ? null : Json.string(props, "createMode");
        boolean recover = "recover".equalsIgnoreCase(createMode);
        if (createMode != null && !recover && !"default".equalsIgnoreCase(createMode)) {
            throw ArmError.badRequest("The createMode '" + createMode + "' is invalid: use default or recover.");
        }
        String location = Json.string(body, "location");
        if (location == null || location.isBlank()) {
            throw ArmError.of(400, "LocationRequired", "The location property is required for this definition.");
        }
        VaultRecord existing = vaults.get(Names.key(name));
        if (foreign(name) || existing != null && !existing.resourceGroup().equalsIgnoreCase(rg)) {
            throw alreadyExists(name);
        }
        DeletedVault gone = deleted.get(Names.key(name));
        VaultRecord.Draft d;
        if (existing != null) {
            d = existing.draft();
            if (!Names.location(existing.location()).equals(Names.location(location))) {
                throw ArmError.of(400, "InvalidResourceLocation", "The resource '" + name + "' already exists in"
                        + " location '" + existing.location() + "' in resource group '" + rg + "'. A resource with"
                        + " the same name cannot be created in location '" + location + "'.");
            }
        } else if (gone != null) {
            if (!recover) {
                throw ArmError.of(409, "ConflictError", "A vault with the same name already exists in deleted state."
                        + " You need to either recover or purge existing key vault. Follow this link"
                        + " https://go.microsoft.com/fwlink/?linkid=2149745 for more information on soft delete.");
            }
            d = gone.vault().draft();
            d.resourceGroup = group.name();
        } else {
            if (recover) {
                throw ArmError.of(404, "ResourceNotFound", "The vault '" + name + "' cannot be recovered: there is"
                        + " no deleted vault with this name. Create it with createMode 'default'.");
            }
            if (props == null) {
                throw ArmError.badRequest("The parameter properties is required to create vault '" + name + "'.");
            }
            d = new VaultRecord.Draft(name, group.name(), now());
            d.location = location;
        }
        d.tags(body, true);
        if (props != null && !recover) {
            d.apply(props, true);
        }
        d.modifiedAt = now();
        d.vaultUri = context.vaults().startVault(d.name, d.vaultUri == null ? 0 : d.vaultUri.getPort());
        VaultRecord v = d.build();
        vaults.put(Names.key(name), v);
        deleted.remove(Names.key(name));
        LOG.log(Level.INFO, "ARM: vault {0} {1} in resource group {2} at {3}", v.name(),
                existing != null ? "updated" : recover ? "recovered" : "created", v.resourceGroup(), v.vaultUri());
        return new ArmState.Result(existing == null && !recover ? 201 : 200, v.toJson(subscription));
    }

    Map<String, Object> patch(String s, String rg, String name, Map<String, Object> body) {
        VaultRecord v = require(s, rg, name);
        VaultRecord.Draft d = v.draft();
        d.tags(body, false);
        Map<String, Object> props = Json.object(body, "properties");
        if (props != null) {
            d.apply(props, false);
        }
        d.modifiedAt = now();
        VaultRecord updated = d.build();
        vaults.put(Names.key(name), updated);
        return updated.toJson(subscription);
    }

    Map<String, Object> get(String s, String rg, String name) {
        return require(s, rg, name).toJson(subscription);
    }

    /** @return false when there was no such vault (the service answers 204 then) */
    boolean delete(String s, String rg, String name) {
        groups.require(s, rg);
        VaultRecord v = vaults.get(Names.key(name));
        if (v == null || !v.resourceGroup().equalsIgnoreCase(rg)) {
            return false;
        }
        removeVault(v);
        return true;
    }

    private void removeVault(VaultRecord v) {
        vaults.remove(Names.key(v.name()));
        if (v.enableSoftDelete()) {
            Instant now = now();
            deleted.put(Names.key(v.name()), new DeletedVault(v, now,
                    now.plus(Duration.ofDays(v.softDeleteRetentionInDays()))));
            context.vaults().stopVault(v.name());
            LOG.log(Level.INFO, "ARM: vault {0} deleted (recoverable for {1} days)", v.name(),
                    v.softDeleteRetentionInDays());
        } else {
            purge(v);
        }
    }

    private void purge(VaultRecord v) {
        context.vaults().purgeVault(v.name());
        onPurge.accept(v.id(subscription));
        LOG.log(Level.INFO, "ARM: vault {0} purged", v.name());
    }

    /** Purges deleted vaults whose retention has passed, as the service does. */
    private void expire() {
        Instant now = now();
        for (Iterator<DeletedVault> it = deleted.values().iterator(); it.hasNext(); ) {
            DeletedVault d = it.next();
            if (!now.isBefore(d.scheduledPurgeDate())) {
                it.remove();
                purge(d.vault());
            }
        }
    }

    List<Object> list(String s, String rg) {
        if (rg != null) {
            groups.require(s, rg);
        } else {
            groups.checkSubscription(s);
        }
        List<Object> out = new ArrayList<>();
        for (VaultRecord v : vaults.values()) {
            if (rg == null || v.resourceGroup().equalsIgnoreCase(rg)) {
                out.add(v.toJson(subscription));
            }
        }
        return out;
    }

    /** The generic resources listing ({@code /resources?$filter=resourceType eq '…'}): vaults are all we have. */
    List<Object> listResources(String s, String filter) {
        groups.checkSubscription(s);
        List<Object> out = new ArrayList<>();
        if (filter != null && filter.toLowerCase(Locale.ROOT).contains("resourcetype")
                && !filter.toLowerCase(Locale.ROOT).contains("microsoft.keyvault/vaults'")) {
            return out;
        }
        for (VaultRecord v : vaults.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", v.id(subscription));
            m.put("name", v.name());
            m.put("type", VaultRecord.TYPE);
            m.put("location", v.location());
            m.put("tags", new LinkedHashMap<>(v.tags()));
            out.add(m);
        }
        return out;
    }

    Map<String, Object> checkName(String s, Map<String, Object> body) {
        groups.checkSubscription(s);
        expire();
        String name = Json.string(body, "name");
        String type = Json.string(body, "type");
        if (name == null) {
            throw ArmError.badRequest("The parameter name is required.");
        }
        if (type != null && !type.equalsIgnoreCase(VaultRecord.TYPE)) {
            throw ArmError.badRequest("The type '" + type + "' is invalid: use " + VaultRecord.TYPE + ".");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        if (!Names.validVault(name)) {
            m.put("nameAvailable", false);
            m.put("reason", "AccountNameInvalid");
            m.put("message", "Vault name must be between 3-24 alphanumeric characters. The name must begin with a"
                    + " letter, end with a letter or digit, and not contain consecutive hyphens.");
        } else if (vaults.containsKey(Names.key(name)) || deleted.containsKey(Names.key(name)) || foreign(name)) {
            m.put("nameAvailable", false);
            m.put("reason", "AlreadyExists");
            m.put("message", alreadyExists(name).getMessage());
        } else {
            m.put("nameAvailable", true);
        }
        return m;
    }

    private static boolean foreign(String name) {
        return ResourceManagerApi.FOREIGN_VAULT_NAME.equalsIgnoreCase(name);
    }

    private static ServiceError alreadyExists(String name) {
        return ArmError.of(409, "VaultAlreadyExists", "The vault name '" + name + "' is already in use. Vault names"
                + " are globally unique so it is possible that the name is already taken. If you are sure that the"
                + " vault name was not taken then it is possible that a vault with the same name was recently deleted"
                + " but not purged after being placed in a recoverable state. If the vault is in a recoverable state"
                + " then the vault will need to be purged before reusing the name. For more information on"
                + " VaultAlreadyExists, soft delete and purging a vault follow this link"
                + " https://go.microsoft.com/fwlink/?linkid=2147740.");
    }

    Map<String, Object> updateAccessPolicies(String s, String rg, String name, String kind,
                                             Map<String, Object> body) {
        VaultRecord v = require(s, rg, name);
        String k = kind.toLowerCase(Locale.ROOT);
        if (!List.of("add", "replace", "remove").contains(k)) {
            throw ArmError.badRequest("The operationKind '" + kind + "' is invalid: use add, replace or remove.");
        }
        Map<String, Object> props = Json.object(body, "properties");
        if (props == null || props.get("accessPolicies") == null) {
            throw ArmError.badRequest("The parameter properties.accessPolicies is required.");
        }
        List<AccessPolicy> given = AccessPolicy.parseAll(props.get("accessPolicies"));
        List<AccessPolicy> current = new ArrayList<>(v.accessPolicies());
        for (AccessPolicy p : given) {
            int i = indexOf(current, p);
            switch (k) {
                case "add" -> {
                    if (i < 0) {
                        current.add(p);
                    } else {
                        current.set(i, current.get(i).plus(p));
                    }
                }
                case "replace" -> {
                    if (i < 0) {
                        current.add(p);
                    } else {
                        current.set(i, p);
                    }
                }
                default -> {
                    if (i >= 0) {
                        AccessPolicy rest = p.empty() ? null : current.get(i).minus(p);
                        if (rest == null || rest.empty()) {
                            current.remove(i);
                        } else {
                            current.set(i, rest);
                        }
                    }
                }
            }
        }
        if (current.size() > 1024) {
            throw ArmError.badRequest("The number of access policies would exceed the limit of 1024.");
        }
        vaults.put(Names.key(name), v.withAccessPolicies(current, now()));
        List<Object> echoed = new ArrayList<>();
        given.forEach(p -> echoed.add(p.toJson()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", v.id(subscription) + "/accessPolicies/" + k);
        m.put("name", k);
        m.put("type", "Microsoft.KeyVault/vaults/accessPolicies");
        m.put("location", v.location());
        m.put("properties", Map.of("accessPolicies", echoed));
        return m;
    }

    private static int indexOf(List<AccessPolicy> list, AccessPolicy p) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).samePrincipal(p)) {
                return i;
            }
        }
        return -1;
    }

    List<Object> listDeleted(String s) {
        groups.checkSubscription(s);
        expire();
        List<Object> out = new ArrayList<>();
        deleted.values().forEach(d -> out.add(d.toJson(subscription)));
        return out;
    }

    private DeletedVault deletedVault(String s, String location, String name) {
        groups.checkSubscription(s);
        expire();
        DeletedVault d = deleted.get(Names.key(name));
        if (d == null || !Names.location(d.vault().location()).equals(Names.location(location))) {
            throw ArmError.of(404, "ResourceNotFound", "The deleted vault '" + name + "' was not found in location '"
                    + location + "'.");
        }
        return d;
    }

    Map<String, Object> getDeleted(String s, String location, String name) {
        return deletedVault(s, location, name).toJson(subscription);
    }

    void purgeDeleted(String s, String location, String name) {
        DeletedVault d = deletedVault(s, location, name);
        if (d.vault().enablePurgeProtection()) {
            throw ArmError.of(405, "MethodNotAllowed", "Operation 'DeletedVaultPurge' is not allowed: purge"
                    + " protection is enabled for vault '" + d.vault().name() + "'. It is purged automatically on "
                    + d.scheduledPurgeDate().truncatedTo(ChronoUnit.SECONDS) + ".");
        }
        deleted.remove(Names.key(name));
        purge(d.vault());
    }

    Optional<VaultRecord> byName(String name) {
        return Optional.ofNullable(vaults.get(Names.key(name)));
    }

    // ---------------------------------------------------------------- state file

    Collection<VaultRecord> all() {
        return vaults.values();
    }

    Collection<DeletedVault> allDeleted() {
        return deleted.values();
    }

    Optional<VaultRecord> current(String name) {
        return Optional.ofNullable(vaults.get(Names.key(name)));
    }

    /** Puts a saved vault back; {@code start}: start its data plane first (on its old port when free). */
    void restore(VaultRecord saved, boolean start) {
        VaultRecord.Draft d = saved.draft();
        if (start) {
            d.vaultUri = context.vaults().startVault(saved.name(), saved.vaultUri().getPort());
        }
        vaults.put(Names.key(saved.name()), d.build());
    }

    /** Puts a saved soft-deleted vault back, with its secrets kept for a recover. */
    void restoreDeleted(DeletedVault saved) {
        context.vaults().restoreVault(saved.vault().name());
        deleted.put(Names.key(saved.vault().name()), saved);
    }

    int size() {
        return vaults.size();
    }

    int deletedSize() {
        return deleted.size();
    }
}
