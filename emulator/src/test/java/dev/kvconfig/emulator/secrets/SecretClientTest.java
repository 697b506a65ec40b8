package dev.kvconfig.emulator.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.core.util.polling.SyncPoller;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.models.DeletedSecret;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import com.azure.security.keyvault.secrets.models.SecretProperties;
import dev.kvconfig.emulator.EmulatorClients;
import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.emulator.junit.KeyVaultEmulatorExtension;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every SecretClient operation against the emulator over HTTPS, through the official SDK. */
class SecretClientTest {
    @RegisterExtension
    static final KeyVaultEmulatorExtension EMULATOR = KeyVaultEmulatorExtension.withVaults("demo", "other");

    private static SecretClient client;
    private static SecretClient other;

    @BeforeAll
    static void clients(KeyVaultEmulator emulator) {
        client = EmulatorClients.secretClient(emulator, "demo");
        other = EmulatorClients.secretClient(emulator, "other");
    }

    private static <T, U> T finish(SyncPoller<T, U> poller) {
        poller.setPollInterval(Duration.ofMillis(20));
        return poller.waitForCompletion().getValue();
    }

    @Test
    void setSecret_thenGetLatest_returnsValueAndAttributes() {
        KeyVaultSecret set = client.setSecret(new KeyVaultSecret("set-get", "v1")
                .setProperties(new SecretProperties().setContentType("text/plain").setTags(Map.of("team", "orders"))));
        KeyVaultSecret got = client.getSecret("set-get");

        assertThat(got.getValue()).isEqualTo("v1");
        assertThat(got.getId()).isEqualTo(set.getId()).startsWith(EMULATOR.get().vaultUrl("demo") + "secrets/set-get/");
        assertThat(got.getProperties().getVersion()).hasSize(32);
        assertThat(got.getProperties().getContentType()).isEqualTo("text/plain");
        assertThat(got.getProperties().getTags()).containsEntry("team", "orders");
        assertThat(got.getProperties().isEnabled()).isTrue();
        assertThat(got.getProperties().getCreatedOn()).isNotNull();
        assertThat(got.getProperties().getUpdatedOn()).isNotNull();
        assertThat(got.getProperties().getRecoveryLevel()).isEqualTo("Recoverable+Purgeable");
        assertThat(got.getProperties().getRecoverableDays()).isEqualTo(90);
        assertThat(got.getProperties().isManaged()).isNull();
    }

    @Test
    void getSecret_byVersion_returnsThatVersion() {
        KeyVaultSecret v1 = client.setSecret("versioned", "one");
        client.setSecret("versioned", "two");

        assertThat(client.getSecret("versioned", v1.getProperties().getVersion()).getValue()).isEqualTo("one");
        assertThat(client.getSecret("versioned").getValue()).isEqualTo("two");
        assertThat(client.getSecret("versioned", "").getValue()).isEqualTo("two");
    }

    @Test
    void setSecret_withAttributes_roundTripsNbfAndExp() {
        OffsetDateTime nbf = OffsetDateTime.now(ZoneOffset.UTC).minusDays(1).truncatedTo(ChronoUnit.SECONDS);
        OffsetDateTime exp = OffsetDateTime.now(ZoneOffset.UTC).plusDays(30).truncatedTo(ChronoUnit.SECONDS);
        client.setSecret(new KeyVaultSecret("dated", "x")
                .setProperties(new SecretProperties().setNotBefore(nbf).setExpiresOn(exp)));

        SecretProperties p = client.getSecret("dated").getProperties();
        assertThat(p.getNotBefore()).isEqualTo(nbf);
        assertThat(p.getExpiresOn()).isEqualTo(exp);
    }

    @Test
    void getSecret_nameInOtherCase_findsSecretKeepingOriginalCase() {
        client.setSecret("MixedCase-Name", "value");

        KeyVaultSecret got = client.getSecret("mixedcase-name");
        assertThat(got.getValue()).isEqualTo("value");
        assertThat(got.getName()).isEqualTo("MixedCase-Name");
    }

