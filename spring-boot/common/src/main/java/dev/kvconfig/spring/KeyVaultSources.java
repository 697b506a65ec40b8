package dev.kvconfig.spring;

import dev.kvconfig.source.KeyVaultConfigSource;
import dev.kvconfig.source.SecretsChangeEvent;
import dev.kvconfig.source.SecretsChangeListener;
import dev.kvconfig.source.VaultStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.springframework.context.ApplicationEventPublisher;

/**
 * The vaults this application imported and their live refresh. Callers: applications (status, {@link #refreshNow()},
 * the core sources for listeners of their own), and this starter's health indicator and meters.
 *
 * <p>The vaults' property sources are live, so a refresh is visible in the {@code Environment} at once. When a
 * refresh changes something, this bean, on the vault's refresher thread: (1) with Spring Cloud's
 * {@code spring-cloud-context} present, publishes its {@code EnvironmentChangeEvent} with exactly the changed keys (so
 * {@code @ConfigurationProperties} beans rebind) and rebuilds the {@code @RefreshScope} beans; (2) publishes
 * {@link KeyVaultChangeEvent}. Nothing is published for a refresh that changes nothing.
 *
 * <p>Thread-safe. The vaults are closed with the application context.
 */
public final class KeyVaultSources implements AutoCloseable {

    /** What reacts to a change before {@link KeyVaultChangeEvent} is published (Spring Cloud's rebind and rebuild). */
    interface ChangeReaction {
        void changed(Set<String> keys);
    }

    private final List<KeyVaultConfigSource> sources;
    private final ApplicationEventPublisher publisher;
    private final List<ChangeReaction> reactions;
    private final Map<KeyVaultConfigSource, SecretsChangeListener> listeners = new LinkedHashMap<>();

    KeyVaultSources(LoadedVaults vaults, ApplicationEventPublisher publisher, List<ChangeReaction> reactions) {
        this.sources = vaults.all().stream().map(LoadedVaults.Vault::source).toList();
        this.publisher = publisher;
        this.reactions = List.copyOf(reactions);
        for (KeyVaultConfigSource source : sources) {
            SecretsChangeListener listener = this::onChange;
            listeners.put(source, listener);
            source.addChangeListener(listener);
        }
    }

    /** The vault sources, main vault first, then aliases in import order. */
    public List<KeyVaultConfigSource> sources() {
        return sources;
    }

    /** The source of a vault alias ({@code default} for {@code keyvault.url}). */
    public Optional<KeyVaultConfigSource> source(String alias) {
        return sources.stream().filter(s -> s.alias().equals(alias)).findFirst();
    }

    /** The current status of every vault; no I/O. */
    public List<VaultStatus> statuses() {
        return sources.stream().map(KeyVaultConfigSource::status).toList();
    }

    /**
     * The health rule, the same on every Boot line: DOWN when one vault is DOWN (never loaded, or failing for longer
     * than {@code refresh.max-staleness}); UP while every vault is UP or DEGRADED, since a DEGRADED vault serves its last
     * good snapshot, so the application's configuration is correct and its readiness must not drop.
     */
    boolean healthDown() {
        return statuses().stream().anyMatch(s -> s.state() == VaultStatus.State.DOWN);
    }

    /** The health details: per alias, {@link VaultStatus#healthDetails()}. No I/O. */
    Map<String, Object> healthDetails() {
        Map<String, Object> details = new LinkedHashMap<>();
        for (VaultStatus s : statuses()) {
            details.put(s.alias(), s.healthDetails());
        }
        return details;
    }

    /**
     * Refreshes every vault now (see {@link KeyVaultConfigSource#refreshNow()}). The future completes after the events
     * of any change have been published and handled.
     */
    public CompletableFuture<List<VaultStatus>> refreshNow() {
        List<CompletableFuture<VaultStatus>> futures = sources.stream().map(KeyVaultConfigSource::refreshNow).toList();
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .thenApply(v -> futures.stream().map(CompletableFuture::join).toList());
    }

    private void onChange(SecretsChangeEvent event) {
        Set<String> keys = event.changedProperties();
        for (ChangeReaction reaction : reactions) {
            reaction.changed(keys);
        }
        publisher.publishEvent(new KeyVaultChangeEvent(this, event));
    }

    /** Stops listening; the vaults themselves close with the application context. Idempotent. */
    @Override
    public void close() {
        synchronized (listeners) {
            listeners.forEach(KeyVaultConfigSource::removeChangeListener);
            listeners.clear();
        }
    }
}
