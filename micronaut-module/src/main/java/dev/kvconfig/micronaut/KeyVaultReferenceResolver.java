package dev.kvconfig.micronaut;

import dev.kvconfig.source.KeyVaultCertificateHandlerFactory;
import dev.kvconfig.source.KeyVaultKeyHandlerFactory;
import dev.kvconfig.source.KeyVaultSecretKeysHandlerFactory;
import dev.kvconfig.source.SettingsLookup;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertyExpressionResolver;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.convert.ConversionService;
import io.micronaut.core.value.PropertyResolver;
import io.smallrye.config.SecretKeysHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * <p>The core's secret-keys handlers ({@code keyvault}, {@code keyvault-key}, {@code keyvault-cert}) do the work. The
 * first placeholder of a kind creates its handler and hands it every placeholder of that kind written in the
 * environment's property sources (translated to the core's form), which it fetches together then; values are held,
 * latest versions refreshed in the background after {@code keyvault.refresh.interval}, pinned versions fetched once. Works without the configuration client; the {@code keyvault.*} settings are read from the
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
    private record Kind(String prefix, String coreName,
            BiFunction<SettingsLookup, Iterable<String>, SecretKeysHandler> handler) {
    }

    /** A placeholder of ours in a raw value: the prefix and the reference, up to a {@code :default} or the end. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(" + Pattern.quote(PREFIX) + "|"
            + Pattern.quote(KEY_PREFIX) + "|" + Pattern.quote(CERTIFICATE_PREFIX) + ")([^}:]*)");

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
        String coreForm = coreForm(expression.substring(kind.prefix().length()));
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

    /** {@code alias.name[/version][#part]} as the core writes it, {@code alias:name[/version][#part]}. */
    private static String coreForm(String reference) {
        int dot = reference.indexOf('.');
        return dot < 0 ? reference : reference.substring(0, dot) + ":" + reference.substring(dot + 1);
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
                name -> kind.handler().apply(EnvironmentLookup.of(propertyResolver), references(propertyResolver)));
    }

    /**
     * Our placeholders in the raw values of the environment's property sources, in the core's form
     * ({@code ${keyvault::pay:api-key}}), for the handlers to fetch when created. The vaults' own sources are skipped:
     * their values are secrets. Empty for a resolver that is not an environment.
     */
    private static List<String> references(PropertyResolver resolver) {
        List<String> found = new ArrayList<>();
        if (resolver instanceof Environment environment) {
            for (PropertySource source : environment.getPropertySources()) {
                if (source instanceof KeyVaultPropertySource) {
                    continue;
                }
                for (String name : source) {
                    if (source.get(name) instanceof CharSequence text) {
                        Matcher m = PLACEHOLDER.matcher(text);
                        while (m.find()) {
                            Kind kind = kindOf(m.group(1));
                            found.add("${" + kind.coreName() + "::" + coreForm(m.group(2)) + "}");
                        }
                    }
                }
            }
        }
        return found;
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
