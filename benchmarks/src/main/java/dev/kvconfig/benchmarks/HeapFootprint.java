package dev.kvconfig.benchmarks;

import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.source.KeyVaultConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jol.info.GraphLayout;

/**
 * Retained heap of the secrets a source serves, by walking the object graph with JOL ({@code GraphLayout}): for
 * kvconfig, the snapshot behind {@code getProperties()} (entries with name, value, version, timestamps, and the lookup
 * index); next to it a plain {@code HashMap<String, String>} of the same names and values, which is what Spring Cloud
 * Azure's property source keeps. The SDK client and connection pool are not part of either figure: they do not grow
 * with the number of secrets.
 */
final class HeapFootprint {

    /** Bytes retained for {@code secrets} secrets of {@link BenchVault#VALUE_LENGTH} bytes. */
    record Result(int secrets, long kvconfigBytes, long plainMapBytes, long kvconfigEmptyBytes) {

        double kvconfigPerThousand() {
            return (kvconfigBytes - kvconfigEmptyBytes) * 1000.0 / secrets;
        }

        double plainMapPerThousand() {
            return plainMapBytes * 1000.0 / secrets;
        }
    }

    private HeapFootprint() {
    }

    static Result measure(int secrets) {
        Map<String, String> seeded = BenchVault.secrets(secrets);
        try (KeyVaultEmulator emulator = KeyVaultEmulator.builder()
                .vault("heap").seed("heap", seeded)
                .vault("empty")
                .start()) {
            long full = snapshotBytes(emulator, "heap");
            long empty = snapshotBytes(emulator, "empty");
            Map<String, String> plain = new HashMap<>(seeded);
            long plainBytes = GraphLayout.parseInstance(plain).totalSize();
            return new Result(secrets, full, plainBytes, empty);
        }
    }

    private static long snapshotBytes(KeyVaultEmulator emulator, String vault) {
        Map<String, String> settings = new HashMap<>(emulator.clientSettings(vault, "keyvault."));
        settings.put("keyvault.refresh.interval", "0");
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDiscoveredSources()
                .withSources(new PropertiesConfigSource(settings, "benchmark-settings", 100))
                .build();
        try {
            KeyVaultConfigSource source = KeyVaultConfigSource.of(config).get(0);
            // getProperties() is a thin view over the live snapshot: walking it walks exactly the snapshot.
            return GraphLayout.parseInstance(source.getProperties()).totalSize();
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }
}
