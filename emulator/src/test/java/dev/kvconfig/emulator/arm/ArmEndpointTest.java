package dev.kvconfig.emulator.arm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvconfig.emulator.KeyVaultEmulator;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Where the Resource Manager API listens. */
class ArmEndpointTest {

    @Test
    void armEndpoint_withBasePort_followsVaultsAdminAndIdentity() throws IOException {
        for (int attempt = 0; ; attempt++) {
            int base;
            try (ServerSocket probe = new ServerSocket(0)) {
                base = probe.getLocalPort();
            }
            if (base > 65000) {
                continue;
            }
            try (KeyVaultEmulator e = KeyVaultEmulator.builder().vault("demo").basePort(base).start()) {
                assertThat(e.authorityHost().getPort()).isEqualTo(base + 2);
                assertThat(e.armEndpoint().toString()).isEqualTo("https://localhost:" + (base + 3) + "/");
                assertThat(e.infoJson()).contains("\"armEndpoint\":\"https://localhost:" + (base + 3) + "/\"");
                return;
            } catch (IllegalStateException portTaken) {
                if (attempt == 5) {
                    throw portTaken;
                }
            }
        }
    }
}
