package dev.kvconfig.emulator.keys;

import dev.kvconfig.emulator.server.Paging;
import dev.kvconfig.emulator.server.Response;
import dev.kvconfig.emulator.server.Routes;
import dev.kvconfig.emulator.server.VaultContext;
import dev.kvconfig.emulator.server.VaultModule;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keys feature: Key Vault key routes on every vault. One instance per emulator; it keeps each vault's
 * {@link VaultKeys} so the certificates feature can add the keys behind certificates ({@link #keys(String)}).
 */
public final class KeysModule implements VaultModule {
    private final Map<String, VaultKeys> byVault = new ConcurrentHashMap<>();

    @Override
    public void register(VaultContext vault, Routes routes) {
        VaultKeys keys = new VaultKeys(vault.clock());
        byVault.put(vault.name(), keys);
        routes.add("POST", "/keys/{name}/create", "CreateKey",
                r -> Response.ok(keys.create(r.baseUrl(), r.param("name"), r.jsonObject())));
        routes.add("GET", "/keys/{name}", "GetKey", r -> Response.ok(keys.get(r.baseUrl(), r.param("name"), null)));
        routes.add("GET", "/keys/{name}/{version}", "GetKey",
                r -> Response.ok(keys.get(r.baseUrl(), r.param("name"), r.param("version"))));
        routes.add("PATCH", "/keys/{name}", "UpdateKey",
                r -> Response.ok(keys.update(r.baseUrl(), r.param("name"), null, r.jsonObject())));
        routes.add("PATCH", "/keys/{name}/{version}", "UpdateKey",
                r -> Response.ok(keys.update(r.baseUrl(), r.param("name"), r.param("version"), r.jsonObject())));
        routes.add("GET", "/keys", "GetKeys", r -> Paging.page(r, "/keys", keys.latestOfEach(),
                k -> VaultKeys.item(r.baseUrl() + "/keys/" + k.name(), k)));
        routes.add("GET", "/keys/{name}/versions", "GetKeyVersions", r -> {
            var versions = keys.versions(r.param("name"));
            return Paging.page(r, "/keys/" + versions.get(0).name() + "/versions", versions,
                    k -> VaultKeys.item(VaultKeys.kid(r.baseUrl(), k), k));
        });
        routes.add("DELETE", "/keys/{name}", "DeleteKey",
                r -> Response.ok(keys.delete(r.baseUrl(), r.param("name"))));
        routes.add("GET", "/deletedkeys", "GetDeletedKeys", r -> Paging.page(r, "/deletedkeys", keys.deletedKeys(),
                d -> VaultKeys.deletedItem(r.baseUrl(), d)));
        routes.add("GET", "/deletedkeys/{name}", "GetDeletedKey",
                r -> Response.ok(keys.getDeleted(r.baseUrl(), r.param("name"))));
        routes.add("DELETE", "/deletedkeys/{name}", "PurgeDeletedKey", r -> {
            keys.purgeDeleted(r.param("name"));
            return Response.noContent();
        });
        routes.add("POST", "/deletedkeys/{name}/recover", "RecoverDeletedKey",
                r -> Response.ok(keys.recoverDeleted(r.baseUrl(), r.param("name"))));
        routes.add("POST", "/keys/{name}/{version}/sign", "Sign",
                r -> Response.ok(keys.sign(r.baseUrl(), r.param("name"), r.param("version"), r.jsonObject())));
        routes.add("POST", "/keys/{name}/{version}/verify", "Verify",
                r -> Response.ok(keys.verify(r.baseUrl(), r.param("name"), r.param("version"), r.jsonObject())));
        routes.add("POST", "/keys/{name}/{version}/encrypt", "Encrypt", r -> Response.ok(
                keys.encrypt(r.baseUrl(), r.param("name"), r.param("version"), r.jsonObject(), "encrypt")));
        routes.add("POST", "/keys/{name}/{version}/decrypt", "Decrypt", r -> Response.ok(
                keys.decrypt(r.baseUrl(), r.param("name"), r.param("version"), r.jsonObject(), "decrypt")));
        routes.add("POST", "/keys/{name}/{version}/wrapkey", "WrapKey", r -> Response.ok(
                keys.encrypt(r.baseUrl(), r.param("name"), r.param("version"), r.jsonObject(), "wrapKey")));
        routes.add("POST", "/keys/{name}/{version}/unwrapkey", "UnwrapKey", r -> Response.ok(
                keys.decrypt(r.baseUrl(), r.param("name"), r.param("version"), r.jsonObject(), "unwrapKey")));
    }

    /**
     * The keys of a registered vault.
     *
     * @throws IllegalStateException when the vault has not been registered yet (register keys before certificates)
     */
    public VaultKeys keys(String vault) {
        VaultKeys keys = byVault.get(Objects.requireNonNull(vault, "vault"));
        if (keys == null) {
            throw new IllegalStateException("vault '" + vault + "' has no keys yet: register KeysModule before"
                    + " the modules that use it");
        }
        return keys;
    }
}
