package dev.kvconfig.emulator.arm;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything Resource Manager knows, one class per resource kind ({@link ResourceGroups}, {@link Vaults},
 * {@link RoleAssignments}) plus their state file section ({@link ArmStateFile}). One subscription.
 *
 * <p>Thread safe, and the one lock owner: every method holds this object's lock, also while a vault server starts or
 * stops, so ARM calls and vault lifecycles never interleave; the kinds themselves are not thread safe and are reached
 * only from here. What spans kinds (deleting a group deletes its vaults and assignments) is written here.
 */
final class ArmState {
    /** An answer with its status (200 updated, 201 created). */
    record Result(int status, Object body) {
    }

    private final ArmContext context;
    private final String subscription;
    private final ResourceGroups groups;
    private final Vaults vaults;
    private final RoleAssignments assignments;
    private final ArmStateFile stateFile;

    ArmState(ArmContext context) {
        this.context = context;
        this.subscription = context.subscriptionId();
        this.groups = new ResourceGroups(subscription);
        this.vaults = new Vaults(context, groups, this::vaultPurged);
        this.assignments = new RoleAssignments(context, groups, vaults);
        this.stateFile = new ArmStateFile(context, groups, vaults, assignments);
    }

    /** A purged vault takes its role assignments with it. */
    private void vaultPurged(String vaultId) {
        assignments.removeAt(vaultId);
    }

    String subscriptionId() {
        return subscription;
    }

    void checkSubscription(String s) {
        groups.checkSubscription(s);
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
        vaults.declare(name, vaultUri);
    }

    synchronized Result putGroup(String s, String name, Map<String, Object> body) {
        return groups.put(s, name, body);
    }

    synchronized Map<String, Object> getGroup(String s, String name) {
        return groups.require(s, name).toJson(subscription);
    }

    synchronized boolean groupExists(String s, String name) {
        return groups.exists(s, name);
    }

    synchronized List<Object> listGroups(String s) {
        return groups.list(s);
    }

    /** Deletes the group with its vaults (soft-deleted when they have soft delete) and its role assignments. */
    synchronized void deleteGroup(String s, String name) {
        ResourceGroups.ResourceGroup g = groups.require(s, name);
        vaults.removeAllIn(g.name());
        assignments.removeAt("/subscriptions/" + subscription + "/resourceGroups/" + g.name());
        groups.remove(name);
    }

    // ---------------------------------------------------------------- vaults

    synchronized Result putVault(String s, String rg, String name, Map<String, Object> body) {
        return vaults.put(s, rg, name, body);
    }

    synchronized Map<String, Object> patchVault(String s, String rg, String name, Map<String, Object> body) {
        return vaults.patch(s, rg, name, body);
    }

    synchronized Map<String, Object> getVault(String s, String rg, String name) {
        return vaults.get(s, rg, name);
    }

    /** @return false when there was no such vault (the service answers 204 then) */
    synchronized boolean deleteVault(String s, String rg, String name) {
        return vaults.delete(s, rg, name);
    }

    synchronized List<Object> listVaults(String s, String rg) {
        return vaults.list(s, rg);
    }

    /** The generic resources listing ({@code /resources?$filter=resourceType eq '…'}): vaults are all we have. */
    synchronized List<Object> listResources(String s, String filter) {
        return vaults.listResources(s, filter);
    }

    synchronized Map<String, Object> checkName(String s, Map<String, Object> body) {
        return vaults.checkName(s, body);
    }

    synchronized Map<String, Object> updateAccessPolicies(String s, String rg, String name, String kind,
                                                          Map<String, Object> body) {
        return vaults.updateAccessPolicies(s, rg, name, kind, body);
    }

    synchronized List<Object> listDeleted(String s) {
        return vaults.listDeleted(s);
    }

    synchronized Map<String, Object> getDeleted(String s, String location, String name) {
        return vaults.getDeleted(s, location, name);
    }

    synchronized void purgeDeleted(String s, String location, String name) {
        vaults.purgeDeleted(s, location, name);
    }

    // ---------------------------------------------------------------- role assignments and definitions

    synchronized Result putAssignment(String scope, String name, Map<String, Object> body) {
        return assignments.put(scope, name, body);
    }

    synchronized Map<String, Object> getAssignment(String scope, String name) {
        return assignments.get(scope, name);
    }

    /** @return the deleted assignment, or null when there was none (204) */
    synchronized Map<String, Object> deleteAssignment(String scope, String name) {
        return assignments.delete(scope, name);
    }

    /** At, above and below the scope; {@code atScope()} keeps at and above; {@code principalId eq '…'} filters. */
    synchronized List<Object> listAssignments(String scope, String filter) {
        return assignments.list(scope, filter);
    }

    synchronized Map<String, Object> getRoleDefinition(String scope, String id) {
        return assignments.getRoleDefinition(scope, id);
    }

    synchronized List<Object> listRoleDefinitions(String scope, String filter) {
        return assignments.listRoleDefinitions(scope, filter);
    }

    // ---------------------------------------------------------------- state file

    /** Everything, as JSON for the state file. */
    synchronized Map<String, Object> export() {
        return stateFile.export();
    }

    /** @see ArmStateFile#restore(Map) */
    synchronized void restore(Map<String, Object> state) {
        stateFile.restore(state);
    }

    // ---------------------------------------------------------------- data plane

    synchronized Optional<VaultRecord> vaultByName(String name) {
        return vaults.byName(name);
    }

    /** The roles the principal holds at the vault, its resource group or the subscription. */
    synchronized List<BuiltInRole> rolesAt(String principalId, String vaultId) {
        return assignments.rolesAt(principalId, vaultId);
    }
}
