package dev.kvconfig.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.exception.HttpResponseException;
import com.azure.security.keyvault.secrets.SecretClient;
import dev.kvconfig.emulator.junit.KeyVaultEmulatorExtension;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Fault injection seen through the SDK: throttling, outage, errors, latency; counted in stats. */
class FaultsTest {
    @RegisterExtension
    static final KeyVaultEmulatorExtension EMULATOR = KeyVaultEmulatorExtension.of(
            KeyVaultEmulator.builder().vault("demo").vault("other").seed("demo", Map.of("s", "v")));

    private static SecretClient client;

    @BeforeAll
    static void warmUp(KeyVaultEmulator emulator) {
        client = EmulatorClients.secretClient(emulator, "demo");
        client.getSecret("s"); // challenge done once, so counts below are exact
    }

    @Test
    void throttle_budgetSpent_429WithRetryAfterIsRetriedBySdk(KeyVaultEmulator emulator) {
        emulator.faults(Faults.throttle(1, Duration.ofSeconds(1)));

        assertThat(client.getSecret("s").getValue()).isEqualTo("v");
        assertThat(client.getSecret("s").getValue()).isEqualTo("v"); // 429, Retry-After: 1, retried

        assertThat(emulator.stats().vault("demo").operation("GetSecret")).isEqualTo(3);
        // The 429 counts under its operation and in the throttle's own counts; one window saw all three requests.
        assertThat(emulator.stats().vault("demo").throttling()).isEqualTo(new EmulatorStats.Throttling(2, 1, 2));
    }

    @Test
    void outage_surfacesAsConnectionError_andRecovers(KeyVaultEmulator emulator) {
        emulator.faults(Faults.outageOnly());

        assertThatThrownBy(() -> client.getSecret("s")).hasRootCauseInstanceOf(IOException.class);
        assertThat(emulator.stats().vault("demo").operation("GetSecret")).isEqualTo(3); // first try + 2 retries

        emulator.clearFaults();
        assertThat(client.getSecret("s").getValue()).isEqualTo("v");
    }

    @Test
    void errorRateOne_everyRequestGets5xx_afterRetries(KeyVaultEmulator emulator) {
        emulator.faults(Faults.errorRate(1.0));

        assertThatThrownBy(() -> client.getSecret("s")).isInstanceOfSatisfying(HttpResponseException.class,
                e -> assertThat(e.getResponse().getStatusCode()).isIn(500, 503));
        assertThat(emulator.stats().vault("demo").operation("GetSecret")).isEqualTo(3);
    }

    @Test
    void faultsForOneVault_leaveOtherVaultsAlone(KeyVaultEmulator emulator) {
        emulator.faults("other", Faults.outageOnly());

        assertThat(client.getSecret("s").getValue()).isEqualTo("v");
    }

    @Test
    void latency_delaysEachRequestAtLeastThatLong(KeyVaultEmulator emulator) {
        emulator.faults(Faults.latency(Duration.ofMillis(300)));

        long start = System.nanoTime();
        client.getSecret("s");
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(elapsedMs).isGreaterThanOrEqualTo(300); // lower bound only: sleeping never ends early
        assertThat(emulator.stats().vault("demo").operation("GetSecret")).isEqualTo(1);
    }

    @Test
    void faults_invalidValues_areRejected() {
        assertThatThrownBy(() -> Faults.errorRate(1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("errorRate");
        assertThatThrownBy(() -> Faults.throttle(0, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Faults.latency(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
