package dev.kvconfig.bootstrap;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated {@code kvconfig.yaml} (DESIGN.md, "Bootstrap CLI"). Immutable; made only by {@link SpecParser}.
 * Holds no secret value: those are read from {@link SecretsSource#file()} when a plan is made.
 *
 * @param file the spec file, absolute
 * @param subscription the subscription id, or {@code null} (then {@code --subscription} or the emulator's)
 */
record Spec(Path file, String subscription, String resourceGroup, String location, VaultSpec vault,
            List<Access> access, SecretsSource secrets, List<KeySpec> keys) {

    Spec {
        access = List.copyOf(access);
        keys = List.copyOf(keys);
    }

    enum Authorization {
        ACCESS_POLICIES("access-policies"), RBAC("rbac");

        final String text;

        Authorization(String text) {
            this.text = text;
        }
    }

    /** The {@code vault:} block, defaults applied. */
    record VaultSpec(String name, String sku, Authorization authorization, int softDeleteRetentionDays,
                     boolean purgeProtection, Map<String, String> tags) {
        static final String DEFAULT_SKU = "standard";
        static final int DEFAULT_RETENTION_DAYS = 90;

        VaultSpec {
            tags = Map.copyOf(tags);
        }
    }

    /**
     * One principal: its data-plane permissions (access-policies mode) and, in rbac mode, the built-in roles it gets
     * ({@code roles}, or derived from the permissions by {@link Roles#derive}).
     */
    record Access(String objectId, Set<String> secrets, Set<String> keys, Set<String> certificates, Set<String> roles) {
        Access {
            secrets = Set.copyOf(secrets);
            keys = Set.copyOf(keys);
            certificates = Set.copyOf(certificates);
            roles = Set.copyOf(roles);
        }
    }

    /** The {@code secrets:} block: a properties file (relative paths resolved against the spec) and a name prefix. */
    record SecretsSource(Path file, String prefix) {
    }

    /** One entry of {@code keys:}: a key to create when the vault has none of that name (never replaced). */
    record KeySpec(String name, KeyShapes shape, Map<String, String> tags) {
        KeySpec {
            tags = Map.copyOf(tags);
        }
    }
}
