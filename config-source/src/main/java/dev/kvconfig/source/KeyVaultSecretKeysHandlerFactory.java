package dev.kvconfig.source;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.SecretKeysHandler;
import io.smallrye.config.SecretKeysHandlerFactory;

/**
 * SmallRye entry point for references, registered in {@code META-INF/services/io.smallrye.config.SecretKeysHandlerFactory}:
 * the handler named {@value #NAME} resolves {@code ${keyvault::[alias:]name[/version]}} in any config value, e.g.
 * {@code db.url=jdbc:postgresql://db/app?password=${keyvault::db-password}} or
 * {@code payments.key=${keyvault::payments:api-key/0f3c…}}.
 *
 * <p>Vaults are those of the {@code keyvault.*} settings ({@code keyvault.url} without alias,
 * {@code keyvault.vaults.<alias>.url} by alias), read from the same lower-ordinal sources as the config source. Values are
 * fetched lazily, on first use, and cached with Caffeine: latest versions are refreshed in the background after
 * {@code keyvault.refresh.interval} and expire after {@code keyvault.refresh.max-staleness}; pinned versions are fetched
 * once and never again. Each config build gets its own handler, caches and connections. The handler is
 * {@link AutoCloseable}: an adapter that owns it closes it to release the connection pools (SmallRye never closes
 * handlers; idle connections then close after 50 s).
 */
public final class KeyVaultSecretKeysHandlerFactory implements SecretKeysHandlerFactory {

    /** The handler name used in expressions: {@code ${keyvault::…}}. */
    public static final String NAME = "keyvault";

    private final String root;

    /** The factory ServiceLoader creates: the vaults are those of the {@code keyvault.*} settings. */
    public KeyVaultSecretKeysHandlerFactory() {
        this.root = KeyVaultOptions.DEFAULT_KEY_ROOT;
    }

    /**
     * For an adapter whose users write the settings under their own root, e.g. {@code quarkus.keyvault.}: the vaults are
     * read there, and messages name the keys there.
     *
     * @throws IllegalArgumentException if {@code root} is blank or does not end with {@code .}
     */
    public KeyVaultSecretKeysHandlerFactory(String root) {
        this.root = SettingsReader.requireRoot(root);
    }

    /** Creates the handler; reads no setting and sends no request until the first reference is resolved. */
    @Override
    public SecretKeysHandler getSecretKeysHandler(ConfigSourceContext context) {
        return new ReferenceHandler(KeyVaultConfigSourceFactory.lookup(context), root);
    }

    /**
     * The handler over an adapter's own configuration, read under this factory's root on the first reference. It is
     * {@link AutoCloseable}: the adapter closes it to release its connection pools.
     */
    public SecretKeysHandler getSecretKeysHandler(SettingsLookup lookup) {
        return new ReferenceHandler(java.util.Objects.requireNonNull(lookup, "lookup"), root);
    }

    @Override
    public String getName() {
        return NAME;
    }
}
