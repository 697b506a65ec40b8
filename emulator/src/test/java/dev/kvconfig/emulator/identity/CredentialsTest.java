package dev.kvconfig.emulator.identity;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.exception.HttpResponseException;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import dev.kvconfig.emulator.EmulatorClients;
import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.emulator.junit.KeyVaultEmulatorExtension;
import dev.kvconfig.emulator.server.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The three azure-identity credentials get tokens from the emulator's identity endpoints and read a secret from a vault
 * that accepts only emulator-signed tokens, with the SDK's challenge resource check on
 * ({@code demo.vault.azure.net} resolves to 127.0.0.1 through surefire's {@code jdk.net.hosts.file}).
 */
class CredentialsTest {
    @RegisterExtension
    static final KeyVaultEmulatorExtension EMULATOR = KeyVaultEmulatorExtension.of(KeyVaultEmulator.builder()
            .vault("demo").requireEmulatorTokens(true).seed("demo", Map.of("db-password", "hunter2")));

    private static final TokenRequestContext VAULT_SCOPE =
            new TokenRequestContext().addScopes("https://vault.azure.net/.default");

    private static String vaultUrl(KeyVaultEmulator emulator) {
        return "https://demo.vault.azure.net:" + emulator.vaultPort("demo") + "/";
    }

    /** A SecretClient with the challenge resource check on. */
    private static SecretClient secretClient(KeyVaultEmulator emulator, TokenCredential credential) {
        return new SecretClientBuilder().vaultUrl(vaultUrl(emulator)).credential(credential)
                .httpClient(EmulatorClients.httpClient(emulator)).retryOptions(EmulatorClients.quickRetries(1))
                .buildClient();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> claims(String jwt) {
        return (Map<String, Object>) Json.parse(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    @Test
    void clientSecretCredential_tokenFromEmulator_readsSecret(KeyVaultEmulator emulator) {
        TokenCredential credential = new ClientSecretCredentialBuilder()
                .tenantId(emulator.tenantId()).clientId("orders-app").clientSecret("any-secret")
                .authorityHost(emulator.authorityHost().toString()).disableInstanceDiscovery()
                .httpClient(EmulatorClients.httpClient(emulator)).build();

        assertThat(secretClient(emulator, credential).getSecret("db-password").getValue()).isEqualTo("hunter2");

        Map<String, Object> claims = claims(credential.getTokenSync(VAULT_SCOPE).getToken());
        assertThat(claims).containsEntry("aud", "https://vault.azure.net").containsEntry("tid", emulator.tenantId())
                .containsEntry("appid", "orders-app")
                .containsEntry("oid", UUID.nameUUIDFromBytes("orders-app".getBytes(StandardCharsets.UTF_8)).toString())
                .containsEntry("iss", "https://sts.windows.net/" + emulator.tenantId() + "/");
    }

    @Test
    void workloadIdentityCredential_tokenFile_readsSecret(KeyVaultEmulator emulator, @TempDir Path dir)
            throws IOException {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String serviceAccountToken = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes())
                + "." + b64.encodeToString(("{\"iss\":\"https://oidc.example\",\"sub\":\"system:serviceaccount:"
                + "default:orders\",\"aud\":\"api://AzureADTokenExchange\"}").getBytes()) + ".c2lnbmF0dXJl";
        Path tokenFile = Files.writeString(dir.resolve("azure-identity-token"), serviceAccountToken);
        TokenCredential credential = new WorkloadIdentityCredentialBuilder()
                .tenantId(emulator.tenantId()).clientId("orders-workload").tokenFilePath(tokenFile.toString())
                .authorityHost(emulator.authorityHost().toString()).disableInstanceDiscovery()
                .httpClient(EmulatorClients.httpClient(emulator)).build();

        assertThat(secretClient(emulator, credential).getSecret("db-password").getValue()).isEqualTo("hunter2");
        assertThat(claims(credential.getTokenSync(VAULT_SCOPE).getToken()))
                .containsEntry("appid", "orders-workload").containsEntry("appidacr", "2");
    }

    @Test
    void managedIdentityCredential_appServiceEndpoint_readsSecret(KeyVaultEmulator emulator) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Djdk.net.hosts.file=" + System.getProperty("jdk.net.hosts.file"),
                ManagedIdentityProbe.class.getName(), vaultUrl(emulator), emulator.trustStore().toString(),
                emulator.trustStorePassword(), emulator.trustStoreType(), "db-password"))
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        List.of("MSI_ENDPOINT", "MSI_SECRET", "IMDS_ENDPOINT", "IDENTITY_SERVER_THUMBPRINT", "AZURE_CLIENT_ID",
                "AZURE_TENANT_ID", "AZURE_FEDERATED_TOKEN_FILE").forEach(env::remove);
        env.put("IDENTITY_ENDPOINT", emulator.authorityHost() + "msi/token");
        env.put("IDENTITY_HEADER", "emulator");

        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("child JVM finished").isTrue();

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("SECRET=hunter2");
        // a fresh JVM has no cached challenge: one 401 without a token, then the authorized request
        assertThat(emulator.stats().vault("demo").operation("GetSecret")).isEqualTo(2);
    }

    @Test
    void requireEmulatorTokens_forgedToken_isUnauthorized(KeyVaultEmulator emulator) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String forged = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes()) + "."
                + b64.encodeToString(("{\"iss\":\"https://sts.windows.net/" + emulator.tenantId() + "/\",\"aud\":"
                + "\"https://vault.azure.net\",\"exp\":4102444800}").getBytes()) + ".Zm9yZ2Vk";
        TokenCredential credential = request -> Mono.just(new AccessToken(forged, OffsetDateTime.now().plusHours(1)));

        assertThatThrownBy(() -> secretClient(emulator, credential).getSecret("db-password"))
                .isInstanceOfSatisfying(HttpResponseException.class,
                        e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(401));
    }

    @Test
    void emulatorCredential_signedToken_isAccepted(KeyVaultEmulator emulator) {
        assertThat(EmulatorClients.secretClient(emulator, "demo").getSecret("db-password").getValue())
                .isEqualTo("hunter2");
        assertThat(claims(emulator.issueToken("11111111-2222-3333-4444-555555555555")))
                .containsEntry("oid", "11111111-2222-3333-4444-555555555555")
                .containsEntry("tid", emulator.tenantId()).containsKey("appid");
    }

    @Test
    void tokenEndpoint_otherTenant_isAadError(KeyVaultEmulator emulator) {
        TokenCredential credential = new ClientSecretCredentialBuilder()
                .tenantId("00000000-0000-0000-0000-00000000dead").clientId("orders-app").clientSecret("s")
                .authorityHost(emulator.authorityHost().toString()).disableInstanceDiscovery()
                .httpClient(EmulatorClients.httpClient(emulator)).build();

        assertThatThrownBy(() -> credential.getTokenSync(VAULT_SCOPE)).hasMessageContaining("AADSTS90002");
    }
}
