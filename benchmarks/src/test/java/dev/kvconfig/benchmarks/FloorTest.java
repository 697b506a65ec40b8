package dev.kvconfig.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FloorTest {

    @Test
    void startup_thousandSecretsAt20ms_isFortyPagesPlusSixtyThreeRoundTrips() {
        assertThat(Floor.startup(1000, Duration.ofMillis(20), 16)).isEqualTo(Duration.ofMillis((40 + 63) * 20));
    }

    @Test
    void startup_zeroLatency_isZero() {
        assertThat(Floor.startup(500, Duration.ZERO, 16)).isZero();
    }

    @Test
    void idleRefreshRequests_partialLastPage_countsThePage() {
        assertThat(Floor.idleRefreshRequests(101)).isEqualTo(5);
    }

    @Test
    void idleRefreshRequests_emptyVault_isOnePage() {
        assertThat(Floor.idleRefreshRequests(0)).isEqualTo(1);
    }

    @Test
    void startup_concurrencyZero_isRejected() {
        assertThatThrownBy(() -> Floor.startup(10, Duration.ofMillis(1), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("concurrency");
    }
}
