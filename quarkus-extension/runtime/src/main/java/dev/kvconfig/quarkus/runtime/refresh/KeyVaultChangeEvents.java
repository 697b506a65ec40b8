package dev.kvconfig.quarkus.runtime.refresh;

import dev.kvconfig.source.KeyVaultConfigSource;
import dev.kvconfig.source.SecretsChangeEvent;
import dev.kvconfig.source.SecretsChangeListener;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

/**
 * Turns the core's change listeners into CDI events: after a refresh that changed something, observers of
 * {@link SecretsChangeEvent} are notified synchronously on that vault's refresher thread, with the changed property names
 * (never values). At shutdown it closes the sources of this application's config, so a dev-mode restart leaves no
 * refresher thread behind.
 *
 * <p>With no vault configured, startup says so in one INFO line, and fails when a property references the vault
 * ({@code ${keyvault::…}}, {@code ${keyvault-key::…}}, {@code ${keyvault-cert::…}}): otherwise the application would
 * report ready and fail on the first request that reads the property.
 */
@ApplicationScoped
public class KeyVaultChangeEvents {

    private static final Logger LOG = Logger.getLogger(KeyVaultChangeEvents.class);

    @Inject
    Event<SecretsChangeEvent> events;

    @Inject
    Config config;

    private final SecretsChangeListener listener = this::fire;

    void onStart(@Observes StartupEvent start) {
        List<KeyVaultConfigSource> sources = KeyVaultConfigSource.of(config);
        if (sources.isEmpty()) {
            requireNoVaultReference();
            LOG.info("kvconfig: Azure Key Vault is not configured (quarkus.keyvault.url is not set), so no configuration "
                    + "is read from a vault; set quarkus.keyvault.url (QUARKUS_KEYVAULT_URL) to read it");
        }
        for (KeyVaultConfigSource source : sources) {
            source.addChangeListener(listener);
        }
        LOG.debugf("kvconfig: change events wired for %d vault source(s)", sources.size());
    }

    void onStop(@Observes ShutdownEvent stop) {
        for (KeyVaultConfigSource source : KeyVaultConfigSource.of(config)) {
            source.removeChangeListener(listener);
            source.close();
        }
    }

    /**
     * Resolves every property whose raw value holds a vault reference, so that a reference no vault can serve fails
     * startup with the reference handler's own message (which names the key to set), prefixed with the property.
     */
    private void requireNoVaultReference() {
        for (ConfigSource source : config.getConfigSources()) {
            for (String name : source.getPropertyNames()) {
                String raw = source.getValue(name);
                if (raw != null && raw.contains("${keyvault")) {
                    try {
                        config.getOptionalValue(name, String.class);
                    } catch (RuntimeException e) {
                        throw new ConfigurationException(name + ": " + e.getMessage(), Set.of(name));
                    }
                }
            }
        }
    }

    private void fire(SecretsChangeEvent change) {
        // A failing observer is logged by the core (listener class only) and does not stop the refresher.
        events.fire(change);
    }
}
