package dev.kvconfig.micronaut;

import dev.kvconfig.source.KeyVaultConfigSource;
import dev.kvconfig.source.SecretsChangeEvent;
import dev.kvconfig.source.SecretsChangeListener;
import dev.kvconfig.source.VaultStatus;
import dev.kvconfig.source.naming.NameMapping;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.core.order.OrderUtil;
import io.micronaut.core.util.StringUtils;
import io.micronaut.discovery.config.ConfigurationClient;
import io.micronaut.runtime.context.scope.refresh.RefreshEvent;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vaults of the running application and their live refresh. Callers: applications (status, {@link #refreshNow()}),
 * the health indicator and the metrics binder of this module.
 *
 * <p>When a vault's background refresh sees changes, this bean, on the vault's refresher thread: (1) writes the changed
 * keys into the {@link Environment}, with the value precedence says it must serve (an environment variable or system
 * property for the same key still wins; a deleted secret falls back to a lower source such as {@code application.yml});
 * then (2) publishes one {@link RefreshEvent} whose keys are exactly the changed properties, in every spelling the vault
 * serves them ({@code app.api.key}, {@code app.api-key}, …), so {@code @Refreshable} beans are dropped and
 * {@code @ConfigurationProperties} beans re-bound. Nothing is published when a refresh changes nothing. The event's
 * values are {@value #MASK}, never secret values. The credentials keys of a datasource whose pool this module keeps
 * current ({@code datasources.<name>.password}, see {@code DatasourceRotation}) are left out of the event: the pool
 * follows the vault itself, and micronaut-sql's own listener would otherwise apply the raw value, even one the
 * credentials view refused.
 *
 * <p>Thread-safe. Closing the application context closes the vaults (stops their refresher threads).
 */
@Context
@Requires(property = ConfigurationClient.ENABLED, value = StringUtils.TRUE, defaultValue = StringUtils.FALSE)
public final class KeyVaultSources implements AutoCloseable {

    /** The value of every entry of a published {@link RefreshEvent}. */
    public static final String MASK = "***";
    private static final Logger LOG = LoggerFactory.getLogger(KeyVaultSources.class);

    private final Environment environment;
    private final ApplicationEventPublisher<RefreshEvent> publisher;
    private final List<KeyVaultPropertySource> vaults;
    private final Map<KeyVaultPropertySource, SecretsChangeListener> listeners = new LinkedHashMap<>();
    /** Lookup keys ({@link NameMapping#lookupKey}) kept out of published events: pools follow them themselves. */
    private final Set<String> followedElsewhere = ConcurrentHashMap.newKeySet();

    KeyVaultSources(Environment environment, ApplicationEventPublisher<RefreshEvent> publisher) {
        this.environment = environment;
        this.publisher = publisher;
        List<KeyVaultPropertySource> found = new ArrayList<>();
        for (PropertySource source : environment.getPropertySources()) {
            if (source instanceof KeyVaultPropertySource vault) {
                found.add(vault);
            }
        }
        // The environment keeps property sources in a hash map: restore the core's order, main vault then aliases by name.
        found.sort(Comparator.comparing((KeyVaultPropertySource v) -> v.source().options().alias().isPresent())
                .thenComparing(v -> v.source().alias()));
        this.vaults = List.copyOf(found);
        for (KeyVaultPropertySource vault : vaults) {
            SecretsChangeListener listener = event -> onChange(vault, event);
            listeners.put(vault, listener);
            vault.source().addChangeListener(listener);
        }
    }

    /** The vault sources, main vault first, then aliases by name; empty when no vault is configured. */
    public List<KeyVaultConfigSource> sources() {
        return vaults.stream().map(KeyVaultPropertySource::source).toList();
    }

    /** The source of a vault alias ({@code default} for {@code keyvault.url}). */
    public Optional<KeyVaultConfigSource> source(String alias) {
        return sources().stream().filter(s -> s.alias().equals(alias)).findFirst();
    }

    /** The current status of every vault; no I/O. */
    public List<VaultStatus> statuses() {
        return sources().stream().map(KeyVaultConfigSource::status).toList();
    }

    /**
     * Refreshes every vault now (see {@link KeyVaultConfigSource#refreshNow()}). The future completes after the
     * environment has been updated and any {@link RefreshEvent} has been published.
     */
    public CompletableFuture<List<VaultStatus>> refreshNow() {
        List<CompletableFuture<VaultStatus>> futures = sources().stream().map(KeyVaultConfigSource::refreshNow).toList();
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .thenApply(v -> futures.stream().map(CompletableFuture::join).toList());
    }

    private void onChange(KeyVaultPropertySource vault, SecretsChangeEvent event) {
        Set<String> keys = PropertyKeys.spellings(event.changedProperties());
        Map<String, Object> serve = new LinkedHashMap<>();
        List<String> unset = new ArrayList<>();
        for (String property : event.changedProperties()) {
            // Every spelling gets one value (Micronaut generates them from the source's one name); the all-dots one
            // decides, as environment variables, the sources above the vault, cover all spellings alike.
            String key = PropertyKeys.spellings(property).get(0);
            Object value = winner(key);
            if (value != null) {
                serve.put(property, value);
            } else {
                unset.add(key);
            }
        }
        vault.pushing(serve, () -> environment.addPropertySource(vault));
        if (!unset.isEmpty()) {
            // Micronaut's environment offers no way to drop single keys; a full refresh would empty it for a moment.
            LOG.info("kvconfig: {} no longer provided by any property source; the environment keeps serving them until "
                    + "it is refreshed as a whole (e.g. the /refresh endpoint) or restarted", unset);
        }
        Map<String, Object> changes = new LinkedHashMap<>();
        for (String key : keys) {
            if (!followedElsewhere.contains(NameMapping.lookupKey(key))) {
                changes.put(key, MASK);
            }
        }
        // An empty RefreshEvent would mean "everything changed" to Micronaut.
        if (!changes.isEmpty()) {
            publisher.publishEvent(new RefreshEvent(Collections.unmodifiableMap(changes)));
        }
    }

    /**
     * Leaves {@code key}, in every spelling, out of the {@link RefreshEvent}s published from now on; the environment
     * still serves its new values. For a consumer that follows the vault by itself (a datasource's pool).
     */
    void followedElsewhere(String key) {
        followedElsewhere.add(NameMapping.lookupKey(key));
    }

    /** The value the highest-precedence property source holds for {@code key}, or null if none does. */
    private Object winner(String key) {
        Served served = served(key);
        return served == null ? null : served.value();
    }

    /** A raw value (placeholders unresolved) and the property source that holds it. */
    record Served(PropertySource source, Object value) {
    }

    /**
     * The highest-precedence property source holding {@code key} and its raw value (a placeholder such as
     * {@code ${keyvault.ref.db-password}} as written), or null if no source holds it.
     */
    Served served(String key) {
        List<PropertySource> ordered = new ArrayList<>(environment.getPropertySources());
        OrderUtil.sortOrdered(ordered); // ascending: Micronaut lets later (higher order) sources overwrite earlier ones
        Served served = null;
        for (PropertySource source : ordered) {
            Object v = source.getConvention() == PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE
                    ? source.get(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'))
                    : source.get(key);
            if (v != null) {
                served = new Served(source, v);
            }
        }
        return served;
    }

    /** Stops listening and closes every vault (refresher threads, connections). Idempotent. */
    @PreDestroy
    @Override
    public void close() {
        synchronized (listeners) {
            listeners.forEach((vault, listener) -> vault.source().removeChangeListener(listener));
            listeners.clear();
        }
        for (KeyVaultPropertySource vault : vaults) {
            vault.source().close();
        }
    }
}
