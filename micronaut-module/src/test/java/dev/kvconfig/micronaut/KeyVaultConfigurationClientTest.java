package dev.kvconfig.micronaut;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.micronaut.testing.KeyVaultTestProperties;
import dev.kvconfig.source.VaultStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.core.publisher.Mono;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyVaultConfigurationClientTest implements TestPropertyProvider {

    final KeyVaultEmulator emulator = KeyVaultEmulator.builder()
            .vault("demo")
            .seed("demo", Map.of("greeting", "hello", "app-api-key", "key-1", "app-name", "orders",
                    "db-password", "s3cret", "farewell", "from the vault"))
            .start();

    @Inject
    Environment environment;
    @Inject
    KeyVaultSources vaults;
    @Inject
    Greeter greeter;
    @Inject
    AppSettings app;
    @Inject
    RefreshEvents events;
    @Inject
    KeyVaultHealthIndicator health;
    @Inject
    MeterRegistry meters;

    @Value("${greeting}")
    String injectedGreeting;
    @Value("${db.url}")
    String dbUrl;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(KeyVaultTestProperties.of(emulator, "demo"));
        p.put("db.url", "jdbc:postgresql://db/orders?password=${keyvault.ref.db-password}");
        return p;
    }

    @AfterAll
    void stopEmulator() {
        emulator.close();
    }

    @BeforeEach
    void settle() throws InterruptedException {
        events.clear();
    }

    @Test
    void value_vaultSecret_isInjected() {
        assertThat(injectedGreeting).isEqualTo("hello");
        assertThat(environment.getProperty("db.password", String.class)).contains("s3cret");
    }

    @Test
    void configurationProperties_dashedSecretNames_bindToKebabCaseProperties() {
        assertThat(app.getApiKey()).isEqualTo("key-1");
        assertThat(app.getName()).isEqualTo("orders");
    }

    @Test
    void reference_inPlaceholder_resolvesSecretValue() {
        assertThat(dbUrl).isEqualTo("jdbc:postgresql://db/orders?password=s3cret");
    }

    @Test
    void propertySource_defaultOrdinal_sitsBetweenApplicationFilesAndEnvironmentVariables() {
        PropertySource source = environment.getPropertySources().stream()
                .filter(s -> s.getName().equals("keyvault-default")).findFirst().orElseThrow();
        assertThat(source.getOrder()).isEqualTo(-230);
        assertThat(source.toString()).isEqualTo("keyvault-default");
    }

    @Test
    void refresh_rotatedSecret_reachesRefreshableBeanWithEventForThatKeyOnly() {
        assertThat(greeter.greeting()).isEqualTo("hello");

        emulator.setSecret("demo", "greeting", "bonjour");
        vaults.refreshNow().join();

        assertThat(events.received()).hasSize(1);
        assertThat(events.received().get(0)).containsOnlyKeys("greeting").containsValue(KeyVaultSources.MASK);
        assertThat(environment.getProperty("greeting", String.class)).contains("bonjour");
        assertThat(greeter.greeting()).isEqualTo("bonjour");
        assertThat(meters.get("kvconfig.vault.changes").tag("vault", "default").counter().count()).isPositive();
    }

    @Test
    void refresh_rotatedDashedSecret_rebindsConfigurationProperties() {
        emulator.setSecret("demo", "app-api-key", "key-2");
        vaults.refreshNow().join();

        assertThat(events.received()).hasSize(1);
        assertThat(events.received().get(0).keySet())
                .containsExactlyInAnyOrder("app.api.key", "app.api-key", "app-api.key", "app-api-key");
        assertThat(app.getApiKey()).isEqualTo("key-2");
    }

    @Test
    void refresh_deletedSecret_fallsBackToLowerSourceWithEvent() {
        assertThat(environment.getProperty("farewell", String.class)).contains("from the vault");

        emulator.deleteSecret("demo", "farewell");
        vaults.refreshNow().join();

        assertThat(events.received()).hasSize(1);
        assertThat(events.received().get(0)).containsOnlyKeys("farewell");
        assertThat(environment.getProperty("farewell", String.class)).contains("from application.properties");
    }

    @Test
    void refresh_nothingChanged_publishesNoEventAndListsOnce() throws InterruptedException {
        vaults.refreshNow().join(); // settles secrets written within the last second (Key Vault 'updated' has 1 s resolution)
        Thread.sleep(1100);
        vaults.refreshNow().join();
        events.clear();
        emulator.resetStats();

        vaults.refreshNow().join();

        assertThat(events.received()).isEmpty();
        assertThat(emulator.stats().vault("demo").operations()).containsOnlyKeys("GetSecrets");
        System.out.println("kvconfig idle refresh cycle: " + emulator.stats().vault("demo").total()
                + " vault request(s) " + emulator.stats().vault("demo").operations());
    }

    @Test
    void health_vaultLoaded_isUpWithDetails() {
        HealthResult result = Mono.from(health.getResult()).block();
        int served = vaults.statuses().get(0).secretCount(); // other tests of this class rotate and delete secrets

        assertThat(result.getName()).isEqualTo("keyvault");
        assertThat(result.getStatus()).isEqualTo(HealthStatus.UP);
        @SuppressWarnings("unchecked")
        Map<String, Object> vault = (Map<String, Object>) ((Map<String, Object>) result.getDetails()).get("default");
        assertThat(vault).containsEntry("state", "UP").containsEntry("secrets", served)
                .containsEntry("url", emulator.vaultUrl("demo").toString());
        assertThat(vault.toString()).doesNotContain("s3cret", "hello", "key-1");
    }

    @Test
    void metrics_registry_hasVaultGauges() {
        int served = vaults.statuses().get(0).secretCount();
        assertThat(served).isPositive();
        assertThat(meters.get("kvconfig.vault.secrets").tag("vault", "default").gauge().value()).isEqualTo(served);
        assertThat(meters.get("kvconfig.vault.up").tag("vault", "default").gauge().value()).isEqualTo(1.0);
    }

    @Test
    void sources_statuses_reportEachVault() {
        List<VaultStatus> statuses = vaults.statuses();
        assertThat(statuses).extracting(VaultStatus::alias).containsExactly("default");
    }
}
