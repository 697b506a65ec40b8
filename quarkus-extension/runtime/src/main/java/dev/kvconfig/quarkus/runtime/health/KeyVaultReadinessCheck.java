package dev.kvconfig.quarkus.runtime.health;

import dev.kvconfig.source.KeyVaultConfigSource;
import dev.kvconfig.source.VaultStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness from the core status of every vault source, without I/O: UP while each vault serves a snapshot within
 * {@code quarkus.keyvault.refresh.max-staleness} (also while refreshes fail, DEGRADED, within that bound); DOWN when one
 * never loaded (optional vault unreachable since startup) or is staler than that. Data per vault, keyed by alias:
 * URL, state, secrets loaded, last refresh, staleness, soonest expiry, items expiring within
 * {@code quarkus.keyvault.expiry-warning}, and the last failure's summary (never a value).
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
            String p = status.alias() + ".";
            response.withData(p + "vault", status.vaultUrl().toString())
                    .withData(p + "state", status.state().name())
                    .withData(p + "secrets-loaded", status.secretCount())
                    .withData(p + "last-refresh", status.lastSuccessfulRefresh().map(Object::toString).orElse("never"))
                    .withData(p + "staleness", status.staleness().toString())
                    .withData(p + "max-staleness", status.maxStaleness().toString());
            status.soonestExpiry().ifPresent(expiry -> response.withData(p + "soonest-expiry", expiry.toString()));
            if (!status.expiring().isEmpty()) {
                // Names, kinds and dates only: what to rotate, never what it holds.
                response.withData(p + "expiring", status.expiring().stream()
                        .map(i -> i.kind().name().toLowerCase(Locale.ROOT) + " " + i.name() + " " + i.expiresOn())
                        .collect(Collectors.joining(", ")));
            }
            if (status.consecutiveFailures() > 0) {
                response.withData(p + "consecutive-failures", status.consecutiveFailures());
            }
            status.lastFailure().ifPresent(failure -> response.withData(p + "last-failure", failure));
            if (status.state() == VaultStatus.State.DOWN) {
                response.down();
            }
        }
        return response.build();
    }
}
