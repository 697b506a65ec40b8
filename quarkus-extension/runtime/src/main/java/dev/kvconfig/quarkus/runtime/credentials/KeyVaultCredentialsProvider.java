package dev.kvconfig.quarkus.runtime.credentials;

import dev.kvconfig.quarkus.runtime.config.KeyVaultConfigBuilder;
import dev.kvconfig.source.Credentials;
import dev.kvconfig.source.CredentialsSettings;
import dev.kvconfig.source.CredentialsView;
import dev.kvconfig.source.KeyVaultConfigSource;
import io.quarkus.credentials.CredentialsProvider;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.microprofile.config.Config;

/**
 * The Quarkus {@link CredentialsProvider} named {@value #NAME}: serves the username and password of each
 * {@code quarkus.keyvault.credentials-provider.<name>.*} group to the datasources that name it.
 *
 * <pre>
 * quarkus.datasource.credentials-provider=orders-db
 * quarkus.datasource.credentials-provider-name=keyvault
 * quarkus.keyvault.credentials-provider.orders-db.secret=orders-db-login
 * quarkus.keyvault.credentials-provider.orders-db.format=tagged
 * </pre>
 *
 * <p>Agroal asks it for every new physical connection, the reactive SQL clients for every new connection; both get the
 * {@link CredentialsProvider#USER_PROPERTY_NAME} and {@link CredentialsProvider#PASSWORD_PROPERTY_NAME} entries from the
 * group's {@link CredentialsView}, which follows the vault's snapshot: memory only, never I/O, so a rotated version is
 * used by new connections one refresh after it is written. {@link AgroalPoolFlush} retires an Agroal pool's open
 * connections when the credentials change.
 *
 * <p>The views are built when the application starts, from the vault's loaded snapshot: a group whose secret cannot be
 * read as credentials fails startup with the core's message (the key, the secret, what to write). Asking for a name no
 * group defines fails with a message naming the key to set. Thread-safe.
 */
@Singleton
@Named(KeyVaultCredentialsProvider.NAME)
public class KeyVaultCredentialsProvider implements CredentialsProvider {

    /** The bean name, the value of {@code quarkus.datasource.credentials-provider-name}. */
    public static final String NAME = "keyvault";
    /** Where the groups live, as users write them. */
    static final String GROUP_ROOT = KeyVaultConfigBuilder.ROOT + "credentials-provider.";

    @Inject
    Config config;

    /** The groups of every vault by name, sorted (the core refuses one name under two vaults); unmodifiable. */
    private volatile Map<String, Provided> provided = Map.of();
    private volatile boolean vaultConfigured;

    /** One group: its settings and the live view over its secret. */
    record Provided(CredentialsSettings settings, CredentialsView view) {
    }

    @PostConstruct
    void open() {
        List<KeyVaultConfigSource> sources = KeyVaultConfigSource.of(config);
        Map<String, Provided> built = new TreeMap<>();
        try {
            for (KeyVaultConfigSource source : sources) {
                for (CredentialsSettings settings : source.options().credentialsProviders().values()) {
                    built.put(settings.name(), new Provided(settings, settings.build(sources)));
                }
            }
        } catch (RuntimeException e) {
            built.values().forEach(p -> p.view().close());
            throw e;
        }
        vaultConfigured = !sources.isEmpty();
        provided = Collections.unmodifiableMap(built);
    }

    /** Builds the views at startup, so a group that cannot be served fails startup, not the first connection. */
    void onStart(@Observes StartupEvent start) {
        // the bean is created to deliver the event, which runs open()
    }

    @PreDestroy
    void close() {
        provided.values().forEach(p -> p.view().close());
    }

    /**
     * The current username and password of group {@code credentialsProviderName}, from memory.
     *
     * @throws IllegalArgumentException if no {@code quarkus.keyvault.credentials-provider.<name>.*} group has that name
     *     (the message names the key to set)
     */
    @Override
    public Map<String, String> getCredentials(String credentialsProviderName) {
        Credentials current = find(credentialsProviderName).view().current();
        return new Login(current.username(), current.password());
    }

    /** The same, already completed: there is nothing to wait for, so no worker thread is taken. */
    @Override
    public Uni<Map<String, String>> getCredentialsAsync(String credentialsProviderName) {
        return Uni.createFrom().item(() -> getCredentials(credentialsProviderName));
    }

    /** The group of this name, if one is configured. */
    Optional<Provided> provided(String name) {
        return Optional.ofNullable(provided.get(name));
    }

    Provided find(String name) {
        Provided p = provided.get(name);
        if (p == null) {
            throw new IllegalArgumentException(notConfigured(name));
        }
        return p;
    }

    /** Why {@code name} is not served and what to set: the one wording of it. */
    String notConfigured(String name) {
        String key = GROUP_ROOT + name + ".secret";
        if (!vaultConfigured) {
            return "kvconfig: credentials provider " + name + " is not served: Azure Key Vault is not configured; set "
                    + KeyVaultConfigBuilder.ROOT + "url and " + key + " (the secret holding the credentials)";
        }
        return "kvconfig: no credentials provider named " + name + "; set " + key + " to the secret holding its "
                + "credentials" + (provided.isEmpty() ? "" : " (configured: " + String.join(", ", provided.keySet()) + ")");
    }

    /**
     * The map Quarkus reads. Its {@code toString()}, and those of its views ({@code entrySet()}, {@code values()}) and
     * entries, show the user, never the password.
     */
    static final class Login extends AbstractMap<String, String> {
        private static final String MASK = "****";
        private final List<Map.Entry<String, String>> entries;

        Login(String user, String password) {
            this.entries = List.of(new Entry(USER_PROPERTY_NAME, user, user),
                    new Entry(PASSWORD_PROPERTY_NAME, password, MASK));
        }

        @Override
        public Set<Map.Entry<String, String>> entrySet() {
            return new java.util.AbstractSet<>() {
                @Override
                public java.util.Iterator<Map.Entry<String, String>> iterator() {
                    return entries.iterator();
                }

                @Override
                public int size() {
                    return entries.size();
                }

                @Override
                public String toString() {
                    return entries.toString();
                }
            };
        }

        @Override
        public java.util.Collection<String> values() {
            return new java.util.AbstractCollection<>() {
                @Override
                public java.util.Iterator<String> iterator() {
                    return entries.stream().map(Map.Entry::getValue).iterator();
                }

                @Override
                public int size() {
                    return entries.size();
                }

                @Override
                public String toString() {
                    return entries.stream().map(e -> ((Entry) e).shown).toList().toString();
                }
            };
        }

        @Override
        public String toString() {
            return "{" + USER_PROPERTY_NAME + "=" + get(USER_PROPERTY_NAME) + ", " + PASSWORD_PROPERTY_NAME + "=" + MASK
                    + "}";
        }

        /** An immutable entry whose {@code toString()} shows {@code shown} instead of the value. */
        private static final class Entry extends AbstractMap.SimpleImmutableEntry<String, String> {
            private final String shown;

            Entry(String key, String value, String shown) {
                super(key, value);
                this.shown = shown;
            }

            @Override
            public String toString() {
                return getKey() + "=" + shown;
            }
        }
    }
}
