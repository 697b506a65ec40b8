package dev.kvconfig.emulator.arm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One access policy entry of a vault: a principal ({@code objectId}, optionally a compound {@code applicationId}) and
 * its permissions per kind. Permission names are kept as sent; comparisons ignore case.
 */
record AccessPolicy(String tenantId, String objectId, String applicationId, Map<String, List<String>> permissions) {
    /** The permission kinds and the names the service accepts for each (from the 2023-07-01 spec). */
    static final Map<String, Set<String>> ALLOWED = Map.of(
            "keys", Set.of("all", "encrypt", "decrypt", "wrapkey", "unwrapkey", "sign", "verify", "get", "list",
                    "create", "update", "import", "delete", "backup", "restore", "recover", "purge", "release",
                    "rotate", "getrotationpolicy", "setrotationpolicy"),
            "secrets", Set.of("all", "get", "list", "set", "delete", "backup", "restore", "recover", "purge"),
            "certificates", Set.of("all", "get", "list", "delete", "create", "import", "update", "managecontacts",
                    "getissuers", "listissuers", "setissuers", "deleteissuers", "manageissuers", "recover", "purge",
                    "backup", "restore"),
            "storage", Set.of("all", "get", "list", "delete", "set", "update", "regeneratekey", "recover", "purge",
                    "backup", "restore", "setsas", "listsas", "getsas", "deletesas"));
    private static final List<String> KINDS = List.of("keys", "secrets", "certificates", "storage");

    AccessPolicy {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        permissions.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        permissions = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * Parses and validates {@code accessPolicies[index]}.
     *
     * @throws dev.kvconfig.emulator.server.ServiceError 400 naming the field
     */
    static AccessPolicy parse(Object json, int index) {
        String at = "accessPolicies[" + index + "]";
        if (!(json instanceof Map<?, ?>)) {
            throw ArmError.badRequest("Invalid value found at " + at + ": an object is required.");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) json;
        String tenantId = string(m, "tenantId", at);
        String objectId = string(m, "objectId", at);
        if (!Names.guid(tenantId)) {
            throw ArmError.badRequest("Invalid value found at " + at + ".tenantId: '" + tenantId
                    + "' is not a GUID.");
        }
        if (objectId == null || objectId.isBlank()) {
            throw ArmError.badRequest("Invalid value found at " + at + ".objectId: the object id is required.");
        }
        Object app = m.get("applicationId");
        if (app != null && !(app instanceof String s && Names.guid(s))) {
            throw ArmError.badRequest("Invalid value found at " + at + ".applicationId: a GUID is required.");
        }
        Object perms = m.get("permissions");
        if (!(perms instanceof Map<?, ?> pm)) {
            throw ArmError.badRequest("Invalid value found at " + at + ".permissions: an object is required.");
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String kind : KINDS) {
            Object list = pm.get(kind);
            if (list == null) {
                continue;
            }
            if (!(list instanceof List<?> l)) {
                throw ArmError.badRequest("Invalid value found at " + at + ".permissions." + kind
                        + ": an array is required.");
            }
            List<String> names = new ArrayList<>();
            for (int i = 0; i < l.size(); i++) {
                Object p = l.get(i);
                if (!(p instanceof String s) || !ALLOWED.get(kind).contains(s.toLowerCase(Locale.ROOT))) {
                    throw ArmError.badRequest("Invalid value found at " + at + ".permissions." + kind + "[" + i
                            + "]: '" + p + "'. Allowed values: " + new java.util.TreeSet<>(ALLOWED.get(kind)) + ".");
                }
                if (names.stream().noneMatch(s::equalsIgnoreCase)) {
                    names.add(s);
                }
            }
            out.put(kind, names);
        }
        return new AccessPolicy(tenantId, objectId, (String) app, out);
    }

    private static String string(Map<String, Object> m, String field, String at) {
        Object v = m.get(field);
        if (v != null && !(v instanceof String)) {
            throw ArmError.badRequest("Invalid value found at " + at + "." + field + ": a string is required.");
        }
        return (String) v;
    }

    /** Same principal: tenant, object id and application id (case-insensitive). */
    boolean samePrincipal(AccessPolicy other) {
        return tenantId.equalsIgnoreCase(other.tenantId) && objectId.equalsIgnoreCase(other.objectId)
                && (applicationId == null ? other.applicationId == null
                : applicationId.equalsIgnoreCase(other.applicationId));
    }

    /** Whether the entry grants {@code permission} (or {@code all}) on {@code kind}. */
    boolean allows(String kind, String permission) {
        return permissions.getOrDefault(kind, List.of()).stream()
                .anyMatch(p -> p.equalsIgnoreCase(permission) || p.equalsIgnoreCase("all"));
    }

    /** This entry with the other's permissions added (access policy "add"). */
    AccessPolicy plus(AccessPolicy other) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String kind : KINDS) {
            Set<String> seen = new LinkedHashSet<>();
            List<String> merged = new ArrayList<>();
            for (String p : concat(permissions.get(kind), other.permissions.get(kind))) {
                if (seen.add(p.toLowerCase(Locale.ROOT))) {
                    merged.add(p);
                }
            }
            if (permissions.containsKey(kind) || other.permissions.containsKey(kind)) {
                out.put(kind, merged);
            }
        }
        return new AccessPolicy(tenantId, objectId, applicationId, out);
    }

    /** This entry without the other's permissions (access policy "remove"). */
    AccessPolicy minus(AccessPolicy other) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        permissions.forEach((kind, list) -> {
            List<String> removed = other.permissions.getOrDefault(kind, List.of());
            out.put(kind, list.stream().filter(p -> removed.stream().noneMatch(p::equalsIgnoreCase)).toList());
        });
        return new AccessPolicy(tenantId, objectId, applicationId, out);
    }

    boolean empty() {
        return permissions.values().stream().allMatch(List::isEmpty);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>();
        if (a != null) {
            out.addAll(a);
        }
        if (b != null) {
            out.addAll(b);
        }
        return out;
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tenantId", tenantId);
        m.put("objectId", objectId);
        if (applicationId != null) {
            m.put("applicationId", applicationId);
        }
        Map<String, Object> p = new LinkedHashMap<>();
        permissions.forEach((k, v) -> p.put(k, new ArrayList<>(v)));
        m.put("permissions", p);
        return m;
    }

    static List<AccessPolicy> parseAll(Object json) {
        if (json == null) {
            return List.of();
        }
        if (!(json instanceof List<?> list)) {
            throw ArmError.badRequest("Invalid value found at accessPolicies: an array is required.");
        }
        List<AccessPolicy> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(parse(list.get(i), i));
        }
        if (out.size() > 1024) {
            throw ArmError.badRequest("The number of access policies (" + out.size() + ") exceeds the limit of 1024.");
        }
        return out;
    }
}
