package dev.kvconfig.emulator.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.core.util.polling.AsyncPollResponse;
import com.azure.core.util.polling.PollerFlux;
import com.azure.security.keyvault.secrets.SecretAsyncClient;
import com.azure.security.keyvault.secrets.models.DeletedSecret;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import com.azure.security.keyvault.secrets.models.SecretProperties;
import dev.kvconfig.emulator.EmulatorClients;
import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.emulator.junit.KeyVaultEmulatorExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every SecretAsyncClient operation against the emulator (one vault "demo" from the default extension). */
@ExtendWith(KeyVaultEmulatorExtension.class)
class SecretAsyncClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static SecretAsyncClient client;

    @BeforeAll
    static void client(KeyVaultEmulator emulator) {
        client = EmulatorClients.secretAsyncClient(emulator, "demo");
    }

    private static <T, U> T last(PollerFlux<T, U> poller) {
        return poller.setPollInterval(Duration.ofMillis(20)).last().map(AsyncPollResponse::getValue).block(TIMEOUT);
    }

    @Test
    void setAndGet_async_roundTrips() {
        KeyVaultSecret set = client.setSecret("async-one", "v1").block(TIMEOUT);
        client.setSecret("async-one", "v2").block(TIMEOUT);

        assertThat(client.getSecret("async-one").block(TIMEOUT).getValue()).isEqualTo("v2");
        assertThat(client.getSecret("async-one", set.getProperties().getVersion()).block(TIMEOUT).getValue())
                .isEqualTo("v1");
    }

    @Test
    void listings_async_seeSecretsAndVersions() {
        client.setSecret("async-list", "1").block(TIMEOUT);
        client.setSecret("async-list", "2").block(TIMEOUT);

        List<String> names = client.listPropertiesOfSecrets().map(SecretProperties::getName).collectList()
                .block(TIMEOUT);
        assertThat(names).contains("async-list");
        assertThat(client.listPropertiesOfSecretVersions("async-list").count().block(TIMEOUT)).isEqualTo(2);
    }

    @Test
    void updateSecretProperties_async_disablesSecret() {
        KeyVaultSecret s = client.setSecret("async-disable", "x").block(TIMEOUT);

        SecretProperties updated = client.updateSecretProperties(s.getProperties().setEnabled(false)).block(TIMEOUT);

        assertThat(updated.isEnabled()).isFalse();
        assertThatThrownBy(() -> client.getSecret("async-disable").block(TIMEOUT))
                .isInstanceOfSatisfying(HttpResponseException.class,
                        e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(403));
    }

    @Test
    void deleteRecoverPurge_async_followTheSoftDeleteLifecycle() {
        client.setSecret("async-del", "x").block(TIMEOUT);

        DeletedSecret deleted = last(client.beginDeleteSecret("async-del"));
        assertThat(deleted.getRecoveryId()).endsWith("/deletedsecrets/async-del");
        assertThat(client.getDeletedSecret("async-del").block(TIMEOUT).getName()).isEqualTo("async-del");
        assertThat(client.listDeletedSecrets().map(DeletedSecret::getName).collectList().block(TIMEOUT))
                .contains("async-del");

        assertThat(last(client.beginRecoverDeletedSecret("async-del")).getName()).isEqualTo("async-del");
        assertThat(client.getSecret("async-del").block(TIMEOUT).getValue()).isEqualTo("x");

        last(client.beginDeleteSecret("async-del"));
        client.purgeDeletedSecret("async-del").block(TIMEOUT);
        assertThatThrownBy(() -> client.getDeletedSecret("async-del").block(TIMEOUT))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void backupRestore_async_roundTrips() {
        client.setSecret("async-backup", "x").block(TIMEOUT);
        byte[] blob = client.backupSecret("async-backup").block(TIMEOUT);
        last(client.beginDeleteSecret("async-backup"));
        client.purgeDeletedSecret("async-backup").block(TIMEOUT);

        KeyVaultSecret restored = client.restoreSecretBackup(blob).block(TIMEOUT);

        assertThat(restored.getName()).isEqualTo("async-backup");
        assertThat(client.getSecret("async-backup").block(TIMEOUT).getValue()).isEqualTo("x");
    }

    @Test
    void getSecret_async_missingIsResourceNotFound() {
        assertThatThrownBy(() -> client.getSecret("async-missing").block(TIMEOUT))
                .isInstanceOf(ResourceNotFoundException.class);
    }
}
