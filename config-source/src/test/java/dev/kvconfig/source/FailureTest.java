package dev.kvconfig.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvconfig.emulator.EmulatorStats;
import dev.kvconfig.emulator.Faults;
import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.emulator.junit.KeyVaultEmulatorExtension;
import io.smallrye.config.SmallRyeConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Outages, throttling and optional vaults. */
class FailureTest {

    private static final int SECRETS = 40;
    /** The issue-15 storm: 200 secrets behind 20 requests per 2 s, with the source's defaults. */
    private static final int STORM_SECRETS = 200;
    private static final int STORM_BUDGET = 20;

    @RegisterExtension
    static final KeyVaultEmulatorExtension EMULATOR = KeyVaultEmulatorExtension.of(KeyVaultEmulator.builder()
            .vault("steady").vault("throttled").vault("late").vault("storm").vault("busy")
            .seed("steady", numbered("steady", SECRETS))
            .seed("throttled", numbered("throttled", SECRETS))
            .seed("storm", numbered("storm", STORM_SECRETS))
            .seed("busy", numbered("busy", 60))
            .seed("late", Map.of("late-secret", "late-value")));

    private static Map<String, String> numbered(String prefix, int n) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            m.put(prefix + "-" + i, prefix + "-value-" + i);
        }
        return m;
    }

    @Test
    void outage_wholeTest_everyValueKeepsBeingServed() throws Exception {
        SmallRyeConfig config = TestVaults.config(TestVaults.settings(EMULATOR.get(), "steady"));
        try {
            KeyVaultConfigSource source = TestVaults.source(config);
            EMULATOR.get().faults("steady", TestVaults.OUTAGE);

            for (int round = 0; round < 3; round++) {
                VaultStatus status = source.refreshNow().get(60, TimeUnit.SECONDS);
                assertThat(status.state()).isEqualTo(VaultStatus.State.DEGRADED);
                assertThat(status.consecutiveFailures()).isEqualTo(round + 1);
                assertThat(status.secretCount()).isEqualTo(SECRETS);
                for (int i = 0; i < SECRETS; i++) {
                    assertThat(config.getValue("steady." + i, String.class)).isEqualTo("steady-value-" + i);
                }
            }

            EMULATOR.get().clearFaults();
            VaultStatus recovered = source.refreshNow().get(60, TimeUnit.SECONDS);
            assertThat(recovered.state()).isEqualTo(VaultStatus.State.UP);
            assertThat(recovered.consecutiveFailures()).isZero();
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    /** Only what an application must set for the emulator: everything else at its default. */
    private static Map<String, String> defaults(String vault) {
        return new HashMap<>(EMULATOR.get().clientSettings(vault, "keyvault."));
    }

    @Test
    void startup_429StormWithDefaults_completesWithinTheThrottlesBudget() {
        // 8 list pages and 200 values against 20 requests per 2 s, 17 in flight: about ten windows of 429s.
        EMULATOR.get().faults("storm", Faults.throttle(STORM_BUDGET, Duration.ofSeconds(2)));
        SmallRyeConfig config = TestVaults.config(defaults("storm"));
        try {
            for (int i = 0; i < STORM_SECRETS; i++) {
                assertThat(config.getValue("storm." + i, String.class)).isEqualTo("storm-value-" + i);
            }
            assertThat(TestVaults.source(config).status().state()).isEqualTo(VaultStatus.State.UP);
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
        EmulatorStats.VaultStats stats = EMULATOR.get().stats().vault("storm");
        EmulatorStats.Throttling throttling = stats.throttling();
        assertThat(throttling.refused()).as("the vault throttled").isPositive();
        // The emulator counts a 429 under its operation too. Every request the load needs was served exactly once:
        // the list pages, the values and the SDK's first, unauthenticated one (the bearer challenge).
        assertThat(stats.total() - throttling.refused()).isEqualTo(8 + STORM_SECRETS + 1);
        // Within one window: its budget plus at most what was already in flight when the budget ran out (the fetches
        // and one list page); nothing new is sent into a window once the vault has said 429.
        int inFlight = KeyVaultOptions.DEFAULT_MAX_CONCURRENCY + 1;
        assertThat(throttling.busiestWindow()).isLessThanOrEqualTo(STORM_BUDGET + inFlight);
        // After the first window fewer go out at once: the refused ones stay below a full in-flight load per window.
        assertThat(throttling.refused()).isLessThan(inFlight * throttling.windows());
    }

    @Test
    void startup_throttledPastStartupTimeout_failsSayingThrottledAndNamingTheSetting() {
        EMULATOR.get().faults("throttled", Faults.throttle(1, Duration.ofSeconds(10)));
        Map<String, String> s = defaults("throttled");
        s.put("keyvault.startup-timeout", "2s");
        assertThatThrownBy(() -> TestVaults.config(s)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("could not be loaded at startup: throttled")
                .hasMessageContaining("keyvault.startup-timeout=PT2S")
                .hasMessageContaining("keyvault.optional=true");
        assertThat(BadInputTest.refresherThreads(0)).isZero();
    }

    @Test
    void refresh_throttled_waitsForTheVaultInsteadOfStorming() throws Exception {
        SmallRyeConfig config = TestVaults.config(TestVaults.settings(EMULATOR.get(), "busy"));
        try {
            KeyVaultConfigSource source = TestVaults.source(config);
            for (int i = 0; i < 60; i++) {
                EMULATOR.get().setSecret("busy", "busy-" + i, "busy-rotated-" + i);
            }
            TestVaults.waitPastCurrentSecond();
            EMULATOR.get().resetStats();
            // 3 list pages and 60 changed values against 10 requests per second.
            EMULATOR.get().faults("busy", Faults.throttle(10, Duration.ofSeconds(1)));
            VaultStatus status = source.refreshNow().get(60, TimeUnit.SECONDS);

            assertThat(status.state()).isEqualTo(VaultStatus.State.UP);
            for (int i = 0; i < 60; i++) {
                assertThat(config.getValue("busy." + i, String.class)).isEqualTo("busy-rotated-" + i);
            }
            EmulatorStats.VaultStats stats = EMULATOR.get().stats().vault("busy");
            assertThat(stats.throttling().refused()).isPositive();
            assertThat(stats.total() - stats.throttling().refused()).isEqualTo(3 + 60);
            assertThat(stats.throttling().busiestWindow())
                    .isLessThanOrEqualTo(10 + KeyVaultOptions.DEFAULT_MAX_CONCURRENCY + 1);
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void optional_vaultDownAtStartup_startsEmptyAndLoadsWhenItComes() throws Exception {
        EMULATOR.get().faults("late", TestVaults.OUTAGE);
        Map<String, String> s = new HashMap<>(TestVaults.settings(EMULATOR.get(), "late"));
        s.put("keyvault.optional", "true");
        s.put("keyvault.retry.max-retries", "0");
        SmallRyeConfig config = TestVaults.config(s);
        try {
            KeyVaultConfigSource source = TestVaults.source(config);
            assertThat(config.getOptionalValue("late.secret", String.class)).isEmpty();
            assertThat(source.status().state()).isEqualTo(VaultStatus.State.DOWN);
            assertThat(source.status().lastFailure()).isPresent();

            EMULATOR.get().clearFaults();
            VaultStatus status = source.refreshNow().get(60, TimeUnit.SECONDS);

            assertThat(status.state()).isEqualTo(VaultStatus.State.UP);
            assertThat(config.getValue("late.secret", String.class)).isEqualTo("late-value");
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void optional_vaultComesBack_loadsInTheBackgroundByItself() throws Exception {
        EMULATOR.get().faults("late", TestVaults.OUTAGE);
        Map<String, String> s = new HashMap<>(TestVaults.settings(EMULATOR.get(), "late"));
        s.put("keyvault.optional", "true");
        s.put("keyvault.retry.max-retries", "0");
        SmallRyeConfig config = TestVaults.config(s);
        try {
            KeyVaultConfigSource source = TestVaults.source(config);
            CountDownLatch loaded = new CountDownLatch(1);
            source.addChangeListener(e -> loaded.countDown());
            EMULATOR.get().clearFaults();
            // No refreshNow(): the back-off retries (10ms..50ms here) find the vault on their own.
            assertThat(loaded.await(60, TimeUnit.SECONDS)).isTrue();
            assertThat(config.getValue("late.secret", String.class)).isEqualTo("late-value");
            assertThat(source.status().state()).isEqualTo(VaultStatus.State.UP);
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void status_failingLongerThanMaxStaleness_isDownAndStillServes() throws Exception {
        Map<String, String> s = new HashMap<>(TestVaults.settings(EMULATOR.get(), "steady"));
        // 1ms: any failed cycle (a round trip plus a retry back-off of at least 5ms) outlasts it.
        s.put("keyvault.refresh.max-staleness", "1ms");
        SmallRyeConfig config = TestVaults.config(s);
        try {
            KeyVaultConfigSource source = TestVaults.source(config);
            EMULATOR.get().faults("steady", TestVaults.OUTAGE);
            VaultStatus status = source.refreshNow().get(60, TimeUnit.SECONDS);
            assertThat(status.state()).isEqualTo(VaultStatus.State.DOWN);
            assertThat(status.stale()).isTrue();
            assertThat(status.lastSuccessfulRefresh()).isPresent();
            assertThat(config.getValue("steady.0", String.class)).isEqualTo("steady-value-0");
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void close_config_stopsRefresherThreads() {
        Map<String, String> s = new HashMap<>(TestVaults.settings(EMULATOR.get(), "late"));
        s.put("keyvault.refresh.interval", "1h");
        SmallRyeConfig config = TestVaults.config(s);
        assertThat(BadInputTest.refresherThreads(1)).isEqualTo(1);
        KeyVaultConfigSource.closeAll(config);
        assertThat(BadInputTest.refresherThreads(0)).isZero();
        assertThat(config.getValue("late.secret", String.class)).isEqualTo("late-value");
    }
}
