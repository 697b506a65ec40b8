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
 * {@code keyvault.vaults.<alias>.url} by alias), read from the same lower-ordinal sources as the config source. The
 * references found in the configuration when the handler is created are fetched then; a reference first read later is
 * fetched on the reading thread at that read. Either way the value is then held (never expired) and a latest version
 * is fetched again in the background on a read more than {@code keyvault.refresh.interval} after its fetch; pinned
 * versions are fetched once. Each config build gets its own handler, values and connections. The handler is
 * {@link AutoCloseable}: an adapter that owns it closes it to release the connection pools (SmallRye never closes
 * handlers; idle connections then close after 50 s, and the handler has no thread).
 */
public final class KeyVaultSecretKeysHandlerFactory implements SecretKeysHandlerFactory {

    /** The handler name used in expressions: {@code ${keyvault::…}}. */
    public static final String NAME = "keyvault";

    /**
     * Creates the handler and fetches the {@code ${keyvault::…}} references the context's configuration holds; with
     * none, it reads no setting and sends no request until a reference is resolved.
     */
    @Override
    public SecretKeysHandler getSecretKeysHandler(ConfigSourceContext context) {
        return new ReferenceHandler(context);
    }

    @Override
    public String getName() {
        return NAME;
    }
}
