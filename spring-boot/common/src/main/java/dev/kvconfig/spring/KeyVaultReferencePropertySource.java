package dev.kvconfig.spring;

import dev.kvconfig.source.KeyVaultCertificateHandlerFactory;
import dev.kvconfig.source.KeyVaultKeyHandlerFactory;
import dev.kvconfig.source.KeyVaultSecretKeysHandlerFactory;
import dev.kvconfig.source.SettingsLookup;
import io.smallrye.config.SecretKeysHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Serves Key Vault references in any property value: {@code ${keyvault::[alias:]name[/version]}},
 * {@code ${keyvault-key::[alias:]name[/version][#pem|#jwk]}} and {@code ${keyvault-cert::[alias:]name[/version][#part]}},
 * e.g. {@code spring.datasource.password=${keyvault::db-password}}. Spring resolves a placeholder by its whole text
 * ({@code keyvault::db-password}) before splitting off a {@code :default}, so this source answers exactly those names; any
 * other name is a prefix check and {@code null}.
 *
 * <p>The core's handlers do the work: settings ({@code keyvault.*}) are read from the environment. {@link #prefetch()},
 * called once config data is processed, hands each handler whose kind appears in the environment's raw values (its
 * enumerable property sources, before placeholders are resolved) those values, and the handler fetches the references
 * then, so no read after startup waits on the vault; values are held, latest versions refreshed in the background after
 * {@code refresh.interval}, pinned versions fetched once. A reference that appears only later (a property source added
 * at run time) is fetched on its first read. References need no {@code keyvault:} import. A malformed reference, an unknown alias or
 * a missing item fails the lookup with the core's message naming the reference.
 *
 * <p>Lists no names: it cannot enumerate what might be referenced, and listing none keeps Boot's binder from treating
 * it as a source of every possible key. Thread-safe; {@link #close()} releases the handlers' connection pools.
 */
final class KeyVaultReferencePropertySource extends EnumerablePropertySource<Object> implements AutoCloseable {

    static final String NAME = "keyvault-references";
    private static final String[] NO_NAMES = new String[0];
    /** The core's handlers by name, each made over a lookup of the environment's {@code keyvault.*} settings. */
    private static final Map<String, BiFunction<SettingsLookup, Iterable<String>, SecretKeysHandler>> KINDS = Map.of(
            KeyVaultSecretKeysHandlerFactory.NAME, new KeyVaultSecretKeysHandlerFactory()::getSecretKeysHandler,
            KeyVaultKeyHandlerFactory.NAME, new KeyVaultKeyHandlerFactory()::getSecretKeysHandler,
            KeyVaultCertificateHandlerFactory.NAME, new KeyVaultCertificateHandlerFactory()::getSecretKeysHandler);

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
        if (!KINDS.containsKey(kind)) {
            return null;
        }
        // Escaped like a vault's values: Spring resolves placeholders in what a placeholder resolves to.
        return KeyVaultPropertySource.escaped(handler(kind).decode(name.substring(separator + 2)));
    }

    /**
     * Creates the handler of every kind of reference the environment's raw values hold; each fetches its references
     * now, within {@code keyvault.startup-timeout}. Sends nothing when no value holds a reference. A reference that
     * cannot be fetched now is reported on its first read.
     */
    void prefetch() {
        List<String> raw = rawValues();
        for (String kind : KINDS.keySet()) {
            if (raw.stream().anyMatch(v -> v.contains("${" + kind + "::"))) {
                handler(kind);
            }
        }
    }

    /**
     * Resolves every property whose raw value holds a reference, for an application with no vault configured: the first
     * that fails stops startup, named, with the core's message (which says which key to set).
     *
     * @throws KeyVaultConfigException naming the property
     */
    void requireNoReference() {
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> enumerable && !(source instanceof KeyVaultPropertySource)
                    && source != this) {
                for (String name : enumerable.getPropertyNames()) {
                    if (enumerable.getProperty(name) instanceof CharSequence text && holdsReference(text.toString())) {
                        try {
                            environment.getProperty(name);
                        } catch (RuntimeException e) {
                            throw new KeyVaultConfigException(name + ": " + coreMessage(e), "Configure the vault the "
                                    + "reference names, or remove the reference from " + name, e);
                        }
                    }
                }
            }
        }
    }

    private static boolean holdsReference(String value) {
        return KINDS.keySet().stream().anyMatch(kind -> value.contains("${" + kind + "::"));
    }

    /** The core handler's message, under whatever Spring's placeholder resolution wrapped it in. */
    private static String coreMessage(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().startsWith("Key Vault reference")) {
                return t.getMessage();
            }
        }
        return e.getMessage();
    }

    private SecretKeysHandler handler(String kind) {
        if (closed) {
            throw new IllegalStateException("the Key Vault references of this application are closed with its context");
        }
        return handlers.computeIfAbsent(kind,
                k -> KINDS.get(k).apply(BinderLookup.of(Binder.get(environment)), rawValues()));
    }

    /**
     * The values of the environment's enumerable property sources that may hold a reference, unresolved. The vaults'
     * own sources are skipped: their values are secrets, and a secret's text is never read as a reference.
     */
    private List<String> rawValues() {
        List<String> values = new ArrayList<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> enumerable && !(source instanceof KeyVaultPropertySource)
                    && source != this) {
                for (String name : enumerable.getPropertyNames()) {
                    if (enumerable.getProperty(name) instanceof CharSequence text && text.toString().contains("::")) {
                        values.add(text.toString());
                    }
                }
            }
        }
        return values;
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
