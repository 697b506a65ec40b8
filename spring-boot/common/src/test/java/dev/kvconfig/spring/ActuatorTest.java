package dev.kvconfig.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvconfig.emulator.Faults;
import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.spring.test.EmbeddedKeyVault;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

/**
 * Through {@code @SpringBootTest} with {@link EmbeddedKeyVault}: health from the core's status, the meters, and
 * {@code /actuator/env} masking every vault value even with {@code show-values=always}. Health is read through
 * {@link LineHealth}, each starter's view of its Boot line's health types.
 */
@SpringBootTest(classes = TestApp.class, properties = {
        "spring.config.import=keyvault:,keyvault:payments",
        "management.endpoint.env.show-values=always",
        "spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=env,health",
        "secret.in.file=${keyvault::db-password}",
        // DEGRADED for up to 2s of failures, DOWN after; refresh stays manual (interval 0 from the annotation).
        "keyvault.refresh.max-staleness=2s"})
@EmbeddedKeyVault(secrets = {"greeting=hello-secret-value", "db-password=pw-secret-value",
        "payments:pay-token=tok-secret-value"})
class ActuatorTest {

    @Autowired
    KeyVaultEmulator emulator;
    @Autowired
    KeyVaultSources vaults;
    @Autowired
    ApplicationContext context;
    @Autowired
    EnvironmentEndpoint env;
    @Autowired
    MeterRegistry meters;

    @AfterEach
    void heal() {
        emulator.clearFaults();
        vaults.refreshNow().join();
    }

    private LineHealth health() {
        return LineHealth.of(context, "keyvaultHealthIndicator");
    }

    @Test
    void health_allVaultsUp_isUpWithDetailsPerAlias() {
        LineHealth health = health();
        assertThat(health.status()).isEqualTo("UP");
        assertThat(health.details()).containsOnlyKeys("default", "payments");
        assertThat((Map<String, Object>) health.details().get("default")).containsEntry("state", "UP")
                .containsEntry("secrets", 2).containsEntry("url", emulator.vaultUrl("main").toString());
    }

    @Test
    void health_refreshFailingWithinMaxStaleness_isUpWithStateDegraded() {
        emulator.faults("payments", Faults.outageOnly());
        vaults.refreshNow().join();
        LineHealth health = health();
        assertThat(health.status()).isEqualTo("UP");
        assertThat((Map<String, Object>) health.details().get("payments")).containsEntry("state", "DEGRADED")
                .containsEntry("consecutive-failures", 1).containsKey("last-failure");
    }

    @Test
    void health_failingLongerThanMaxStaleness_isDown() throws InterruptedException {
        emulator.faults("payments", Faults.outageOnly());
        Thread.sleep(2100);
        vaults.refreshNow().join();
        assertThat(health().status()).isEqualTo("DOWN");
        assertThat((Map<String, Object>) health().details().get("payments")).containsEntry("state", "DOWN");
    }

    @Test
    void meters_perVault_readTheCoreStatus() {
        assertThat(meters.get("kvconfig.vault.secrets").tag("vault", "default").gauge().value()).isEqualTo(2);
        assertThat(meters.get("kvconfig.vault.secrets").tag("vault", "payments").gauge().value()).isEqualTo(1);
        assertThat(meters.get("kvconfig.vault.up").tag("vault", "default").gauge().value()).isEqualTo(1);
        assertThat(meters.get("kvconfig.vault.failures").tag("vault", "default").gauge().value()).isZero();
        double before = meters.get("kvconfig.vault.changes").tag("vault", "default").counter().count();

        emulator.setSecret("main", "greeting", "rotated-secret-value");
        vaults.refreshNow().join();

        assertThat(meters.get("kvconfig.vault.changes").tag("vault", "default").counter().count())
                .isEqualTo(before + 1);
    }

    @Test
    void envEndpoint_showValuesAlways_masksEveryVaultValueAndResolvedReferences() {
        String json = text(env.environment(null));
        assertThat(json).contains("keyvault-default").contains("keyvault-payments").contains("db.password")
                .contains("secret.in.file")
                // a value of another source is still shown
                .contains("from-application-properties");
        assertThat(json).doesNotContain("secret-value");

        String one = text(env.environmentEntry("greeting"));
        assertThat(one).doesNotContain("secret-value").contains("******");
    }

    /** What {@code /actuator/env} shows: sources, names, values (walked here, as Boot 3 and 4 use different Jacksons). */
    private static String text(EnvironmentEndpoint.EnvironmentDescriptor environment) {
        StringBuilder s = new StringBuilder();
        for (EnvironmentEndpoint.PropertySourceDescriptor source : environment.getPropertySources()) {
            s.append(source.getName()).append('\n');
            source.getProperties().forEach((name, value) -> s.append(name).append('=').append(value.getValue())
                    .append('\n'));
        }
        return s.toString();
    }

    private static String text(EnvironmentEndpoint.EnvironmentEntryDescriptor entry) {
        StringBuilder s = new StringBuilder().append(entry.getProperty().getValue()).append('\n');
        for (EnvironmentEndpoint.PropertySourceEntryDescriptor source : entry.getPropertySources()) {
            if (source.getProperty() != null) {
                s.append(source.getName()).append('=').append(source.getProperty().getValue()).append('\n');
            }
        }
        return s.toString();
    }
}