    @Test
    void listPropertiesOfSecrets_returnsLatestOfEachWithoutValues() {
        other.setSecret("list-a", "1");
        other.setSecret("list-b", "2");
        other.setSecret("list-b", "3");

        List<SecretProperties> all = other.listPropertiesOfSecrets().stream().collect(Collectors.toList());
        assertThat(all).extracting(SecretProperties::getName).contains("list-a", "list-b");
        assertThat(all).filteredOn(p -> p.getName().equals("list-b")).singleElement()
                .satisfies(p -> assertThat(p.getId()).endsWith("/secrets/list-b"));
    }

    @Test
    void listPropertiesOfSecretVersions_returnsEveryVersion() {
        client.setSecret("many-versions", "1");
        client.setSecret("many-versions", "2");
        client.setSecret("many-versions", "3");

        List<SecretProperties> versions = client.listPropertiesOfSecretVersions("many-versions").stream().toList();
        assertThat(versions).hasSize(3).allSatisfy(p -> assertThat(p.getVersion()).hasSize(32));
    }

    @Test
    void updateSecretProperties_changesAttributesAndKeepsValue() {
        KeyVaultSecret s = client.setSecret("to-update", "keep-me");
        SecretProperties props = s.getProperties().setContentType("application/json").setTags(Map.of("a", "b"))
                .setEnabled(true);

        SecretProperties updated = client.updateSecretProperties(props);

        assertThat(updated.getContentType()).isEqualTo("application/json");
        assertThat(updated.getTags()).containsEntry("a", "b");
        assertThat(client.getSecret("to-update").getValue()).isEqualTo("keep-me");
    }

