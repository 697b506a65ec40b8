package dev.kvconfig.quarkus.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.source.KeyVaultConfigSource;
import dev.kvconfig.source.VaultMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Quarkus meters against a vault source loaded from the emulator over HTTPS with the SDK: the core's names, and a
 * change counter that counts changed properties, not refreshes.
 */
class KeyVaultMetricsTest {

    @Test
    void meters_rotationOfTwoSecretsInOneCycle_gaugesUseTheCoreNamesAndTheCounterCountsBothProperties() throws Exception {
        try (KeyVaultEmulator emulator = KeyVaultEmulator.builder().vault("demo")
                .seed("demo", Map.of("greeting", "hello", "motd", "SEEDED-VALUE")).start()) {
            Map<String, String> settings = new HashMap<>(emulator.clientSettings("demo", "keyvault."));
            settings.put("keyvault.refresh.interval", "0");
            SmallRyeConfig config = new SmallRyeConfigBuilder().addDiscoveredSources()
                    .withSources(new PropertiesConfigSource(settings, "test-settings", 100)).build();
            try {
                KeyVaultMetrics metrics = new KeyVaultMetrics();
                metrics.config = config;
                SimpleMeterRegistry registry = new SimpleMeterRegistry();
                metrics.bindTo(registry);
                KeyVaultConfigSource source = KeyVaultConfigSource.of(config).get(0);

                for (VaultMeters.Gauge g : VaultMeters.gauges()) {
                    assertThat(registry.find(g.name()).tag(VaultMeters.TAG, "default").gauge()).isNotNull();
                }
                assertThat(registry.get("kvconfig.vault.secrets").tag("vault", "default").gauge().value())
                        .isEqualTo(2);

                emulator.setSecret("demo", "greeting", "bonjour");
                emulator.setSecret("demo", "motd", "SEEDED-VALUE-2");
                source.refreshNow().get(30, TimeUnit.SECONDS);

                assertThat(registry.get(VaultMeters.CHANGES).tag("vault", "default").counter().count())
                        .isEqualTo(2);
            } finally {
                KeyVaultConfigSource.closeAll(config);
            }
        }
    }
}
