package dev.kvconfig.source;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The meters every adapter publishes per vault, so that a dashboard reads the same names under Quarkus, Micronaut and
 * Spring Boot; defined here without a metrics library (the core takes no Micrometer dependency), registered by each
 * adapter with its registry. Every meter is tagged {@value #TAG}{@code =<alias>}. Gauges read
 * {@link KeyVaultConfigSource#status()}: no I/O.
 *
 * <ul>
 *   <li>{@code kvconfig.vault.secrets}: secrets served;</li>
 *   <li>{@code kvconfig.vault.up}: 1 while UP or DEGRADED, 0 when DOWN;</li>
 *   <li>{@code kvconfig.vault.staleness}: seconds since the last successful load;</li>
 *   <li>{@code kvconfig.vault.failures}: consecutive failed load or refresh cycles;</li>
 *   <li>the counter {@value #CHANGES}: properties added, updated or removed by refreshes (the size of each
 *   {@link SecretsChangeEvent#changedProperties()}).</li>
 * </ul>
 */
public final class VaultMeters {

    /** The tag naming the vault alias on every meter. */
    public static final String TAG = "vault";

    /** The counter of changed properties. */
    public static final String CHANGES = "kvconfig.vault.changes";

    /** The counter's description. */
    public static final String CHANGES_DESCRIPTION = "Properties added, updated or removed by refreshes";

    private static final List<Gauge> GAUGES = List.of(
            new Gauge("kvconfig.vault.secrets", "Secrets served by the vault source", null,
                    VaultStatus::secretCount),
            new Gauge("kvconfig.vault.up", "1 while the vault source is UP or DEGRADED, 0 when DOWN", null,
                    s -> s.state() == VaultStatus.State.DOWN ? 0 : 1),
            new Gauge("kvconfig.vault.staleness", "Age of the served snapshot", "seconds",
                    s -> s.staleness().toMillis() / 1000.0),
            new Gauge("kvconfig.vault.failures", "Consecutive failed load or refresh cycles", null,
                    VaultStatus::consecutiveFailures));

    private VaultMeters() {
    }

    /** The gauges, in the order above. */
    public static List<Gauge> gauges() {
        return GAUGES;
    }

    /**
     * One gauge: its name, description, base unit (none for counts) and how its value follows from a status.
     *
     * @param name the meter name, dot-separated
     * @param description what it measures
     * @param baseUnit its unit, or {@code null} for a plain count
     * @param value its value for one status
     */
    public record Gauge(String name, String description, String baseUnit, ToDoubleFunction<VaultStatus> value) {

        public Gauge {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(value, "value");
        }

        /** The base unit, empty for a plain count. */
        public Optional<String> unit() {
            return Optional.ofNullable(baseUnit);
        }

        /** The gauge's current value for {@code source}, from its status (no I/O). */
        public double valueOf(KeyVaultConfigSource source) {
            return value.applyAsDouble(source.status());
        }
    }
}
