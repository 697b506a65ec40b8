package dev.kvconfig.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvconfig.emulator.KeyVaultEmulator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The adapters' shared Micrometer glue against a vault source loaded from the emulator: the core's names per alias, a
 * change counter that counts changed properties (two in one cycle), and no counting after close.
 */
class VaultMeterBinderTest {

    @Test
    void bind_rotationOfTwoSecretsInOneCycle_gaugesUseTheCoreNamesAndTheCounterCountsBothProperties() throws Exception {
        try (KeyVaultEmulator emulator = KeyVaultEmulator.builder().vault("demo")
                .seed("demo", Map.of("greeting", "hello", "motd", "SEEDED-VALUE")).start()) {
            Map<String, String> settings = new HashMap<>(emulator.clientSettings("demo", "keyvault."));
            settings.put("keyvault.refresh.interval", "0");
            SmallRyeConfig config = new SmallRyeConfigBuilder().addDiscoveredSources()
                    .withSources(new PropertiesConfigSource(settings, "test-settings", 100)).build();
            try {
                SimpleMeterRegistry registry = new SimpleMeterRegistry();
                KeyVaultConfigSource source = KeyVaultConfigSource.of(config).get(0);
                VaultMeterBinder binder = VaultMeterBinder.bind(registry, KeyVaultConfigSource.of(config));

                for (VaultMeters.Gauge g : VaultMeters.gauges()) {
                    assertThat(registry.find(g.name()).tag(VaultMeters.TAG, "default").gauge()).isNotNull();
                }
                assertThat(registry.get("kvconfig.vault.secrets").tag("vault", "default").gauge().value()).isEqualTo(2);

                emulator.setSecret("demo", "greeting", "bonjour");
                emulator.setSecret("demo", "motd", "SEEDED-VALUE-2");
                source.refreshNow().get(30, TimeUnit.SECONDS);
                assertThat(registry.get(VaultMeters.CHANGES).tag("vault", "default").counter().count()).isEqualTo(2);

                binder.close();
                emulator.setSecret("demo", "greeting", "hallo");
                source.refreshNow().get(30, TimeUnit.SECONDS);
                assertThat(registry.get(VaultMeters.CHANGES).tag("vault", "default").counter().count()).isEqualTo(2);
            } finally {
                KeyVaultConfigSource.closeAll(config);
            }
        }
    }
}
