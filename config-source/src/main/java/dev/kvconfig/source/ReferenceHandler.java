package dev.kvconfig.source;

import io.smallrye.config.SecretKeysHandler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code keyvault} secret-keys handler: resolves {@code [alias:]name[/version]} to a secret's value through
 * {@link ItemVaults}, the design the key and certificate handlers share: the references found in the configuration
 * when the handler is created are fetched then and refreshed in the background, so reading one never waits on the
 * network. Thread-safe.
 *
 * <p>{@link #close()} releases the per-vault connection pools; an adapter that owns the handler calls it (SmallRye never
 * does: idle connections close after 50 s, and the handler has no thread of its own). A closed handler resolves
 * nothing.
 */
final class ReferenceHandler implements SecretKeysHandler, AutoCloseable {

    /** The {@link KeyVaultOptions#aliasKey} of the main vault: no alias, or {@code default}. */
    static final String MAIN = "";
    static final String FORM = "${keyvault::[alias:]name[/version]}, e.g. ${keyvault::db-password} or "
            + "${keyvault::payments:api-key/<version>}";
    static final String PERMISSION = "'get' on secrets (access policy), or a role with "
            + "Microsoft.KeyVault/vaults/secrets/getSecret/action such as Key Vault Secrets User";

    private final ItemVaults vaults;
    private final Map<String, ItemVaults.Items<String>> items = new ConcurrentHashMap<>();

    /**
     * Reads the vaults under {@code root} in {@code lookup} on first need, and fetches the {@code ${keyvault::…}}
     * references among {@code rawValues} now, so later reads are served from memory.
     */
    ReferenceHandler(SettingsLookup lookup, String root, Iterable<String> rawValues) {
        this.vaults = new ItemVaults(lookup, root);
        ReferenceScan.prefetch(ReferenceScan.references(rawValues, KeyVaultSecretKeysHandlerFactory.NAME, List.of()),
                this::items);
    }

    @Override
    public String getName() {
        return KeyVaultSecretKeysHandlerFactory.NAME;
    }

    /**
     * Resolves one reference: from memory when it was fetched before (at startup, or by an earlier read); otherwise
     * fetched now, on the calling thread, and held from then on.
     *
     * @throws IllegalArgumentException for a malformed reference, an unknown alias or a secret that does not exist or
     *     is disabled
     * @throws IllegalStateException when the vault cannot be read (a missing permission names what to grant)
     */
    @Override
    public String decode(String reference) {
        ItemReference ref = ItemReference.parse(KeyVaultSecretKeysHandlerFactory.NAME, reference, List.of(), FORM);
        ItemVaults.Items<String> secrets = items(ref);
        try {
            return secrets.get(ref.name(), ref.version());
        } catch (CompletionException e) {
            throw ItemVaults.failure(ref, vaults.vault(ref), "the secret", PERMISSION, e);
        }
    }

    /** The store of the vault this reference names, created on its first reference. */
    private ItemVaults.Items<String> items(ItemReference ref) {
        ItemVaults.Vault vault = vaults.vault(ref);
        return items.computeIfAbsent(KeyVaultOptions.aliasKey(ref.alias()), alias -> vaults.items(vault, "secret",
                (name, version) -> vault.access().getSecret(name, version)
                        .map(s -> s.getValue() == null ? "" : s.getValue())));
    }

    /** Releases every vault's connection pool. Idempotent. */
    @Override
    public void close() {
        vaults.close();
    }
}
