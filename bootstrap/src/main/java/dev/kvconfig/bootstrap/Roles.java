package dev.kvconfig.bootstrap;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Key Vault built-in roles for rbac vaults (ids are the same in every Azure cloud), and how an access entry's
 * permissions map to them when it names no {@code roles}:
 * secrets get/list only → Key Vault Secrets User, any other secret permission → Key Vault Secrets Officer;
 * keys get/list/encrypt/decrypt/wrapKey/unwrapKey/sign/verify/release only → Key Vault Crypto User, otherwise
 * Key Vault Crypto Officer; certificates get/list only → Key Vault Certificate User, otherwise Key Vault Certificates Officer.
 */
final class Roles {
    static final Map<String, String> BUILT_IN;

    static {
        Map<String, String> roles = new LinkedHashMap<>();
        roles.put("Key Vault Administrator", "00482a5a-887f-4fb3-b363-3b7fe8e74483");
        roles.put("Key Vault Reader", "21090545-7ca7-4776-b22c-e363652d74d2");
        roles.put("Key Vault Secrets User", "4633458b-17de-408a-b874-0445c86b69e6");
        roles.put("Key Vault Secrets Officer", "b86a8fe4-44ce-4948-aee5-eccb2c155cd7");
        roles.put("Key Vault Crypto User", "12338af0-0e69-4776-bea7-57ae8d297424");
        roles.put("Key Vault Crypto Officer", "14b46e9e-c2b7-41b4-b07b-48a6ebf60603");
        roles.put("Key Vault Certificate User", "db79e9a7-68ee-4b58-9aeb-b90e7c24fcba");
        roles.put("Key Vault Certificates Officer", "a4417e6f-fecd-4de8-b567-7b0420556985");
        BUILT_IN = java.util.Collections.unmodifiableMap(roles);
    }

    private static final Set<String> READ_SECRETS = Set.of("get", "list");
    private static final Set<String> USE_KEYS =
            Set.of("get", "list", "encrypt", "decrypt", "wrapkey", "unwrapkey", "sign", "verify", "release");

    private Roles() {
    }

    /** The canonical role name for {@code name} (case-insensitive), if it is a known built-in role. */
    static Optional<String> canonical(String name) {
        return BUILT_IN.keySet().stream().filter(r -> r.equalsIgnoreCase(name.trim())).findFirst();
    }

    static String definitionGuid(String roleName) {
        return BUILT_IN.get(roleName);
    }

    /** The role name for a role definition id (full resource id or bare GUID), or the id itself when unknown. */
    static String nameOf(String roleDefinitionId) {
        String guid = roleDefinitionId.substring(roleDefinitionId.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        return BUILT_IN.entrySet().stream().filter(e -> e.getValue().equals(guid)).map(Map.Entry::getKey)
                .findFirst().orElse(roleDefinitionId);
    }

    /** The roles an access entry gets in an rbac vault: its explicit {@code roles}, else derived from its permissions. */
    static Set<String> of(Spec.Access access) {
        return access.roles().isEmpty() ? derive(access) : new TreeSet<>(access.roles());
    }

    static Set<String> derive(Spec.Access access) {
        Set<String> roles = new TreeSet<>();
        if (!access.secrets().isEmpty()) {
            roles.add(lower(access.secrets()).stream().allMatch(READ_SECRETS::contains)
                    ? "Key Vault Secrets User" : "Key Vault Secrets Officer");
        }
        if (!access.keys().isEmpty()) {
            roles.add(lower(access.keys()).stream().allMatch(USE_KEYS::contains)
                    ? "Key Vault Crypto User" : "Key Vault Crypto Officer");
        }
        if (!access.certificates().isEmpty()) {
            roles.add(lower(access.certificates()).stream().allMatch(READ_SECRETS::contains)
                    ? "Key Vault Certificate User" : "Key Vault Certificates Officer");
        }
        return roles;
    }

    private static Set<String> lower(Set<String> values) {
        Set<String> out = new TreeSet<>();
        values.forEach(v -> out.add(v.toLowerCase(Locale.ROOT)));
        return out;
    }
}
