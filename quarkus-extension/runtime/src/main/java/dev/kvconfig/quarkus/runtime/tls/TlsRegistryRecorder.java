package dev.kvconfig.quarkus.runtime.tls;

import dev.kvconfig.source.KeyVaultConfigSource;
import dev.kvconfig.source.TlsMaterial;
import dev.kvconfig.source.TlsMaterialSettings;
import io.quarkus.runtime.ShutdownContext;
import io.quarkus.runtime.annotations.Recorder;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Registers one configuration of Quarkus' TLS registry per {@code quarkus.keyvault.tls-material.<name>} group (and per
 * group under a named vault), under the group's name, before the HTTP server starts: so
 * {@code quarkus.http.tls-configuration-name=<name>} and clients' {@code tls-configuration-name=<name>} find it.
 *
 * <p>Each renewal the core accepts reaches new handshakes at once through the material's managers, which the HTTP
 * server and Vert.x clients hold through the configuration's options; then, on the refresher thread, the
 * configuration's store snapshots are rebuilt ({@link TlsConfiguration#reload()}). No {@code CertificateUpdatedEvent}
 * is fired, on purpose: the HTTP server answers it with {@code HttpServer.updateSSLOptions}, which in Vert.x 4.5.27
 * fails the connections accepted while the new SSL context is built (a {@code NullPointerException} in
 * {@code TCPServerBase}'s channel initializer: 2 failed handshakes in one of two runs of {@code TlsRegistryTest} while
 * we fired it), and the server needs no rebuild to present the renewed certificate.
 */
@Recorder
public class TlsRegistryRecorder {

    private static final Logger LOG = Logger.getLogger(TlsRegistryRecorder.class);

    /**
     * Reads every group's certificates from its vault now and registers the configurations.
     *
     * @throws IllegalStateException naming the group's keys when a certificate cannot be read or cannot serve TLS (a
     *     key that is not exportable, expired)
     * @throws ConfigurationException when {@code quarkus.tls.<name>.*} also gives the configuration a key or trust
     *     store
     */
    public void register(Supplier<TlsConfigurationRegistry> registry, ShutdownContext shutdown) {
        List<KeyVaultConfigSource> sources = KeyVaultConfigSource.of(ConfigProvider.getConfig());
        for (KeyVaultConfigSource source : sources) {
            for (TlsMaterialSettings group : source.options().tlsMaterials().values()) {
                Optional<TlsConfiguration> configured = registry.get().get(group.name());
                requireNoStores(group, configured);
                TlsMaterial material = group.build(sources);
                shutdown.addShutdownTask(material::close);
                VaultTlsConfiguration configuration = new VaultTlsConfiguration(group.name(), material, configured);
                registry.get().register(group.name(), configuration);
                material.addChangeListener(status -> configuration.reload());
                LOG.infof("kvconfig: TLS configuration %s registered from %s", group.name(), material);
            }
        }
    }

    /** One home for the keys and anchors of a name: the vault group or {@code quarkus.tls.<name>.*}, not both. */
    private static void requireNoStores(TlsMaterialSettings group, Optional<TlsConfiguration> configured) {
        if (configured.isPresent() && (configured.get().getKeyStoreOptions() != null
                || configured.get().getTrustStoreOptions() != null || configured.get().isTrustAll())) {
            String tls = "quarkus.tls." + group.name() + ".";
            throw new ConfigurationException(tls + "key-store.*, " + tls + "trust-store.* or " + tls + "trust-all "
                    + "are set, and " + group.keyPrefix() + "* gives TLS configuration " + group.name() + " its key "
                    + "and trust from the vault; remove one of them (" + tls + "* may keep protocols, cipher suites, "
                    + "ALPN and hostname verification)", Set.of(group.keyPrefix() + "certificate"));
        }
    }
}
