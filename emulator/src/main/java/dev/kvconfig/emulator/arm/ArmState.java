package dev.kvconfig.emulator.arm;

import dev.kvconfig.emulator.server.Json;
import dev.kvconfig.emulator.server.ServiceError;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything Resource Manager knows: resource groups, vaults, deleted vaults, role assignments. One subscription.
 * Thread safe: every method holds this object's lock, also while it starts or stops vault servers, so ARM calls and
 * vault lifecycles never interleave.
 */
final class ArmState {
    private static final System.Logger LOG = System.getLogger(ArmState.class.getName());
    private static final Pattern ROLE_NAME_FILTER = Pattern.compile("roleName\\s+eq\\s+'([^']*)'",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern PRINCIPAL_FILTER = Pattern.compile(
            "(?:principalId\\s+eq\\s+|assignedTo\\()'([^']*)'", Pattern.CASE_INSENSITIVE);

    /** An answer with its status (200 updated, 201 created). */
    record Result(int status, Object body) {
    }

    record ResourceGroup(String name, String location, Map<String, String> tags) {
        ResourceGroup {
            tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        }

        Map<String, Object> toJson(String subscriptionId) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", "/subscriptions/" + subscriptionId + "/resourceGroups/" + name);
            m.put("name", name);
            m.put("type", "Microsoft.Resources/resourceGroups");
            m.put("location", location);
            m.put("tags", new LinkedHashMap<>(tags));
            m.put("properties", Map.of("provisioningState", "Succeeded"));
            return m;
        }
    }

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
    private final Map<String, ResourceGroup> groups = new LinkedHashMap<>();
    private final Map<String, VaultRecord> vaults = new LinkedHashMap<>();
    private final Map<String, DeletedVault> deleted = new LinkedHashMap<>();
    private final Map<String, RoleAssignment> assignments = new LinkedHashMap<>();

    ArmState(ArmContext context) {
        this.context = context;
        this.subscription = context.subscriptionId();
    }

    String subscriptionId() {
        return subscription;
    }

    private Instant now() {
        return context.clock().instant();
    }

    void checkSubscription(String s) {
        if (!subscription.equalsIgnoreCase(s)) {
            throw ArmError.subscriptionNotFound(s);
        }
    }

    // ---------------------------------------------------------------- subscriptions

