package dev.kvconfig.spring;

import dev.kvconfig.source.KeyVaultCertificateHandlerFactory;
import dev.kvconfig.source.KeyVaultKeyHandlerFactory;
import dev.kvconfig.source.KeyVaultSecretKeysHandlerFactory;
import io.smallrye.config.SecretKeysHandler;
import io.smallrye.config.SecretKeysHandlerFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;

/**
 * Serves Key Vault references in any property value: {@code ${keyvault::[alias:]name[/version]}},
 * {@code ${keyvault-key::[alias:]name[/version][#pem|#jwk]}} and {@code ${keyvault-cert::[alias:]name[/version][#part]}},
 * e.g. {@code spring.datasource.password=${keyvault::db-password}}. Spring resolves a placeholder by its whole text
 * ({@code keyvault::db-password}) before splitting off a {@code :default}, so this source answers exactly those names; any
 * other name is a prefix check and {@code null}.
 *
 * <p>The core's handlers do the work: settings ({@code keyvault.*}) are read from the environment on the first
 * reference; items are fetched on first use and cached (latest versions refreshed after {@code refresh.interval},
 * pinned versions fetched once). References need no {@code keyvault:} import. A malformed reference, an unknown alias or
 * a missing item fails the lookup with the core's message naming the reference.
 *
 * <p>Lists no names: it cannot enumerate what might be referenced, and listing none keeps Boot's binder from treating
 * it as a source of every possible key. Thread-safe; {@link #close()} releases the handlers' connection pools.
 */
final class KeyVaultReferencePropertySource extends EnumerablePropertySource<Object> implements AutoCloseable {

    static final String NAME = "keyvault-references";
    private static final String[] NO_NAMES = new String[0];
    private static final List<SecretKeysHandlerFactory> KINDS = List.of(new KeyVaultSecretKeysHandlerFactory(),
            new KeyVaultKeyHandlerFactory(), new KeyVaultCertificateHandlerFactory());

    private final ConfigurableEnvironment environment;
    /** By handler name, created on the first reference of that kind. */
    private final Map<String, SecretKeysHandler> handlers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    KeyVaultReferencePropertySource(ConfigurableEnvironment environment) {
        super(NAME, new Object());
        this.environment = environment;
    }

    @Override
    public Object getProperty(String name) {
        int separator = name.indexOf("::");
        if (separator < 0) {
            return null;
        }
        String kind = name.substring(0, separator);
        for (SecretKeysHandlerFactory factory : KINDS) {
            if (factory.getName().equals(kind)) {
                // Escaped like a vault's values: Spring resolves placeholders in what a placeholder resolves to.
                return KeyVaultPropertySource.escaped(handler(factory).decode(name.substring(separator + 2)));
            }
        }
        return null;
    }

    private SecretKeysHandler handler(SecretKeysHandlerFactory factory) {
        if (closed) {
            throw new IllegalStateException("the Key Vault references of this application are closed with its context");
        }
        return handlers.computeIfAbsent(factory.getName(),
                name -> factory.getSecretKeysHandler(CoreSettings.bind(Binder.get(environment))));
    }

    @Override
    public boolean containsProperty(String name) {
        return false;
    }

    @Override
    public String[] getPropertyNames() {
        return NO_NAMES;
    }

    /** Releases the connection pools the references used. Idempotent. */
    @Override
    public void close() {
        closed = true;
        for (SecretKeysHandler h : handlers.values()) {
            if (h instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    // The core's handlers close connection pools and throw nothing checked.
                    throw new IllegalStateException(e);
                }
            }
        }
    }
}
