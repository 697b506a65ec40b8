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

    /** Creates the handler; reads no setting and sends no request until the first reference is resolved. */
    @Override
    public SecretKeysHandler getSecretKeysHandler(ConfigSourceContext context) {
        return new ReferenceHandler(context);
    }

    @Override
    public String getName() {
        return NAME;
    }
}
