package dev.kvconfig.bootstrap;

import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.emulator.junit.KeyVaultEmulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI's emulator identity: a token endpoint that refuses it is reported as such, not as a later 401/403. */
class EmulatorCredentialTest {
    @RegisterExtension
    static final KeyVaultEmulatorExtension EMULATOR = KeyVaultEmulatorExtension.of(KeyVaultEmulator.builder()
            .vault("demo")
            // The CLI's client id registered with another secret than the one the CLI sends.
            .client(Connection.DEFAULT_EMULATOR_CLIENT_ID, "not-the-cli-secret", "33333333-4444-5555-6666-777777777777"));

    @Test
    void emulatorCredential_wrongClientSecret_failsNamingTheTokenEndpoint(@TempDir Path dir) {
        String info = EMULATOR.get().writeInfoFile(dir.resolve("emulator.json")).toString();

        Cli.Result result = Cli.run("--emulator-info", info, "vault", "list");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).as(result.toString())
                .contains("error: authentication failed: the emulator's token endpoint " + EMULATOR.get().authorityHost())
                .contains("/oauth2/v2.0/token did not issue a token for client 'kvconfig-bootstrap'")
                .contains("AADSTS7000215")
                .contains("fix: correct what the token endpoint names")
                .doesNotContain("missing permission").doesNotContain("HTTP 403").doesNotContain("not-the-cli-secret");
    }
}
