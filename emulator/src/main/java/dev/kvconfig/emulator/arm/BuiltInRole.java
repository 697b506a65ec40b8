package dev.kvconfig.emulator.arm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Key Vault built-in roles (ids and data actions as Azure publishes them), which is all the emulator's
 * {@code roleDefinitions} know.
 */
record BuiltInRole(String id, String roleName, String description, List<String> actions, List<String> dataActions) {
    private static final List<String> KV_ACTIONS = List.of("Microsoft.Authorization/*/read",
            "Microsoft.Insights/alertRules/*", "Microsoft.Resources/deployments/*",
            "Microsoft.Resources/subscriptions/resourceGroups/read", "Microsoft.Support/*",
            "Microsoft.KeyVault/checkNameAvailability/read", "Microsoft.KeyVault/deletedVaults/read",
            "Microsoft.KeyVault/locations/*/read", "Microsoft.KeyVault/vaults/*/read",
            "Microsoft.KeyVault/operations/read");

    static final List<BuiltInRole> ALL = List.of(
            new BuiltInRole("00482a5a-887f-4fb3-b363-3b7fe8e74483", "Key Vault Administrator",
                    "Perform all data plane operations on a key vault and all objects in it, including certificates,"
                            + " keys, and secrets. Cannot manage key vault resources or manage role assignments.",
                    KV_ACTIONS, List.of("Microsoft.KeyVault/vaults/*")),
            new BuiltInRole("b86a8fe4-44ce-4948-aee5-eccb2c155cd7", "Key Vault Secrets Officer",
                    "Perform any action on the secrets of a key vault, except manage permissions.",
                    KV_ACTIONS, List.of("Microsoft.KeyVault/vaults/secrets/*")),
            new BuiltInRole("4633458b-17de-408a-b874-0445c86b69e6", "Key Vault Secrets User",
                    "Read secret contents.", List.of(),
                    List.of("Microsoft.KeyVault/vaults/secrets/getSecret/action",
                            "Microsoft.KeyVault/vaults/secrets/readMetadata/action")),
            new BuiltInRole("21090545-7ca7-4776-b22c-e363652d74d2", "Key Vault Reader",
                    "Read metadata of key vaults and its certificates, keys, and secrets. Cannot read sensitive values"
                            + " such as secret contents or key material.", KV_ACTIONS,
                    List.of("Microsoft.KeyVault/vaults/*/read",
                            "Microsoft.KeyVault/vaults/secrets/readMetadata/action")),
            new BuiltInRole("14b46e9e-c2b7-41b4-b07b-48a6ebf60603", "Key Vault Crypto Officer",
                    "Perform any action on the keys of a key vault, except manage permissions.", KV_ACTIONS,
                    List.of("Microsoft.KeyVault/vaults/keys/*", "Microsoft.KeyVault/vaults/keyrotationpolicies/*")),
            new BuiltInRole("12338af0-0e69-4776-bea7-57ae8d297424", "Key Vault Crypto User",
                    "Perform cryptographic operations using keys.", List.of(),
                    List.of("Microsoft.KeyVault/vaults/keys/read", "Microsoft.KeyVault/vaults/keys/update/action",
                            "Microsoft.KeyVault/vaults/keys/backup/action",
                            "Microsoft.KeyVault/vaults/keys/encrypt/action",
                            "Microsoft.KeyVault/vaults/keys/decrypt/action",
                            "Microsoft.KeyVault/vaults/keys/wrap/action",
                            "Microsoft.KeyVault/vaults/keys/unwrap/action",
                            "Microsoft.KeyVault/vaults/keys/sign/action",
                            "Microsoft.KeyVault/vaults/keys/verify/action")),
            new BuiltInRole("a4417e6f-fecd-4de8-b567-7b0420556985", "Key Vault Certificates Officer",
                    "Perform any action on the certificates of a key vault, except manage permissions.", KV_ACTIONS,
                    List.of("Microsoft.KeyVault/vaults/certificatecas/*",
                            "Microsoft.KeyVault/vaults/certificates/*",
                            "Microsoft.KeyVault/vaults/certificatecontacts/write")),
            new BuiltInRole("db79e9a7-68ee-4b58-9aeb-b90e7c24fcba", "Key Vault Certificate User",
                    "Read entire certificate contents including secret and key portion.", List.of(),
                    List.of("Microsoft.KeyVault/vaults/certificates/read",
                            "Microsoft.KeyVault/vaults/secrets/getSecret/action",
                            "Microsoft.KeyVault/vaults/secrets/readMetadata/action",
                            "Microsoft.KeyVault/vaults/keys/read")),
            new BuiltInRole("f25e0fa2-a7c8-4377-a976-54943a77a395", "Key Vault Contributor",
                    "Lets you manage key vaults, but not access to them.",
                    List.of("Microsoft.KeyVault/*", "Microsoft.Resources/deployments/*",
                            "Microsoft.Resources/subscriptions/resourceGroups/read"), List.of()));

    /** The role by id: a GUID or any id ending in {@code /roleDefinitions/<guid>}. */
    static Optional<BuiltInRole> byId(String idOrGuid) {
        if (idOrGuid == null) {
            return Optional.empty();
        }
        String guid = idOrGuid.substring(idOrGuid.lastIndexOf('/') + 1);
        return ALL.stream().filter(r -> r.id.equalsIgnoreCase(guid)).findFirst();
    }

    static Optional<BuiltInRole> byName(String roleName) {
        return ALL.stream().filter(r -> r.roleName.equalsIgnoreCase(roleName)).findFirst();
    }

    /** Whether one of the role's data actions (with {@code *} wildcards) covers {@code dataAction}. */
    boolean allowsDataAction(String dataAction) {
        String wanted = dataAction.toLowerCase(Locale.ROOT);
        for (String pattern : dataActions) {
            String regex = ("\\Q" + pattern.toLowerCase(Locale.ROOT) + "\\E").replace("*", "\\E.*\\Q");
            if (Pattern.matches(regex, wanted)) {
                return true;
            }
        }
        return false;
    }

    String fullId(String subscriptionId) {
        return "/subscriptions/" + subscriptionId + "/providers/Microsoft.Authorization/roleDefinitions/" + id;
    }

    Map<String, Object> toJson(String subscriptionId) {
        Map<String, Object> permissions = new LinkedHashMap<>();
        permissions.put("actions", new ArrayList<>(actions));
        permissions.put("notActions", List.of());
        permissions.put("dataActions", new ArrayList<>(dataActions));
        permissions.put("notDataActions", List.of());
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("roleName", roleName);
        p.put("type", "BuiltInRole");
        p.put("description", description);
        p.put("assignableScopes", List.of("/"));
        p.put("permissions", List.of(permissions));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", fullId(subscriptionId));
        m.put("name", id);
        m.put("type", "Microsoft.Authorization/roleDefinitions");
        m.put("properties", p);
        return m;
    }
}
