package dev.kvconfig.source;

import static org.assertj.core.api.Assertions.assertThat;

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

    @RegisterExtension
    static final KeyVaultEmulatorExtension EMULATOR = KeyVaultEmulatorExtension.of(KeyVaultEmulator.builder()
            .vault("steady").vault("throttled").vault("late")
            .seed("steady", numbered("steady", SECRETS))
            .seed("throttled", numbered("throttled", SECRETS))
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

    @Test
    void startup_429Storm_completesWithEverySecret() {
        // 10 requests per second against 41+ needed and 16 in flight: most first attempts get 429 + Retry-After.
        EMULATOR.get().faults("throttled", Faults.throttle(10, Duration.ofSeconds(1)));
        Map<String, String> s = new HashMap<>(TestVaults.settings(EMULATOR.get(), "throttled"));
        s.put("keyvault.retry.max-retries", "10");
        SmallRyeConfig config = TestVaults.config(s);
        try {
            for (int i = 0; i < SECRETS; i++) {
                assertThat(config.getValue("throttled." + i, String.class)).isEqualTo("throttled-value-" + i);
            }
            assertThat(TestVaults.source(config).status().state()).isEqualTo(VaultStatus.State.UP);
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
