package dev.kvconfig.emulator.arm;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A role assignment: principal, built-in role, scope. */
record RoleAssignment(String name, String scope, BuiltInRole role, String principalId, String principalType,
                      Instant createdOn) {

    String id() {
        return ("/".equals(scope) ? "" : scope) + "/providers/Microsoft.Authorization/roleAssignments/" + name;
    }

    /** Whether this assignment's scope is {@code target} or one of its parents (case-insensitive). */
    boolean covers(String target) {
        String s = scope.toLowerCase(Locale.ROOT);
        String t = target.toLowerCase(Locale.ROOT);
        return s.equals("/") || t.equals(s) || t.startsWith(s + "/");
    }

    Map<String, Object> toJson(String subscriptionId) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("roleDefinitionId", role.fullId(subscriptionId));
        p.put("principalId", principalId);
        p.put("principalType", principalType);
        p.put("scope", scope);
        String created = createdOn.truncatedTo(ChronoUnit.MILLIS).toString();
        p.put("createdOn", created);
        p.put("updatedOn", created);
        p.put("createdBy", null);
        p.put("updatedBy", null);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id());
        m.put("name", name);
        m.put("type", "Microsoft.Authorization/roleAssignments");
        m.put("properties", p);
        return m;
    }
}
