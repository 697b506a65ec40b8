package dev.kvconfig.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FleetModelTest {

    @Test
    void requestsPer10s_hundredInstancesEveryThirtySeconds_isAThirdOfTheirCycles() {
        assertThat(FleetModel.requestsPer10s(100, 525, Duration.ofSeconds(30))).isEqualTo(17_500.0);
    }

    @Test
    void maxInstances_listOnlyCycleEveryFiveMinutes_staysUnderTheVaultLimit() {
        long max = FleetModel.maxInstances(20, Duration.ofMinutes(5));
        assertThat(FleetModel.requestsPer10s((int) max, 20, Duration.ofMinutes(5))).isLessThanOrEqualTo(4000);
        assertThat(FleetModel.requestsPer10s((int) max + 1, 20, Duration.ofMinutes(5))).isGreaterThan(4000);
    }

    @Test
    void requestsPer10s_zeroInterval_isRejected() {
        assertThatThrownBy(() -> FleetModel.requestsPer10s(1, 1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
