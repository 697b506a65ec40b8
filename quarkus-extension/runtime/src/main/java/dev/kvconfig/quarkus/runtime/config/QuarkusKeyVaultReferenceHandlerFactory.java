package dev.kvconfig.quarkus.runtime.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.SecretKeysHandler;
import io.smallrye.config.SecretKeysHandlerFactory;

/**
 * A core reference handler ({@code ${keyvault::…}}, {@code ${keyvault-key::…}}, {@code ${keyvault-cert::…}}) reading its
 * vaults from {@code quarkus.keyvault.*}. Registered after the discovered services, so each replaces the core's handler of
 * the same name, which would read plain {@code keyvault.*}.
 */
final class QuarkusKeyVaultReferenceHandlerFactory implements SecretKeysHandlerFactory {

    private final SecretKeysHandlerFactory core;

    QuarkusKeyVaultReferenceHandlerFactory(SecretKeysHandlerFactory core) {
        this.core = core;
    }

    @Override
    public SecretKeysHandler getSecretKeysHandler(ConfigSourceContext context) {
        SecretKeysHandler handler = core.getSecretKeysHandler(CoreSettings.coreContext(context));
        return new SecretKeysHandler() {
            @Override
            public String decode(String secret) {
                try {
                    return handler.decode(secret);
                } catch (IllegalArgumentException | IllegalStateException e) {
                    throw CoreSettings.inQuarkusTerms(e);
                }
            }

            @Override
            public String getName() {
                return handler.getName();
            }
        };
    }

    @Override
    public String getName() {
        return core.getName();
    }
}
