package dev.kvconfig.source;

import io.smallrye.config.SecretKeysHandler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code keyvault-key} secret-keys handler: resolves {@code [alias:]name[/version][#pem|#jwk]} to the public part of
 * an RSA or EC key through {@link ItemVaults}: the references found in the configuration when the handler is created
 * are fetched then and refreshed in the background. Thread-safe.
 */
final class KeyReferenceHandler implements SecretKeysHandler, AutoCloseable {

    static final String PEM = "pem";
    static final String JWK = "jwk";
    static final List<String> PARTS = List.of(PEM, JWK);
    static final String FORM = "${keyvault-key::[alias:]name[/version][#pem|#jwk]}, e.g. ${keyvault-key::jwt-signing} "
            + "or ${keyvault-key::payments:jwt-signing/<version>#jwk}";
    private static final String PERMISSION = "'get' on keys (access policy), or a role with "
            + "Microsoft.KeyVault/vaults/keys/read such as Key Vault Crypto User";

    private final ItemVaults vaults;
    private final Map<String, ItemVaults.Items<PublicKeys.PublicPart>> items = new ConcurrentHashMap<>();

    /**
     * Reads the vaults under {@code root} in {@code lookup} on first need, and fetches the key references among
     * {@code rawValues} now, so later reads are served from memory.
     */
    KeyReferenceHandler(SettingsLookup lookup, String root, Iterable<String> rawValues) {
        this.vaults = new ItemVaults(lookup, root);
        ReferenceScan.prefetch(ReferenceScan.references(rawValues, KeyVaultKeyHandlerFactory.NAME, PARTS),
                this::items);
    }

    @Override
    public String getName() {
        return KeyVaultKeyHandlerFactory.NAME;
    }

    /** Releases the vaults' connection pools; a closed handler resolves nothing. Idempotent. */
    @Override
    public void close() {
        vaults.close();
    }

    /**
     * Resolves one reference to PEM (SubjectPublicKeyInfo) or JWK JSON.
     *
     * @throws IllegalArgumentException for a malformed reference, an unknown part or alias, a key that does not exist,
     *     is disabled or is not asymmetric
     * @throws IllegalStateException when the vault cannot be read (including a missing permission)
     */
    @Override
    public String decode(String text) {
        ItemReference ref = ItemReference.parse(KeyVaultKeyHandlerFactory.NAME, text, PARTS, FORM);
        ItemVaults.Vault vault = vaults.vault(ref);
        ItemVaults.Items<PublicKeys.PublicPart> keys = items(ref);
        PublicKeys.PublicPart key;
        try {
            key = keys.get(ref.name(), ref.version());
        } catch (CompletionException e) {
            throw ItemVaults.failure(ref, vault, "key '" + ref.name() + "'", PERMISSION, e);
        }
        return ref.part().equals(JWK) ? key.jwk() : key.pem();
    }

    /** The store of the vault this reference names, created on its first reference. */
    private ItemVaults.Items<PublicKeys.PublicPart> items(ItemReference ref) {
        ItemVaults.Vault vault = vaults.vault(ref);
        // The loader is shared by every reference to this vault: its messages name the key, failure() adds the reference.
        return items.computeIfAbsent(KeyVaultOptions.aliasKey(ref.alias()), alias -> vaults.items(vault, "key",
                (name, version) -> (version == null
                        ? vault.access().keys().getKey(name) : vault.access().keys().getKey(name, version))
                        .map(k -> PublicKeys.of(k.getKey(), "key '" + k.getName() + "' in " + vault.where()))));
    }
}