    Map<String, Object> subscriptionJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", "/subscriptions/" + subscription);
        m.put("subscriptionId", subscription);
        m.put("tenantId", context.tenantId());
        m.put("displayName", "kvconfig emulator");
        m.put("state", "Enabled");
        m.put("subscriptionPolicies", Map.of("locationPlacementId", "Public_2014-09-01", "quotaId",
                "PayAsYouGo_2014-09-01", "spendingLimit", "Off"));
        m.put("authorizationSource", "RoleBased");
        return m;
    }

    // ---------------------------------------------------------------- resource groups

    synchronized void declareVault(String name, URI vaultUri) {
        String rg = ResourceManagerApi.DEFAULT_RESOURCE_GROUP;
        groups.computeIfAbsent(Names.key(rg), k -> new ResourceGroup(rg, ResourceManagerApi.DEFAULT_LOCATION, Map.of()));
        VaultRecord.Draft d = new VaultRecord.Draft(name, rg, now());
        d.location = ResourceManagerApi.DEFAULT_LOCATION;
        d.tenantId = context.tenantId();
        d.vaultUri = vaultUri;
        d.declared = true;
        vaults.put(Names.key(name), d.build());
    }

    private ResourceGroup group(String s, String name) {
        checkSubscription(s);
        ResourceGroup g = groups.get(Names.key(name));
        if (g == null) {
            throw ArmError.resourceGroupNotFound(name);
        }
        return g;
    }

    synchronized Result putGroup(String s, String name, Map<String, Object> body) {
        checkSubscription(s);
        if (!Names.validResourceGroup(name)) {
            throw ArmError.of(400, "InvalidResourceGroup", "The provided resource group name '" + name + "' has these"
                    + " invalid characters or length: use 1-90 of letters, digits, '_', '-', '.', '(' and ')',"
                    + " not ending in '.'.");
        }
        String location = Json.string(body, "location");
        ResourceGroup existing = groups.get(Names.key(name));
        if (location == null || location.isBlank()) {
            throw ArmError.of(400, "LocationRequired", "The location property is required for this definition.");
        }
        if (existing != null && !Names.location(existing.location()).equals(Names.location(location))) {
            throw ArmError.of(409, "InvalidResourceGroupLocation", "Invalid resource group location '" + location
                    + "'. The Resource group already exists in location '" + existing.location() + "'.");
        }
        Map<String, String> tags = Json.stringMap(body, "tags");
        ResourceGroup g = new ResourceGroup(existing != null ? existing.name() : name,
                existing != null ? existing.location() : location, tags);
        groups.put(Names.key(name), g);
        return new Result(existing == null ? 201 : 200, g.toJson(subscription));
    }

    synchronized Map<String, Object> getGroup(String s, String name) {
        return group(s, name).toJson(subscription);
    }

    synchronized boolean groupExists(String s, String name) {
        checkSubscription(s);
        return groups.containsKey(Names.key(name));
    }

    synchronized List<Object> listGroups(String s) {
        checkSubscription(s);
        List<Object> out = new ArrayList<>();
        groups.values().forEach(g -> out.add(g.toJson(subscription)));
        return out;
    }

    /** Deletes the group with its vaults (soft-deleted when they have soft delete) and its role assignments. */
    synchronized void deleteGroup(String s, String name) {
        ResourceGroup g = group(s, name);
        for (VaultRecord v : new ArrayList<>(vaults.values())) {
            if (v.resourceGroup().equalsIgnoreCase(g.name())) {
                removeVault(v);
            }
        }
        String scope = "/subscriptions/" + subscription + "/resourceGroups/" + g.name();
        assignments.values().removeIf(a -> a.scope().equalsIgnoreCase(scope));
        groups.remove(Names.key(name));
    }

    // ---------------------------------------------------------------- vaults

    private VaultRecord vault(String s, String rg, String name) {
        group(s, rg);
        VaultRecord v = vaults.get(Names.key(name));
        if (v == null || !v.resourceGroup().equalsIgnoreCase(rg)) {
            throw ArmError.vaultNotFound(rg, name);
        }
        return v;
    }

    synchronized Result putVault(String s, String rg, String name, Map<String, Object> body) {
        expire();
        ResourceGroup group = group(s, rg);
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
        return new Result(existing == null && !recover ? 201 : 200, v.toJson(subscription));
    }

    synchronized Map<String, Object> patchVault(String s, String rg, String name, Map<String, Object> body) {
        VaultRecord v = vault(s, rg, name);
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

    synchronized Map<String, Object> getVault(String s, String rg, String name) {
        return vault(s, rg, name).toJson(subscription);
    }

    /** @return false when there was no such vault (the service answers 204 then) */
    synchronized boolean deleteVault(String s, String rg, String name) {
        group(s, rg);
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
        String id = v.id(subscription);
        assignments.values().removeIf(a -> a.scope().equalsIgnoreCase(id));
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

    synchronized List<Object> listVaults(String s, String rg) {
        if (rg != null) {
            group(s, rg);
        } else {
            checkSubscription(s);
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
    synchronized List<Object> listResources(String s, String filter) {
        checkSubscription(s);
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

    synchronized Map<String, Object> checkName(String s, Map<String, Object> body) {
        checkSubscription(s);
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

    synchronized Map<String, Object> updateAccessPolicies(String s, String rg, String name, String kind,
                                                          Map<String, Object> body) {
        VaultRecord v = vault(s, rg, name);
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

    synchronized List<Object> listDeleted(String s) {
        checkSubscription(s);
        expire();
        List<Object> out = new ArrayList<>();
        deleted.values().forEach(d -> out.add(d.toJson(subscription)));
        return out;
    }

    private DeletedVault deletedVault(String s, String location, String name) {
        checkSubscription(s);
        expire();
        DeletedVault d = deleted.get(Names.key(name));
        if (d == null || !Names.location(d.vault().location()).equals(Names.location(location))) {
            throw ArmError.of(404, "ResourceNotFound", "The deleted vault '" + name + "' was not found in location '"
                    + location + "'.");
        }
        return d;
    }

    synchronized Map<String, Object> getDeleted(String s, String location, String name) {
        return deletedVault(s, location, name).toJson(subscription);
    }

    synchronized void purgeDeleted(String s, String location, String name) {
        DeletedVault d = deletedVault(s, location, name);
        if (d.vault().enablePurgeProtection()) {
            throw ArmError.of(405, "MethodNotAllowed", "Operation 'DeletedVaultPurge' is not allowed: purge"
                    + " protection is enabled for vault '" + d.vault().name() + "'. It is purged automatically on "
                    + d.scheduledPurgeDate().truncatedTo(ChronoUnit.SECONDS) + ".");
        }
        deleted.remove(Names.key(name));
        purge(d.vault());
    }

    // ---------------------------------------------------------------- role assignments and definitions

    /** Checks that the scope exists: root, the subscription, a resource group, or a resource in one. */
    private String checkScope(String scope) {
        if ("/".equals(scope)) {
            return scope;
        }
        List<String> parts = List.of(scope.substring(1).split("/"));
        if (parts.size() < 2 || !parts.get(0).equalsIgnoreCase("subscriptions")) {
            throw ArmError.of(400, "InvalidScope", "The scope '" + scope + "' is not valid: use /subscriptions/…");
        }
        checkSubscription(parts.get(1));
        if (parts.size() >= 4 && parts.get(2).equalsIgnoreCase("resourceGroups")) {
            group(parts.get(1), parts.get(3));
            if (parts.size() >= 8 && parts.get(4).equalsIgnoreCase("providers")
                    && parts.get(5).equalsIgnoreCase("Microsoft.KeyVault") && parts.get(6).equalsIgnoreCase("vaults")) {
                vault(parts.get(1), parts.get(3), parts.get(7));
            }
        }
        return scope;
    }

    synchronized Result putAssignment(String scope, String name, Map<String, Object> body) {
        checkScope(scope);
        if (!Names.guid(name)) {
            throw ArmError.of(400, "InvalidRoleAssignmentId", "The role assignment ID '" + name + "' is not valid."
                    + " The role assignment ID must be a GUID.");
        }
        Map<String, Object> p = Json.object(body, "properties");
        if (p == null) {
            throw ArmError.badRequest("The parameter properties is required.");
        }
        String roleId = Json.string(p, "roleDefinitionId");
        String principal = Json.string(p, "principalId");
        BuiltInRole role = BuiltInRole.byId(roleId).orElseThrow(() -> ArmError.of(400,
                "RoleDefinitionDoesNotExist", "The specified role definition with ID '" + roleId
                        + "' does not exist. The emulator knows the Key Vault built-in roles."));
        if (!Names.guid(principal)) {
            throw ArmError.of(400, "InvalidPrincipalId", "The principal ID '" + principal + "' is not valid. The"
                    + " principal ID must be a GUID.");
        }
        String type = Json.string(p, "principalType");
        RoleAssignment existing = assignments.get(Names.key(name));
        for (RoleAssignment a : assignments.values()) {
            if (a != existing && a.scope().equalsIgnoreCase(scope) && a.role().equals(role)
                    && a.principalId().equalsIgnoreCase(principal)) {
                throw ArmError.of(409, "RoleAssignmentExists", "The role assignment already exists. The ID of the"
                        + " existing role assignment is " + a.name() + ".");
            }
        }
        if (existing != null && !(existing.scope().equalsIgnoreCase(scope) && existing.role().equals(role)
                && existing.principalId().equalsIgnoreCase(principal))) {
            throw ArmError.of(409, "RoleAssignmentUpdateNotPermitted", "Tenant ID, application ID, principal ID,"
                    + " and scope are not allowed to be updated.");
        }
        RoleAssignment a = existing != null ? existing : new RoleAssignment(Names.key(name), scope, role, principal,
                type == null ? "ServicePrincipal" : type, now());
        assignments.put(Names.key(name), a);
        return new Result(201, a.toJson(subscription));
    }

    private RoleAssignment assignment(String scope, String name) {
        RoleAssignment a = assignments.get(Names.key(name));
        if (a == null || !a.scope().equalsIgnoreCase(scope)) {
            throw ArmError.of(404, "RoleAssignmentNotFound", "The role assignment '" + name + "' is not found.");
        }
        return a;
    }

    synchronized Map<String, Object> getAssignment(String scope, String name) {
        checkScope(scope);
        return assignment(scope, name).toJson(subscription);
    }

    /** @return the deleted assignment, or null when there was none (204) */
    synchronized Map<String, Object> deleteAssignment(String scope, String name) {
        RoleAssignment a = assignments.get(Names.key(name));
        if (a == null || !a.scope().equalsIgnoreCase(scope)) {
            return null;
        }
        assignments.remove(Names.key(name));
        return a.toJson(subscription);
    }

    /** At, above and below the scope; {@code atScope()} keeps at and above; {@code principalId eq '…'} filters. */
    synchronized List<Object> listAssignments(String scope, String filter) {
        checkScope(scope);
        boolean atScope = filter != null && filter.toLowerCase(Locale.ROOT).contains("atscope()");
        String principal = null;
        if (filter != null) {
            Matcher m = PRINCIPAL_FILTER.matcher(filter);
            if (m.find()) {
                principal = m.group(1);
            }
        }
        String s = scope.toLowerCase(Locale.ROOT);
        List<Object> out = new ArrayList<>();
        for (RoleAssignment a : assignments.values()) {
            String as = a.scope().toLowerCase(Locale.ROOT);
            boolean related = a.covers(scope) || (!atScope && (as.startsWith(s + "/") || "/".equals(s)));
            if (related && (principal == null || a.principalId().equalsIgnoreCase(principal))) {
                out.add(a.toJson(subscription));
            }
        }
        return out;
    }

    synchronized Map<String, Object> getRoleDefinition(String scope, String id) {
        checkScope(scope);
        return BuiltInRole.byId(id).orElseThrow(() -> ArmError.of(404, "RoleDefinitionDoesNotExist",
                "The specified role definition with ID '" + id + "' does not exist.")).toJson(subscription);
    }

    synchronized List<Object> listRoleDefinitions(String scope, String filter) {
        checkScope(scope);
        String roleName = null;
        if (filter != null) {
            Matcher m = ROLE_NAME_FILTER.matcher(filter);
            if (m.find()) {
                roleName = m.group(1);
            }
        }
        List<Object> out = new ArrayList<>();
        for (BuiltInRole r : BuiltInRole.ALL) {
            if (roleName == null || r.roleName().equalsIgnoreCase(roleName)) {
                out.add(r.toJson(subscription));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- state file

    /** Everything, as JSON for the state file. */
    synchronized Map<String, Object> export() {
        List<Object> g = new ArrayList<>();
        groups.values().forEach(x -> g.add(x.toJson(subscription)));
        List<Object> v = new ArrayList<>();
        vaults.values().forEach(x -> v.add(exportVault(x)));
        List<Object> d = new ArrayList<>();
        for (DeletedVault x : deleted.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("vault", exportVault(x.vault()));
            m.put("deletionDate", x.deletionDate().toString());
            m.put("scheduledPurgeDate", x.scheduledPurgeDate().toString());
            d.add(m);
        }
        List<Object> a = new ArrayList<>();
        for (RoleAssignment x : assignments.values()) {
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
    synchronized void restore(Map<String, Object> state) {
        if (state == null) {
            return;
        }
        try {
            for (Object o : (List<Object>) state.getOrDefault("resourceGroups", List.of())) {
                Map<String, Object> m = (Map<String, Object>) o;
                String name = (String) m.get("name");
                Map<String, String> tags = new LinkedHashMap<>();
                ((Map<String, Object>) m.getOrDefault("tags", Map.of())).forEach((k, v) -> tags.put(k, (String) v));
                groups.put(Names.key(name), new ResourceGroup(name, (String) m.get("location"), tags));
            }
            for (Object o : (List<Object>) state.getOrDefault("vaults", List.of())) {
                VaultRecord saved = importVault((Map<String, Object>) o);
                VaultRecord current = vaults.get(Names.key(saved.name()));
                if (saved.declared()) {
                    if (current != null && current.declared()) { // keep policies/RBAC given to a builder vault
                        VaultRecord.Draft d = saved.draft();
                        d.vaultUri = current.vaultUri();
                        vaults.put(Names.key(saved.name()), d.build());
                    }
                } else if (current == null) {
                    VaultRecord.Draft d = saved.draft();
                    d.vaultUri = context.vaults().startVault(saved.name(), saved.vaultUri().getPort());
                    vaults.put(Names.key(saved.name()), d.build());
                }
            }
            for (Object o : (List<Object>) state.getOrDefault("deletedVaults", List.of())) {
                Map<String, Object> m = (Map<String, Object>) o;
                VaultRecord saved = importVault((Map<String, Object>) m.get("vault"));
                if (!vaults.containsKey(Names.key(saved.name()))) {
                    context.vaults().restoreVault(saved.name());
                    deleted.put(Names.key(saved.name()), new DeletedVault(saved,
                            Instant.parse((String) m.get("deletionDate")),
                            Instant.parse((String) m.get("scheduledPurgeDate"))));
                }
            }
            for (Object o : (List<Object>) state.getOrDefault("roleAssignments", List.of())) {
                Map<String, Object> m = (Map<String, Object>) o;
                BuiltInRole.byId((String) m.get("roleDefinitionId")).ifPresent(role -> assignments.put(
                        Names.key((String) m.get("name")), new RoleAssignment((String) m.get("name"),
                                (String) m.get("scope"), role, (String) m.get("principalId"),
                                (String) m.get("principalType"), Instant.parse((String) m.get("createdOn")))));
            }
        } catch (ClassCastException | NullPointerException | java.time.format.DateTimeParseException e) {
            throw new IllegalStateException("the state file's \"arm\" section is damaged (" + e
                    + "); delete the file or pass another --state file", e);
        }
        LOG.log(Level.INFO, "ARM: restored {0} resource groups, {1} vaults, {2} deleted vaults, {3} role assignments",
                groups.size(), vaults.size(), deleted.size(), assignments.size());
    }

    @SuppressWarnings("unchecked")
    private VaultRecord importVault(Map<String, Object> m) {
        String name = (String) m.get("name");
        Map<String, Object> system = (Map<String, Object>) m.getOrDefault("systemData", Map.of());
        Instant created = system.get("createdAt") instanceof String c ? Instant.parse(c) : now();
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

    // ---------------------------------------------------------------- data plane

    synchronized Optional<VaultRecord> vaultByName(String name) {
        return Optional.ofNullable(vaults.get(Names.key(name)));
    }

    /** The roles the principal holds at the vault, its resource group or the subscription. */
    synchronized List<BuiltInRole> rolesAt(String principalId, String vaultId) {
        List<BuiltInRole> out = new ArrayList<>();
        for (RoleAssignment a : assignments.values()) {
            if (a.principalId().equalsIgnoreCase(principalId) && a.covers(vaultId)) {
                out.add(a.role());
            }
        }
        return out;
    }
}