    @Test
    void getSecret_disabled_isForbiddenWithSecretDisabled() {
        KeyVaultSecret s = client.setSecret("disabled-one", "hidden");
        client.updateSecretProperties(s.getProperties().setEnabled(false));

        assertThatThrownBy(() -> client.getSecret("disabled-one"))
                .isInstanceOfSatisfying(HttpResponseException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(403);
                    assertThat(e.getMessage()).contains("SecretDisabled").doesNotContain("hidden");
                });
        assertThat(client.listPropertiesOfSecrets().stream()
                .filter(p -> p.getName().equals("disabled-one")).findFirst().orElseThrow().isEnabled()).isFalse();
    }

    @Test
    void getSecret_missing_isResourceNotFound() {
        assertThatThrownBy(() -> client.getSecret("does-not-exist"))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(404);
                    assertThat(e.getMessage()).contains("SecretNotFound");
                });
    }

    @Test
    void getSecret_unknownVersion_isResourceNotFound() {
        client.setSecret("known", "x");
        assertThatThrownBy(() -> client.getSecret("known", "0123456789abcdef0123456789abcdef"))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void beginDeleteSecret_softDeletes_andDeletedSecretIsListedAndGettable() {
        client.setSecret("to-delete", "x");

        DeletedSecret deleted = finish(client.beginDeleteSecret("to-delete"));

        assertThat(deleted.getRecoveryId()).endsWith("/deletedsecrets/to-delete");
        assertThat(deleted.getDeletedOn()).isNotNull();
        assertThat(deleted.getScheduledPurgeDate()).isAfter(deleted.getDeletedOn().plusDays(89));
        assertThat(client.getDeletedSecret("to-delete").getName()).isEqualTo("to-delete");
        assertThat(client.listDeletedSecrets().stream().map(DeletedSecret::getName)).contains("to-delete");
        assertThatThrownBy(() -> client.getSecret("to-delete")).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void setSecret_deletedName_isConflictObjectIsDeletedButRecoverable() {
        client.setSecret("deleted-reuse", "x");
        finish(client.beginDeleteSecret("deleted-reuse"));

        assertThatThrownBy(() -> client.setSecret("deleted-reuse", "y"))
                .isInstanceOfSatisfying(HttpResponseException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(409);
                    assertThat(e.getMessage()).contains("ObjectIsDeletedButRecoverable");
                });
    }

    @Test
    void beginRecoverDeletedSecret_restoresAllVersions() {
        client.setSecret("recover-me", "1");
        client.setSecret("recover-me", "2");
        finish(client.beginDeleteSecret("recover-me"));

        KeyVaultSecret recovered = finish(client.beginRecoverDeletedSecret("recover-me"));

        assertThat(recovered.getName()).isEqualTo("recover-me");
        assertThat(client.getSecret("recover-me").getValue()).isEqualTo("2");
        assertThat(client.listPropertiesOfSecretVersions("recover-me").stream()).hasSize(2);
    }

    @Test
    void purgeDeletedSecret_removesForGood_andNameIsReusable() {
        client.setSecret("purge-me", "1");
        finish(client.beginDeleteSecret("purge-me"));

        client.purgeDeletedSecret("purge-me");

        assertThatThrownBy(() -> client.getDeletedSecret("purge-me")).isInstanceOf(ResourceNotFoundException.class);
        assertThat(client.setSecret("purge-me", "again").getValue()).isEqualTo("again");
    }

    @Test
    void backupSecret_thenRestoreIntoOtherVault_bringsBackVersions() {
        client.setSecret("backed-up", "a");
        client.setSecret("backed-up", "b");

        byte[] blob = client.backupSecret("backed-up");
        KeyVaultSecret restored = other.restoreSecretBackup(blob);

        assertThat(restored.getName()).isEqualTo("backed-up");
        assertThat(other.getSecret("backed-up").getValue()).isEqualTo("b");
        assertThatThrownBy(() -> client.restoreSecretBackup(blob))
                .isInstanceOfSatisfying(HttpResponseException.class,
                        e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(409));
    }

    @Test
    void restoreSecretBackup_garbage_isBadParameter() {
        assertThatThrownBy(() -> client.restoreSecretBackup(new byte[] {1, 2, 3}))
                .isInstanceOfSatisfying(HttpResponseException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("BadParameter");
                });
    }

    @Test
    void setSecret_valueOver25KB_isBadParameter() {
        String big = "x".repeat(25 * 1024 + 1);
        assertThatThrownBy(() -> client.setSecret("too-big", big))
                .isInstanceOfSatisfying(HttpResponseException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("BadParameter").doesNotContain("xxxxxxxx");
                });
        assertThat(client.setSecret("just-fits", "y".repeat(25 * 1024)).getValue()).hasSize(25 * 1024);
    }

    @Test
    void setSecret_invalidName_isBadParameter() {
        assertThatThrownBy(() -> client.setSecret("bad_name", "v"))
                .isInstanceOfSatisfying(HttpResponseException.class,
                        e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(400));
    }

    @Test
    void listPropertiesOfSecrets_sixtySecrets_takesThreePages() {
        KeyVaultEmulator emulator = EMULATOR.get();
        KeyVaultEmulator fresh = KeyVaultEmulator.builder().vault("paging").start();
        try (fresh) {
            for (int i = 0; i < 60; i++) {
                fresh.setSecret("paging", String.format("page-%02d", i), "v" + i);
            }
            SecretClient paging = EmulatorClients.secretClient(fresh, "paging");
            paging.getSecret("page-00"); // the challenge happens here, not inside the listing
            fresh.resetStats();

            List<String> names = paging.listPropertiesOfSecrets().stream().map(SecretProperties::getName).toList();

            assertThat(names).hasSize(60).doesNotHaveDuplicates();
            assertThat(fresh.stats().vault("paging").operation("GetSecrets")).isEqualTo(3);
        }
        assertThat(emulator.vaultNames()).containsExactly("demo", "other");
    }
}
