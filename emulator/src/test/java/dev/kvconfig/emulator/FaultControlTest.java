package dev.kvconfig.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FaultControlTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final FaultControl faults = new FaultControl(List.of("demo", "other"), Faults.none(), now::get);

    @Test
    void acquire_budgetSpent_returnsRetryAfterToWindowEnd_andRejectionsDoNotUseBudget() {
        Faults.Throttle t = new Faults.Throttle(2, Duration.ofSeconds(10));
        faults.setAll(Faults.throttle(2, Duration.ofSeconds(10)));

        assertThat(faults.acquire("demo", t)).isZero();
        assertThat(faults.acquire("demo", t)).isZero();
        now.addAndGet(Duration.ofSeconds(3).toNanos());
        assertThat(faults.acquire("demo", t)).isEqualTo(7);
        assertThat(faults.acquire("demo", t)).isEqualTo(7);

        now.addAndGet(Duration.ofSeconds(7).toNanos()); // next window: the full budget again
        assertThat(faults.acquire("demo", t)).isZero();
        assertThat(faults.acquire("demo", t)).isZero();
        assertThat(faults.acquire("demo", t)).isPositive();
    }

    @Test
    void throttling_countsEveryArrivalPerWindow_refusedOnesToo() {
        Faults.Throttle t = new Faults.Throttle(2, Duration.ofSeconds(10));
        faults.setAll(Faults.throttle(2, Duration.ofSeconds(10)));
        assertThat(faults.throttling("demo")).isEqualTo(EmulatorStats.Throttling.NONE);

        for (int i = 0; i < 5; i++) {
            faults.acquire("demo", t); // 2 served, 3 refused
        }
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        faults.acquire("demo", t);

        assertThat(faults.throttling("demo")).isEqualTo(new EmulatorStats.Throttling(2, 3, 5));
        assertThat(faults.throttling("other")).isEqualTo(EmulatorStats.Throttling.NONE);
        faults.resetCounts();
        assertThat(faults.throttling("demo")).isEqualTo(EmulatorStats.Throttling.NONE);
        assertThat(faults.acquire("demo", t)).isZero(); // the window's budget runs on: 1 of 2 used before the reset
        assertThat(faults.acquire("demo", t)).isPositive();
    }

    @Test
    void acquire_windowsArePerVault() {
        Faults.Throttle t = new Faults.Throttle(1, Duration.ofSeconds(10));
        assertThat(faults.acquire("demo", t)).isZero();
        assertThat(faults.acquire("other", t)).isZero();
        assertThat(faults.acquire("demo", t)).isPositive();
    }

    @Test
    void current_perVaultOverride_winsUntilCleared() {
        faults.setAll(Faults.errorRate(0.5));
        faults.set("other", Faults.outageOnly());

        assertThat(faults.current("demo").errorRate()).isEqualTo(0.5);
        assertThat(faults.current("other").outage()).isTrue();
        faults.clear("other");
        assertThat(faults.current("other").errorRate()).isEqualTo(0.5);
        faults.clear();
        assertThat(faults.current("demo")).isEqualTo(Faults.none());
    }
}
