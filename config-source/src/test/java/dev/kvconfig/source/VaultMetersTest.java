package dev.kvconfig.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link VaultMeters}: the names and values every adapter registers. */
class VaultMetersTest {

    private static VaultStatus status(VaultStatus.State state) {
        return new VaultStatus("pay", URI.create("https://pay.vault.azure.net/"), state,
                Optional.of(Instant.parse("2026-12-03T10:00:00Z")), 2, Duration.ofMillis(90_500),
                Duration.ofHours(1), 7, Optional.empty(), Optional.empty());
    }

    private static double value(String name, VaultStatus status) {
        return VaultMeters.gauges().stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow()
                .value().applyAsDouble(status);
    }

    @Test
    void gauges_namesAndUnits_areTheDocumentedOnes() {
        assertThat(VaultMeters.gauges()).extracting(VaultMeters.Gauge::name).containsExactly(
                "kvconfig.vault.secrets", "kvconfig.vault.up", "kvconfig.vault.staleness", "kvconfig.vault.failures");
        assertThat(VaultMeters.gauges()).filteredOn(g -> g.unit().isPresent())
                .extracting(VaultMeters.Gauge::name, VaultMeters.Gauge::baseUnit)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("kvconfig.vault.staleness", "seconds"));
        assertThat(VaultMeters.CHANGES).isEqualTo("kvconfig.vault.changes");
        assertThat(VaultMeters.TAG).isEqualTo("vault");
    }

    @Test
    void gauges_values_followTheStatus() {
        VaultStatus degraded = status(VaultStatus.State.DEGRADED);

        assertThat(value("kvconfig.vault.secrets", degraded)).isEqualTo(7);
        assertThat(value("kvconfig.vault.up", degraded)).isEqualTo(1);
        assertThat(value("kvconfig.vault.up", status(VaultStatus.State.DOWN))).isZero();
        assertThat(value("kvconfig.vault.staleness", degraded)).isEqualTo(90.5);
        assertThat(value("kvconfig.vault.failures", degraded)).isEqualTo(2);
    }
}
