package dev.kvconfig.emulator.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvconfig.emulator.Faults;
import dev.kvconfig.emulator.KeyVaultEmulator;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Before each test: faults cleared, stats reset, secrets kept; the same emulator for the whole class. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeyVaultEmulatorExtensionTest {
    @RegisterExtension
    static final KeyVaultEmulatorExtension EMULATOR = KeyVaultEmulatorExtension.withVaults("demo", "other");

    private static KeyVaultEmulator first;

    @Test
    @Order(1)
    void firstTest_leavesFaultsAndASecret(KeyVaultEmulator emulator) {
        first = emulator;
        assertThat(emulator).isSameAs(EMULATOR.get());
        assertThat(emulator.vaultNames()).containsExactly("demo", "other");
        emulator.setSecret("demo", "kept", "v");
        emulator.faults(Faults.outageOnly());
    }

    @Test
    @Order(2)
    void nextTest_sameEmulator_faultsClearedStatsResetSecretsKept(KeyVaultEmulator emulator) throws Exception {
        assertThat(emulator).isSameAs(first);
        assertThat(emulator.stats().total()).isZero();
        var http = java.net.http.HttpClient.newBuilder().sslContext(emulator.sslContext()).build();
        var response = http.send(java.net.http.HttpRequest.newBuilder(
                emulator.vaultUrl("demo").resolve("secrets/kept?api-version=7.5"))
                .header("Authorization", "Bearer t").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200); // no outage any more
        assertThat(emulator.stats().vault("demo").operation("GetSecret")).isEqualTo(1);
    }
}
