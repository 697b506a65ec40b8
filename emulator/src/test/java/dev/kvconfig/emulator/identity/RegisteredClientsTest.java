package dev.kvconfig.emulator.identity;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import dev.kvconfig.emulator.certificates.TestCertificates;
import dev.kvconfig.emulator.EmulatorClients;
import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.emulator.junit.KeyVaultEmulatorExtension;
import dev.kvconfig.emulator.server.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Clients registered on the emulator builder, with strict client checking, through ClientSecretCredential. */
class RegisteredClientsTest {
    private static final String OBJECT_ID = "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9";

    @RegisterExtension
    static final KeyVaultEmulatorExtension EMULATOR = KeyVaultEmulatorExtension.of(KeyVaultEmulator.builder()
            .vault("demo").client("orders-app", "right-secret", OBJECT_ID).strictClients(true));

    private static final TokenRequestContext VAULT_SCOPE =
            new TokenRequestContext().addScopes("https://vault.azure.net/.default");

    private static TokenCredential credential(KeyVaultEmulator emulator, String clientId, String secret) {
        return new ClientSecretCredentialBuilder().tenantId(emulator.tenantId()).clientId(clientId)
                .clientSecret(secret).authorityHost(emulator.authorityHost().toString()).disableInstanceDiscovery()
                .httpClient(EmulatorClients.httpClient(emulator)).build();
    }

    @Test
    @SuppressWarnings("unchecked")
    void registeredClient_rightSecret_tokenCarriesRegisteredObjectId(KeyVaultEmulator emulator) {
        String token = credential(emulator, "orders-app", "right-secret").getTokenSync(VAULT_SCOPE).getToken();

        Map<String, Object> claims = (Map<String, Object>) Json.parse(Base64.getUrlDecoder().decode(
                token.split("\\.")[1]));
        assertThat(claims).containsEntry("oid", OBJECT_ID).containsEntry("appid", "orders-app");
    }

    @Test
    @SuppressWarnings("unchecked")
    void clientCertificateCredential_assertionNamingClient_getsToken(KeyVaultEmulator emulator, @TempDir Path dir)
            throws IOException {
        // the credential signs a JWT assertion with iss = sub = client id; the emulator checks that, not the key
        Path pem = Files.writeString(dir.resolve("client.pem"), TestCertificates.rsa("orders-app").pem());
        TokenCredential credential = new ClientCertificateCredentialBuilder().tenantId(emulator.tenantId())
                .clientId("orders-app").pemCertificate(pem.toString())
                .authorityHost(emulator.authorityHost().toString()).disableInstanceDiscovery()
                .httpClient(EmulatorClients.httpClient(emulator)).build();

        String token = credential.getTokenSync(VAULT_SCOPE).getToken();

        Map<String, Object> claims = (Map<String, Object>) Json.parse(Base64.getUrlDecoder().decode(
                token.split("\\.")[1]));
        assertThat(claims).containsEntry("oid", OBJECT_ID).containsEntry("appidacr", "2");
    }

    @Test
    void registeredClient_wrongSecret_isInvalidClient(KeyVaultEmulator emulator) {
        assertThatThrownBy(() -> credential(emulator, "orders-app", "wrong").getTokenSync(VAULT_SCOPE))
                .hasMessageContaining("AADSTS7000215").hasMessageNotContaining("right-secret");
    }

    @Test
    void unregisteredClient_strict_isUnauthorizedClient(KeyVaultEmulator emulator) {
        assertThatThrownBy(() -> credential(emulator, "stranger", "s").getTokenSync(VAULT_SCOPE))
                .hasMessageContaining("AADSTS700016");
    }

    @Test
    void builder_duplicateClient_isRejectedAtTheCall() {
        KeyVaultEmulator.Builder builder = KeyVaultEmulator.builder().client("a", "s", "o");

        assertThatThrownBy(() -> builder.client("A", "t", "p")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already registered");
    }
}
