package dev.kvconfig.quarkus.runtime.refresh;

import dev.kvconfig.source.KeyVaultConfigSource;
import dev.kvconfig.source.SecretsChangeEvent;
import dev.kvconfig.source.SecretsChangeListener;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Turns the core's change listeners into CDI events: after a refresh that changed something, observers of
 * {@link SecretsChangeEvent} are notified synchronously on that vault's refresher thread, with the changed property names
 * (never values). At shutdown it closes the sources of this application's config, so a dev-mode restart leaves no
 * refresher thread behind.
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

    private void fire(SecretsChangeEvent change) {
        // A failing observer is logged by the core (listener class only) and does not stop the refresher.
        events.fire(change);
    }
}
