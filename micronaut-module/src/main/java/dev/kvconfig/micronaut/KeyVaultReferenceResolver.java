package dev.kvconfig.micronaut;

import dev.kvconfig.source.KeyVaultSecretKeysHandlerFactory;
import io.micronaut.context.env.PropertyExpressionResolver;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.convert.ConversionService;
import io.micronaut.core.value.PropertyResolver;
import io.smallrye.config.SecretKeysHandler;
import java.util.Optional;

/**
 * Resolves Key Vault references in Micronaut placeholders, registered in
 * {@code META-INF/services/io.micronaut.context.env.PropertyExpressionResolver}:
 * <pre>
 * ${keyvault.ref.db-password}                 latest version, main vault (keyvault.url)
 * ${keyvault.ref.db-password/0f3c…}           a pinned version
 * ${keyvault.ref.payments.api-key}            vault alias payments (keyvault.vaults.payments.url)
 * ${keyvault.ref.payments.api-key/0f3c…}
 * </pre>
 * Secret names hold no dots, so a dot after {@code keyvault.ref.} separates the alias. (Micronaut reads {@code :} in a
 * placeholder as the start of a default value, hence not the core's {@code ${keyvault::alias:name}} form.)
 *
 * <p>The core's {@code keyvault} secret-keys handler does the work: values are fetched on first use and cached (latest
 * versions refreshed after {@code keyvault.refresh.interval}, pinned versions fetched once). Works without the
 * configuration client; the {@code keyvault.*} settings are read from the environment that resolves the placeholder. A
 * malformed reference, an unknown alias, a missing or disabled secret or an unreachable vault fails with a
 * {@link ConfigurationException} naming the reference (a {@code :default} does not apply to these failures).
 *
 * <p>Micronaut creates one instance per environment and closes it with the environment, which releases the handler's
 * connection pools; thread-safe.
 */
public final class KeyVaultReferenceResolver implements PropertyExpressionResolver, AutoCloseable {

    /** The placeholder prefix. */
    public static final String PREFIX = "keyvault.ref.";

    private volatile SecretKeysHandler handler;

    @Override
    public <T> Optional<T> resolve(PropertyResolver propertyResolver, ConversionService conversionService,
            String expression, Class<T> requiredType) {
        if (!expression.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String reference = expression.substring(PREFIX.length());
        int dot = reference.indexOf('.');
        // alias.name[/version] -> the core's alias:name[/version]
        String coreForm = dot < 0 ? reference : reference.substring(0, dot) + ":" + reference.substring(dot + 1);
        String value;
        try {
            value = handler(propertyResolver).decode(coreForm);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ConfigurationException("${" + expression + "}: " + e.getMessage()
                    .replace("${keyvault::" + coreForm + "}", "${" + expression + "}")
                    .replace("${keyvault::[alias:]name[/version]}", "${keyvault.ref.[alias.]name[/version]}"), e);
        }
        return Optional.of(conversionService.convertRequired(value, requiredType));
    }

    /** Releases the connection pools the references used; called by Micronaut when the environment closes. */
    @Override
    public void close() throws Exception {
        SecretKeysHandler h;
        synchronized (this) {
            h = handler;
            handler = null;
        }
        if (h instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    private SecretKeysHandler handler(PropertyResolver propertyResolver) {
        SecretKeysHandler h = handler;
        if (h == null) {
            synchronized (this) {
                h = handler;
                if (h == null) {
                    h = new KeyVaultSecretKeysHandlerFactory().getSecretKeysHandler(
                            new EnvironmentSettings(propertyResolver));
                    handler = h;
                }
            }
        }
        return h;
    }
}
