package dev.kvconfig.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.emulator.junit.KeyVaultEmulatorExtension;
import io.smallrye.config.SmallRyeConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Refresh: rotation, idle cost, removals and readers racing refreshes. */
class RefreshTest {

    private static final int IDLE_SECRETS = 30;

    @RegisterExtension
    static final KeyVaultEmulatorExtension EMULATOR = KeyVaultEmulatorExtension.of(KeyVaultEmulator.builder()
            .vault("rotate").vault("idle").vault("churn").vault("race").vault("burst")
            .seed("rotate", Map.of("db-password", "rotate-value-1", "api-key", "rotate-api-1"))
            .seed("idle", numbered("idle", IDLE_SECRETS))
            .seed("churn", Map.of("keep", "churn-keep", "to-delete", "churn-deleted", "to-disable", "churn-disabled"))
            .seed("race", numbered("race", 20))
            .seed("burst", Map.of("burst-key", "burst-value-1", "burst-other", "burst-other-1")));

    @BeforeAll
    static void settle() {
        TestVaults.waitPastCurrentSecond();
    }

    private static Map<String, String> numbered(String prefix, int n) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            m.put(prefix + "-" + i, prefix + "-value-" + i);
        }
        return m;
    }

    @Test
    void refreshNow_rotatedSecret_servesNewValueAndTellsListenerWhichPropertyChanged() throws Exception {
        SmallRyeConfig config = TestVaults.config(TestVaults.settings(EMULATOR.get(), "rotate"));
        try {
            KeyVaultConfigSource source = TestVaults.source(config);
            List<SecretsChangeEvent> events = new CopyOnWriteArrayList<>();
            source.addChangeListener(events::add);
            assertThat(config.getValue("db.password", String.class)).isEqualTo("rotate-value-1");
            EMULATOR.get().resetStats();

            EMULATOR.get().setSecret("rotate", "db-password", "rotate-value-2");
            VaultStatus status = source.refreshNow().get(30, TimeUnit.SECONDS);

            assertThat(status.state()).isEqualTo(VaultStatus.State.UP);
            assertThat(config.getValue("db.password", String.class)).isEqualTo("rotate-value-2");
            assertThat(events).hasSize(1);
            assertThat(events.get(0).updated()).containsExactly("db.password");
            assertThat(events.get(0).changedProperties()).containsExactly("db.password");
            assertThat(events.get(0).toString()).doesNotContain("rotate-value");
            // Only the rotated secret was fetched again.
            assertThat(TestVaults.count(EMULATOR.get(), "rotate", "GetSecret")).isEqualTo(1);
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void refreshNow_backToBackAfterRotation_fetchesTheRotatedSecretOnce() throws Exception {
        SmallRyeConfig config = TestVaults.config(TestVaults.settings(EMULATOR.get(), "burst"));
        try {
            KeyVaultConfigSource source = TestVaults.source(config);
            List<SecretsChangeEvent> events = new CopyOnWriteArrayList<>();
            source.addChangeListener(events::add);
            // Early in a second, so the cycles below run within the rotation's second (Key Vault's updated has whole
            // seconds): each of them used to fetch the rotated secret again.
            TestVaults.waitPastCurrentSecond();
            EMULATOR.get().resetStats();
            EMULATOR.get().setSecret("burst", "burst-key", "burst-value-2");

            for (int i = 0; i < 10; i++) {
                source.refreshNow().get(30, TimeUnit.SECONDS);
            }

            assertThat(config.getValue("burst.key", String.class)).isEqualTo("burst-value-2");
            assertThat(TestVaults.count(EMULATOR.get(), "burst", "GetSecret")).isEqualTo(1);
            assertThat(events).hasSize(1);
            assertThat(events.get(0).updated()).containsExactly("burst.key");
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void refreshInterval_set_backgroundCyclePicksUpRotation() throws Exception {
        Map<String, String> settings = new java.util.HashMap<>(TestVaults.settings(EMULATOR.get(), "rotate"));
        settings.put("keyvault.refresh.interval", "100ms");
        SmallRyeConfig config = TestVaults.config(settings);
        try {
            KeyVaultConfigSource source = TestVaults.source(config);
            CountDownLatch changed = new CountDownLatch(1);
            List<SecretsChangeEvent> events = new CopyOnWriteArrayList<>();
            source.addChangeListener(e -> {
                events.add(e);
                changed.countDown();
            });
            EMULATOR.get().setSecret("rotate", "api-key", "rotate-api-background");
            // No refreshNow(): the refresher thread's own cycle finds it.
            assertThat(changed.await(60, TimeUnit.SECONDS)).isTrue();
            assertThat(events.get(0).updated()).contains("api.key");
            assertThat(config.getValue("api.key", String.class)).isEqualTo("rotate-api-background");
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void refreshNow_nothingChanged_listsButFetchesNoSecret() throws Exception {
        SmallRyeConfig config = TestVaults.config(TestVaults.settings(EMULATOR.get(), "idle"));
        try {
            KeyVaultConfigSource source = TestVaults.source(config);
            List<SecretsChangeEvent> events = new CopyOnWriteArrayList<>();
            source.addChangeListener(events::add);
            EMULATOR.get().resetStats();

            source.refreshNow().get(30, TimeUnit.SECONDS);

            Map<String, Long> ops = EMULATOR.get().stats().vault("idle").operations();
            assertThat(ops.getOrDefault("GetSecret", 0L)).isZero();
            assertThat(ops.getOrDefault("GetSecrets", 0L)).isEqualTo(2L); // ceil(30 / 25) pages
            assertThat(events).isEmpty();
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void refreshNow_tenConcurrentRequests_runAtMostTwoCycles() throws Exception {
        SmallRyeConfig config = TestVaults.config(TestVaults.settings(EMULATOR.get(), "idle"));
        try {
            KeyVaultConfigSource source = TestVaults.source(config);
            // A slow vault keeps the first cycle running while all ten callers arrive.
            EMULATOR.get().faults("idle", dev.kvconfig.emulator.Faults.latency(java.time.Duration.ofMillis(300)));
            EMULATOR.get().resetStats();
            List<java.util.concurrent.CompletableFuture<VaultStatus>> requests = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> callers = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                Thread caller = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    synchronized (requests) {
                        requests.add(source.refreshNow());
                    }
                });
                caller.start();
                callers.add(caller);
            }
            go.countDown();
            for (Thread caller : callers) {
                caller.join(10_000);
            }
            for (var request : requests) {
                request.get(30, TimeUnit.SECONDS);
            }
            // One cycle at a time: requests made while one runs share the single next cycle. 2 pages per cycle.
            assertThat(TestVaults.count(EMULATOR.get(), "idle", "GetSecrets")).isBetween(2L, 4L);
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void refreshNow_deletedAndDisabledSecrets_disappear() throws Exception {
        SmallRyeConfig config = TestVaults.config(TestVaults.settings(EMULATOR.get(), "churn"));
        try {
            KeyVaultConfigSource source = TestVaults.source(config);
            List<SecretsChangeEvent> events = new CopyOnWriteArrayList<>();
            source.addChangeListener(events::add);
            assertThat(config.getValue("to.delete", String.class)).isEqualTo("churn-deleted");

            EMULATOR.get().deleteSecret("churn", "to-delete");
            EMULATOR.get().setSecretEnabled("churn", "to-disable", false);
            source.refreshNow().get(30, TimeUnit.SECONDS);

            assertThat(config.getOptionalValue("to.delete", String.class)).isEmpty();
            assertThat(config.getOptionalValue("to.disable", String.class)).isEmpty();
            assertThat(config.getValue("keep", String.class)).isEqualTo("churn-keep");
            assertThat(source.getPropertyNames()).containsExactly("keep");
            assertThat(events).singleElement().satisfies(e ->
                    assertThat(e.removed()).containsExactlyInAnyOrder("to.delete", "to.disable"));
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void readers_eightThreadsThroughHundredRefreshes_neverMissAPresentProperty() throws Exception {
        SmallRyeConfig config = TestVaults.config(TestVaults.settings(EMULATOR.get(), "race"));
        try {
            KeyVaultConfigSource source = TestVaults.source(config);
            AtomicBoolean done = new AtomicBoolean();
            AtomicLong misses = new AtomicLong();
            AtomicLong reads = new AtomicLong();
            CountDownLatch started = new CountDownLatch(8);
            List<Thread> readers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Thread reader = new Thread(() -> {
                    started.countDown();
                    int i = 0;
                    while (!done.get()) {
                        String value = config.getOptionalValue("race." + (i++ % 20), String.class).orElse(null);
                        reads.incrementAndGet();
                        if (value == null || !value.startsWith("race-value-")) {
                            misses.incrementAndGet();
                        }
                        // Two shared cores: let the refresher and the emulator run between reads.
                        Thread.yield();
                    }
                }, "race-reader-" + t);
                reader.start();
                readers.add(reader);
            }
            started.await(10, TimeUnit.SECONDS);
            for (int r = 0; r < 100; r++) {
                // Every refresh publishes a new snapshot; one secret rotates every tenth (a cycle fetches a secret
                // rotated within the current second only once that second is over, so each rotation costs up to 1 s).
                if (r % 10 == 0) {
                    EMULATOR.get().setSecret("race", "race-" + (r % 20), "race-value-" + (r % 20) + "-rev" + r);
                }
                source.refreshNow().get(30, TimeUnit.SECONDS);
            }
            done.set(true);
            for (Thread reader : readers) {
                reader.join(10_000);
            }
            assertThat(reads.get()).isPositive();
            assertThat(misses.get()).isZero();
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }
}
