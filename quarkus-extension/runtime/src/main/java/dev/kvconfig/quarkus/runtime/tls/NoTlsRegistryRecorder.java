package dev.kvconfig.quarkus.runtime.tls;

import dev.kvconfig.source.KeyVaultConfigSource;
import dev.kvconfig.source.TlsMaterialSettings;
import io.quarkus.runtime.annotations.Recorder;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * For applications without Quarkus' TLS registry: a {@code tls-material} group would configure nothing, so startup
 * fails and says what to add. Kept apart from {@link TlsRegistryRecorder}, whose types need the registry's classes.
 */
@Recorder
public class NoTlsRegistryRecorder {

    /** @throws ConfigurationException naming the first group when any is set */
    public void requireNoTlsMaterial() {
        for (KeyVaultConfigSource source : KeyVaultConfigSource.of(ConfigProvider.getConfig())) {
            for (TlsMaterialSettings group : source.options().tlsMaterials().values()) {
                throw new ConfigurationException(group.keyPrefix() + "* configures TLS configuration " + group.name()
                        + " of Quarkus' TLS registry, which this application does not have; add io.quarkus:"
                        + "quarkus-tls-registry (quarkus-vertx-http and the REST clients bring it) or remove the "
                        + "group", Set.of(group.keyPrefix() + "certificate"));
            }
        }
    }
}
