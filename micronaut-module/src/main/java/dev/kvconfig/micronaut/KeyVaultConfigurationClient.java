package dev.kvconfig.micronaut;

import dev.kvconfig.source.KeyVaultConfigSource;
import dev.kvconfig.source.KeyVaultConfigSourceFactory;
import io.micronaut.context.annotation.BootstrapContextCompatible;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.util.StringUtils;
import io.micronaut.discovery.config.ConfigurationClient;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

/**
 * Micronaut distributed configuration from Azure Key Vault: one {@link PropertySource} per configured vault
 * ({@code keyvault.url}, {@code keyvault.vaults.<alias>.url}), read in the bootstrap context when
 * {@code micronaut.config-client.enabled=true}. Settings come from {@code bootstrap.yml}, environment variables, system
 * properties or test properties; {@code application.yml} is read after the bootstrap context and cannot configure it.
 *
 * <p>Settings are the core's {@code keyvault.*} and {@code keyvault.vaults.<alias>.*} keys, read by the core through a
 * lookup over the bootstrap environment ({@link EnvironmentLookup}); the core parses and validates them.
 *
 * <p>The vaults are loaded once, synchronously on the first call, so a failure surfaces with the core's message (naming
 * the key, the vault URL and the fix) and the core's retry settings bound the time; later calls (Micronaut reads property
 * sources again on an environment refresh) return the same live sources. No vault configured: no source, and one INFO
 * line saying so, so an application that expected its vault does not start silently on its local files.
 */
@Singleton
@BootstrapContextCompatible
@Requires(property = ConfigurationClient.ENABLED, value = StringUtils.TRUE, defaultValue = StringUtils.FALSE)
final class KeyVaultConfigurationClient implements ConfigurationClient {

    private static final Logger LOG = LoggerFactory.getLogger(KeyVaultConfigurationClient.class);

    private List<PropertySource> sources; // guarded by this

    KeyVaultConfigurationClient() {
        // Before any vault starts: the core's startup line and later refresh lines then go through SLF4J.
        CoreLogging.routeToSlf4j();
    }

    @Override
    public Publisher<PropertySource> getPropertySources(Environment environment) {
        return Flux.fromIterable(load(environment));
    }

    private synchronized List<PropertySource> load(Environment environment) {
        if (sources == null) {
            List<PropertySource> loaded = new ArrayList<>();
            try {
                for (KeyVaultConfigSource source : new KeyVaultConfigSourceFactory()
                        .sources(EnvironmentLookup.of(environment))) {
                    loaded.add(new KeyVaultPropertySource(source));
                }
            } catch (IllegalArgumentException | IllegalStateException e) {
                // The core's message already names the key and the fix; keep it first.
                throw new ConfigurationException(e.getMessage(), e);
            }
            sources = List.copyOf(loaded);
            if (sources.isEmpty()) {
                LOG.info("kvconfig: Azure Key Vault is not configured (neither keyvault.url nor any "
                        + "keyvault.vaults.<alias>.url is set), so no configuration is read from a vault; set KEYVAULT_URL "
                        + "or keyvault.url in bootstrap.yml to read it");
            }
        }
        return sources;
    }

    @Override
    public String getDescription() {
        return "kvconfig Azure Key Vault";
    }
}
