package dev.kvconfig.micronaut;

import dev.kvconfig.source.KeyVaultCertificateHandlerFactory;
import dev.kvconfig.source.KeyVaultKeyHandlerFactory;
import dev.kvconfig.source.KeyVaultSecretKeysHandlerFactory;
import dev.kvconfig.source.SettingsLookup;
import io.micronaut.context.env.PropertyExpressionResolver;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.convert.ConversionService;
import io.micronaut.core.value.PropertyResolver;
import io.smallrye.config.SecretKeysHandler;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Resolves Key Vault references in Micronaut placeholders, registered in
 * {@code META-INF/services/io.micronaut.context.env.PropertyExpressionResolver}:
 * <pre>
 * ${keyvault.ref.db-password}                 a secret: latest version, main vault (keyvault.url)
 * ${keyvault.ref.db-password/0f3c…}           a pinned version
 * ${keyvault.ref.payments.api-key}            vault alias payments (keyvault.vaults.payments.url)
 * ${keyvault.key-ref.jwt-signing}             the public part of a key, PEM (#jwk for a JSON Web Key)
 * ${keyvault.cert-ref.web#thumbprint}         certificate metadata or PEM (#pem, #chain, #subject, #expires-on, …)
 * </pre>
 * Item names hold no dots, so a dot after the prefix separates the alias. (Micronaut reads {@code :} in a placeholder as
 * the start of a default value, hence not the core's {@code ${keyvault::alias:name}} form.)
 *
 * <p>The core's secret-keys handlers ({@code keyvault}, {@code keyvault-key}, {@code keyvault-cert}) do the work: items
 * are fetched on first use and cached (latest versions refreshed after {@code keyvault.refresh.interval}, pinned
 * versions fetched once). Works without the configuration client; the {@code keyvault.*} settings are read from the
 * environment that resolves the placeholder. A malformed reference, an unknown alias or part, a missing or disabled
 * item or an unreachable vault fails with a {@link ConfigurationException} naming the placeholder (a {@code :default}
 * does not apply to these failures).
 *
 * <p>Micronaut creates one instance per environment and closes it with the environment, which releases the handlers'
 * connection pools; thread-safe.
 */
public final class KeyVaultReferenceResolver implements PropertyExpressionResolver, AutoCloseable {

    /** The placeholder prefix of secrets. */
    public static final String PREFIX = "keyvault.ref.";
    /** The placeholder prefix of keys (public part). */
    public static final String KEY_PREFIX = "keyvault.key-ref.";
    /** The placeholder prefix of certificates (public parts and metadata). */
    public static final String CERTIFICATE_PREFIX = "keyvault.cert-ref.";

    /** One kind of reference: its placeholder prefix, the core handler's name and how to make it over a lookup. */
    private record Kind(String prefix, String coreName, Function<SettingsLookup, SecretKeysHandler> handler) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind(PREFIX, KeyVaultSecretKeysHandlerFactory.NAME,
                    new KeyVaultSecretKeysHandlerFactory()::getSecretKeysHandler),
            new Kind(KEY_PREFIX, KeyVaultKeyHandlerFactory.NAME, new KeyVaultKeyHandlerFactory()::getSecretKeysHandler),
            new Kind(CERTIFICATE_PREFIX, KeyVaultCertificateHandlerFactory.NAME,
                    new KeyVaultCertificateHandlerFactory()::getSecretKeysHandler));

    /** By core handler name, created on the first reference of that kind. */
    private final Map<String, SecretKeysHandler> handlers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    @Override
    public <T> Optional<T> resolve(PropertyResolver propertyResolver, ConversionService conversionService,
            String expression, Class<T> requiredType) {
        Kind kind = kindOf(expression);
        if (kind == null) {
            return Optional.empty();
        }
        String reference = expression.substring(kind.prefix().length());
        int dot = reference.indexOf('.');
        // alias.name[/version][#part] -> the core's alias:name[/version][#part]
        String coreForm = dot < 0 ? reference : reference.substring(0, dot) + ":" + reference.substring(dot + 1);
        String value;
        try {
            value = handler(kind, propertyResolver).decode(coreForm);
        } catch (IllegalArgumentException | IllegalStateException e) {
            String core = "${" + kind.coreName() + "::";
            throw new ConfigurationException("${" + expression + "}: " + String.valueOf(e.getMessage())
                    .replace(core + coreForm + "}", "${" + expression + "}")
                    .replace(core + "[alias:]", "${" + kind.prefix() + "[alias.]"), e);
        }
        return Optional.of(conversionService.convertRequired(value, requiredType));
    }

    private static Kind kindOf(String expression) {
        for (Kind kind : KINDS) {
            if (expression.startsWith(kind.prefix())) {
                return kind;
            }
        }
        return null;
    }

    private SecretKeysHandler handler(Kind kind, PropertyResolver propertyResolver) {
        if (closed) {
            throw new IllegalStateException("the Key Vault reference resolver is closed with its environment");
        }
        return handlers.computeIfAbsent(kind.coreName(),
                name -> kind.handler().apply(EnvironmentLookup.of(propertyResolver)));
    }

    /** Releases the connection pools the references used; called by Micronaut when the environment closes. */
    @Override
    public void close() throws Exception {
        closed = true;
        for (SecretKeysHandler h : handlers.values()) {
            if (h instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }
}
