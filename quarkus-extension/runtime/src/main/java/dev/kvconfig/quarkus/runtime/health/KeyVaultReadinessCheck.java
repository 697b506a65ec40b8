package dev.kvconfig.quarkus.runtime.health;

import dev.kvconfig.source.KeyVaultConfigSource;
import dev.kvconfig.source.VaultStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness from the core status of every vault source, without I/O: UP while each vault serves a snapshot within
 * {@code quarkus.keyvault.refresh.max-staleness} (also while refreshes fail, DEGRADED, within that bound); DOWN when one
 * never loaded (optional vault unreachable since startup) or is staler than that. Data: {@code vaults} (their count),
 * then per vault alias the core's {@link VaultStatus#healthDetails()}, the same keys as under Micronaut and Spring Boot
 * ({@code default.url}, {@code default.state}, {@code default.secrets}, …), never a value. MicroProfile Health data is
 * flat text, numbers and booleans, so {@code expiring} is its items joined with {@code ", "}.
 */
@Readiness
@ApplicationScoped
public class KeyVaultReadinessCheck implements HealthCheck {

    static final String NAME = "Azure Key Vault config";

    @Inject
    Config config;

    @Override
    public HealthCheckResponse call() {
        List<KeyVaultConfigSource> sources = KeyVaultConfigSource.of(config);
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).up().withData("vaults", sources.size());
        for (KeyVaultConfigSource source : sources) {
            VaultStatus status = source.status();
            status.healthDetails().forEach((key, value) -> {
                String name = status.alias() + "." + key;
                if (value instanceof Number n) {
                    response.withData(name, n.longValue());
                } else if (value instanceof Collection<?> items) {
                    response.withData(name, items.stream().map(String::valueOf).collect(Collectors.joining(", ")));
                } else {
                    response.withData(name, String.valueOf(value));
                }
            });
            if (status.state() == VaultStatus.State.DOWN) {
                response.down();
            }
        }
        return response.build();
    }
}
