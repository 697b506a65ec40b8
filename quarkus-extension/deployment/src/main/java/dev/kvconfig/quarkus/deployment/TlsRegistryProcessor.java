package dev.kvconfig.quarkus.deployment;

import dev.kvconfig.quarkus.runtime.tls.NoTlsRegistryRecorder;
import dev.kvconfig.quarkus.runtime.tls.TlsRegistryRecorder;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.ServiceStartBuildItem;
import io.quarkus.deployment.builditem.ShutdownContextBuildItem;
import io.quarkus.tls.deployment.spi.TlsRegistryBuildItem;
import java.util.Optional;

/** {@code quarkus.keyvault.tls-material.<name>} groups as configurations of Quarkus' TLS registry. */
class TlsRegistryProcessor {

    /**
     * After the registry read {@code quarkus.tls.*} (it gives {@link TlsRegistryBuildItem}) and, as a service start,
     * before the HTTP server opens its socket and looks its configuration up by name.
     */
    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    ServiceStartBuildItem tlsConfigurations(Optional<TlsRegistryBuildItem> registry, ShutdownContextBuildItem shutdown,
            TlsRegistryRecorder recorder, NoTlsRegistryRecorder without) {
        if (registry.isPresent()) {
            recorder.register(registry.get().registry(), shutdown);
        } else {
            without.requireNoTlsMaterial();
        }
        return new ServiceStartBuildItem(KeyVaultProcessor.FEATURE + "-tls");
    }
}
