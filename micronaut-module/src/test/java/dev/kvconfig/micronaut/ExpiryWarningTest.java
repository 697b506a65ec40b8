package dev.kvconfig.micronaut;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.micronaut.testing.KeyVaultTestProperties;
import dev.kvconfig.source.ExpiringItem;
import io.micronaut.context.ApplicationContext;
import io.micronaut.management.health.indicator.HealthResult;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.core.publisher.Mono;

/**
 * {@code keyvault.expiry-warning} as Micronaut binds it: the setting reaches the core (it used to be dropped by the
 * binding, so the core's 30-day default applied whatever the application said), and the health details list the
 * expiring secrets by name and date.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExpiryWarningTest {

    KeyVaultEmulator emulator;

    @BeforeAll
    void startEmulator() {
        emulator = KeyVaultEmulator.builder().vault("expiring").start();
        Instant now = Instant.now();
        emulator.setSecret("expiring", "soon", "SEEDED-VALUE-soon", now.plus(Duration.ofDays(10)));
        emulator.setSecret("expiring", "later", "SEEDED-VALUE-later", now.plus(Duration.ofDays(60)));
        emulator.setSecret("expiring", "never", "SEEDED-VALUE-never");
    }

    @AfterAll
    void stopEmulator() {
        emulator.close();
    }

    private Map<String, Object> settings(String expiryWarning) {
        Map<String, Object> p = new HashMap<>(KeyVaultTestProperties.of(emulator, "expiring"));
        if (expiryWarning != null) {
            p.put("keyvault.expiry-warning", expiryWarning);
        }
        return p;
    }

    private static List<String> expiringNames(ApplicationContext context) {
        return context.getBean(KeyVaultSources.class).statuses().stream()
                .flatMap(s -> s.expiring().stream()).map(ExpiringItem::name).toList();
    }

    @Test
    void expiryWarning_default30d_listsOnlyTheSecretExpiringIn10Days() {
        try (ApplicationContext context = ApplicationContext.run(settings(null))) {
            assertThat(expiringNames(context)).containsExactly("soon");
        }
    }

    @Test
    void expiryWarning_90d_reachesTheCoreAndListsBothExpiringSecrets() {
        try (ApplicationContext context = ApplicationContext.run(settings("90d"))) {
            assertThat(expiringNames(context)).containsExactly("soon", "later");
        }
    }

    @Test
    void expiryWarning_zero_turnsTheListOff() {
        try (ApplicationContext context = ApplicationContext.run(settings("0"))) {
            assertThat(expiringNames(context)).isEmpty();
        }
    }

    @Test
    void health_expiringSecret_detailsNameItsKindNameAndDateButNoValue() {
        try (ApplicationContext context = ApplicationContext.run(settings(null))) {
            HealthResult health = Mono.from(context.getBean(KeyVaultHealthIndicator.class).getResult()).block();

            @SuppressWarnings("unchecked")
            Map<String, Object> vault = (Map<String, Object>) ((Map<String, Object>) health.getDetails())
                    .get("default");
            assertThat(vault).containsKey("soonest-expiry");
            assertThat(vault.get("expiring")).asList().singleElement().asString()
                    .startsWith("secret soon 20");
            assertThat(health.getDetails().toString()).doesNotContain("SEEDED-VALUE");
        }
    }
}
