package dev.kvconfig.emulator.arm;

import dev.kvconfig.emulator.server.Json;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code Microsoft.Authorization} role assignments at any scope of the subscription, and the Key Vault built-in role
 * definitions. Not thread safe: {@link ArmState} holds its lock around every call.
 */
final class RoleAssignments {
    private static final Pattern ROLE_NAME_FILTER = Pattern.compile("roleName\\s+eq\\s+'([^']*)'",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern PRINCIPAL_FILTER = Pattern.compile(
            "(?:principalId\\s+eq\\s+|assignedTo\\()'([^']*)'", Pattern.CASE_INSENSITIVE);

    private final ArmContext context;
    private final String subscription;
    private final ResourceGroups groups;
    private final Vaults vaults;
    private final Map<String, RoleAssignment> assignments = new LinkedHashMap<>();

    RoleAssignments(ArmContext context, ResourceGroups groups, Vaults vaults) {
        this.context = context;
        this.subscription = context.subscriptionId();
        this.groups = groups;
        this.vaults = vaults;
    }

    /** Drops the assignments at exactly this scope (a deleted resource group, a purged vault). */
    void removeAt(String scope) {
        assignments.values().removeIf(a -> a.scope().equalsIgnoreCase(scope));
    }

    /** Checks that the scope exists: root, the subscription, a resource group, or a resource in one. */
    private String checkScope(String scope) {
        if ("/".equals(scope)) {
            return scope;
        }
        List<String> parts = List.of(scope.substring(1).split("/"));
        if (parts.size() < 2 || !parts.get(0).equalsIgnoreCase("subscriptions")) {
            throw ArmError.of(400, "InvalidScope", "The scope '" + scope + "' is not valid: use /subscriptions/…");
        }
        groups.checkSubscription(parts.get(1));
        if (parts.size() >= 4 && parts.get(2).equalsIgnoreCase("resourceGroups")) {
            groups.require(parts.get(1), parts.get(3));
            if (parts.size() >= 8 && parts.get(4).equalsIgnoreCase("providers")
                    && parts.get(5).equalsIgnoreCase("Microsoft.KeyVault") && parts.get(6).equalsIgnoreCase("vaults")) {
                vaults.require(parts.get(1), parts.get(3), parts.get(7));
            }
        }
        return scope;
    }

    ArmState.Result put(String scope, String name, Map<String, Object> body) {
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
                type == null ? "ServicePrincipal" : type, context.clock().instant());
        assignments.put(Names.key(name), a);
        return new ArmState.Result(201, a.toJson(subscription));
    }

    private RoleAssignment assignment(String scope, String name) {
        RoleAssignment a = assignments.get(Names.key(name));
        if (a == null || !a.scope().equalsIgnoreCase(scope)) {
            throw ArmError.of(404, "RoleAssignmentNotFound", "The role assignment '" + name + "' is not found.");
        }
        return a;
    }

    Map<String, Object> get(String scope, String name) {
        checkScope(scope);
        return assignment(scope, name).toJson(subscription);
    }

    /** @return the deleted assignment, or null when there was none (204) */
    Map<String, Object> delete(String scope, String name) {
        RoleAssignment a = assignments.get(Names.key(name));
        if (a == null || !a.scope().equalsIgnoreCase(scope)) {
            return null;
        }
        assignments.remove(Names.key(name));
        return a.toJson(subscription);
    }

    /** At, above and below the scope; {@code atScope()} keeps at and above; {@code principalId eq '…'} filters. */
    List<Object> list(String scope, String filter) {
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

    Map<String, Object> getRoleDefinition(String scope, String id) {
        checkScope(scope);
        return BuiltInRole.byId(id).orElseThrow(() -> ArmError.of(404, "RoleDefinitionDoesNotExist",
                "The specified role definition with ID '" + id + "' does not exist.")).toJson(subscription);
    }

    List<Object> listRoleDefinitions(String scope, String filter) {
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

    /** The roles the principal holds at the vault, its resource group or the subscription. */
    List<BuiltInRole> rolesAt(String principalId, String vaultId) {
        List<BuiltInRole> out = new ArrayList<>();
        for (RoleAssignment a : assignments.values()) {
            if (a.principalId().equalsIgnoreCase(principalId) && a.covers(vaultId)) {
                out.add(a.role());
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- state file

    Collection<RoleAssignment> all() {
        return assignments.values();
    }

    void restore(RoleAssignment assignment) {
        assignments.put(Names.key(assignment.name()), assignment);
    }

    int size() {
        return assignments.size();
    }
}
