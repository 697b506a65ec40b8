package dev.kvconfig.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.emulator.junit.KeyVaultEmulatorExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The refresher keeps its schedule whatever a cycle throws, and says so once. */
class RefresherFailureTest {

    @RegisterExtension
    static final KeyVaultEmulatorExtension EMULATOR = KeyVaultEmulatorExtension.of(KeyVaultEmulator.builder()
            .vault("resilient").seed("resilient", Map.of("rotating", "resilient-value-0")));

    @Test
    void cycle_throwingListenerAndErrorInAfterLoadHook_keepsScheduleAndLogsEachOnce() throws Exception {
        KeyVaultEmulator emu = EMULATOR.get();
        KeyVaultOptions options = KeyVaultOptions.builder()
                .vaultUrl(emu.vaultUrl("resilient").toString())
                .credentialType(KeyVaultOptions.CredentialType.EMULATOR)
                .trustStore(emu.trustStore()).trustStoreType(emu.trustStoreType())
                .trustStorePassword(emu.trustStorePassword()::toCharArray)
                .refreshInterval(Duration.ofMillis(100))
                .build();
        AtomicInteger hookCalls = new AtomicInteger();
        CountDownLatch hookAfterRotations = new CountDownLatch(1);
        CountDownLatch twoChanges = new CountDownLatch(2);
        try (TestItems.LogCapture log = new TestItems.LogCapture();
                VaultAccess access = VaultAccess.open(options);
                Refresher refresher = new Refresher(options, new SecretLoader(options, access, Clock.systemUTC()),
                        Clock.systemUTC(), new AtomicReference<>(Snapshot.EMPTY))) {
            refresher.afterEachLoad(s -> {
                hookCalls.incrementAndGet();
                if (twoChanges.getCount() == 0) {
                    hookAfterRotations.countDown();
                }
                throw new AssertionError("after-load hook failure for the test");
            });
            refresher.addListener(e -> {
                twoChanges.countDown();
                throw new IllegalStateException("listener failure for the test");
            });
            refresher.initialLoad();
            refresher.start();

            TestVaults.waitPastCurrentSecond();
            emu.setSecret("resilient", "rotating", "resilient-value-1");
            waitFor(() -> twoChanges.getCount() == 1);
            TestVaults.waitPastCurrentSecond();
            emu.setSecret("resilient", "rotating", "resilient-value-2");

            // Both changes reach the throwing listener, and cycles keep coming after them.
            assertThat(twoChanges.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(hookAfterRotations.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(refresher.status().state()).isEqualTo(VaultStatus.State.UP);
            refresher.close();

            assertThat(hookCalls.get()).isGreaterThanOrEqualTo(3);
            assertThat(log.warnings()).filteredOn(w -> w.contains("expiry check of vault default")).singleElement()
                    .satisfies(w -> assertThat(w).contains("AssertionError: after-load hook failure for the test")
                            .contains("RefresherFailureTest"));
            assertThat(log.warnings()).filteredOn(w -> w.contains("change listener")).singleElement()
                    .satisfies(w -> assertThat(w).contains("IllegalStateException")
                            .doesNotContain("listener failure for the test"));
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 300 && !condition.getAsBoolean(); i++) {
            Thread.sleep(100);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }
}
