package dev.kvconfig.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvconfig.emulator.KeyVaultEmulator;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A rotation reaching {@code @ConfigurationProperties} and {@code @RefreshScope} beans through Spring Cloud's
 * {@code EnvironmentChangeEvent} (spring-cloud-context is on the test classpath), and {@link KeyVaultChangeEvent};
 * an idle refresh publishing nothing. Request counts from the emulator's counters.
 */
class RefreshTest {

    KeyVaultEmulator emulator;
    ConfigurableApplicationContext app;
    TestApp.Events events;
    KeyVaultSources vaults;

    @BeforeEach
    void start() throws InterruptedException {
        emulator = KeyVaultEmulator.builder().vault("demo")
                .seed("demo", Map.of("greeting", "hello", "app-api-key", "key-1", "motd", "vault-motd")).start();
        // Key Vault's updated time has one-second resolution: the core refetches what it read within the second of
        // its last update, so start in the next second for the idle refresh to be idle.
        Thread.sleep(1100);
        app = Vaults.run(Vaults.settings(emulator, "demo"), "--spring.config.import=keyvault:");
        events = app.getBean(TestApp.Events.class);
        vaults = app.getBean(KeyVaultSources.class);
    }

    @AfterEach
    void stop() {
        app.close();
        emulator.close();
    }

    @Test
    void rotation_reachesRefreshScopeAndConfigurationPropertiesWithExactlyTheChangedKeys() throws InterruptedException {
        TestApp.Greeter before = app.getBean(TestApp.Greeter.class);
        assertThat(before.greeting()).isEqualTo("hello");
        assertThat(app.getBean(TestApp.AppSettings.class).getApiKey()).isEqualTo("key-1");

        emulator.setSecret("demo", "greeting", "bonjour");
        emulator.setSecret("demo", "app-api-key", "key-2");
        vaults.refreshNow().join();

        assertThat(events.environmentChanges).containsExactly(Set.of("greeting", "app.api.key"));
        assertThat(events.vaultChanges).singleElement().satisfies(e -> {
            assertThat(e.alias()).isEqualTo("default");
            assertThat(e.updated()).containsExactlyInAnyOrder("greeting", "app.api.key");
            assertThat(e.added()).isEmpty();
            assertThat(e.removed()).isEmpty();
        });
        assertThat(app.getEnvironment().getProperty("greeting")).isEqualTo("bonjour");
        assertThat(app.getBean(TestApp.Greeter.class).greeting()).isEqualTo("bonjour");
        assertThat(app.getBean(TestApp.AppSettings.class).getApiKey()).isEqualTo("key-2");
    }

    @Test
    void idleRefresh_publishesNothingAndFetchesNoValue() {
        emulator.resetStats();
        vaults.refreshNow().join();

        assertThat(emulator.stats().vault("demo").operation("GetSecret")).isZero();
        assertThat(emulator.stats().vault("demo").operation("GetSecrets")).isEqualTo(1);
        assertThat(events.all()).isEmpty();
    }

    @Test
    void springCloudContextRefresh_reusesTheLiveVaultsWithoutARequest() {
        emulator.resetStats();
        long threads = Vaults.refresherThreads();
        Set<String> changed = app.getBean(org.springframework.cloud.context.refresh.ContextRefresher.class).refresh();

        assertThat(emulator.stats().total()).isZero();
        assertThat(Vaults.refresherThreads()).isEqualTo(threads);
        assertThat(changed).isEmpty();
        assertThat(app.getEnvironment().getProperty("greeting")).isEqualTo("hello");
    }

    @Test
    void deletedSecret_fallsBackToTheFileAndIsReportedRemoved() {
        emulator.deleteSecret("demo", "motd");
        vaults.refreshNow().join();

        assertThat(app.getEnvironment().getProperty("motd")).isEqualTo("from-application-properties");
        assertThat(events.vaultChanges).singleElement().satisfies(e -> assertThat(e.removed()).containsExactly("motd"));
        assertThat(events.environmentChanges).containsExactly(Set.of("motd"));
    }
}
