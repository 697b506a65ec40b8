package dev.kvconfig.source;

import io.smallrye.config.SecretKeysHandler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code keyvault-key} secret-keys handler: resolves {@code [alias:]name[/version][#pem|#jwk]} to the public part of
 * an RSA or EC key, through one cache per vault. Settings are read on the first reference. Thread-safe.
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

    KeyReferenceHandler(SettingsLookup lookup, String root) {
        this.vaults = new ItemVaults(lookup, root);
    }

    @Override
    public String getName() {
        return KeyVaultKeyHandlerFactory.NAME;
    }

    /** Releases the connection pools of the vaults used so far; a closed handler resolves nothing. Idempotent. */
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
        // The loader is shared by every reference to this vault: its messages name the key, failure() adds the reference.
        ItemVaults.Items<PublicKeys.PublicPart> keys = items.computeIfAbsent(ref.alias(),
                alias -> new ItemVaults.Items<>(vault.options(), (name, version) -> (version == null
                        ? vault.access().keys().getKey(name) : vault.access().keys().getKey(name, version))
                        .map(k -> PublicKeys.of(k.getKey(), "key '" + k.getName() + "' in " + vault.where()))));
        PublicKeys.PublicPart key;
        try {
            key = keys.get(ref.name(), ref.version());
        } catch (CompletionException e) {
            throw ItemVaults.failure(ref, vault, "key '" + ref.name() + "'", PERMISSION, e);
        }
        return ref.part().equals(JWK) ? key.jwk() : key.pem();
    }
}
