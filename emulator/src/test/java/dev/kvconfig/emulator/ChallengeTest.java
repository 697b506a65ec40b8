package dev.kvconfig.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.exception.HttpResponseException;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import dev.kvconfig.emulator.junit.KeyVaultEmulatorExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

/** The bearer challenge as the service does it, observed through the SDK and on the wire. */
class ChallengeTest {
    @RegisterExtension
    static final KeyVaultEmulatorExtension EMULATOR = KeyVaultEmulatorExtension.of(
            KeyVaultEmulator.builder().vault("demo").seed("demo", java.util.Map.of("greeting", "hello")));

    @Test
    void getSecret_newClient_answersChallengeThenSucceeds(KeyVaultEmulator emulator) {
        SecretClient client = EmulatorClients.secretClient(emulator, "demo");

        assertThat(client.getSecret("greeting").getValue()).isEqualTo("hello");

        // one 401 (challenge, no token) and one 200, both counted as GetSecret
        assertThat(emulator.stats().vault("demo").operation("GetSecret")).isEqualTo(2);
    }

    @Test
    void request_withoutToken_gets401WithChallengeBeforeBodyIsRead(KeyVaultEmulator emulator) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(emulator.sslContext()).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        emulator.vaultUrl("demo").resolve("secrets/greeting?api-version=7.5"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"value\":\"never-read\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer authorization=\""
                + emulator.authorityHost() + emulator.tenantId() + "\", resource=\"https://vault.azure.net\"");
        assertThat(response.body()).contains("\"Unauthorized\"").contains("AKV10000");
        assertThat(emulator.stats().vault("demo").operation("SetSecret")).isEqualTo(1);
        assertThat(emulator.stats().vault("demo").operation("GetSecret")).isZero();
    }

    @Test
    void getSecret_vaultAzureNetHostWithResourceCheckOn_succeeds(KeyVaultEmulator emulator) {
        // demo.vault.azure.net resolves to 127.0.0.1 through -Djdk.net.hosts.file (surefire argLine)
        SecretClient client = new SecretClientBuilder()
                .vaultUrl("https://demo.vault.azure.net:" + emulator.vaultPort("demo") + "/")
                .credential(emulator.credential())
                .httpClient(EmulatorClients.httpClient(emulator))
                .buildClient();

        assertThat(client.getSecret("greeting").getValue()).isEqualTo("hello");
    }

    @Test
    void challengeResource_derivedFromHost() {
        assertThat(Dispatcher.challengeResource("demo.vault.azure.net")).isEqualTo("https://vault.azure.net");
        assertThat(Dispatcher.challengeResource("kv.vault.azure.cn")).isEqualTo("https://vault.azure.cn");
        assertThat(Dispatcher.challengeResource("localhost")).isEqualTo("https://vault.azure.net");
        assertThat(Dispatcher.challengeResource("127.0.0.1")).isEqualTo("https://vault.azure.net");
    }

    @Test
    void requireEmulatorTokens_foreignToken_isUnauthorized_emulatorTokenWorks() {
        try (KeyVaultEmulator strict = KeyVaultEmulator.builder().vault("strict").requireEmulatorTokens(true)
                .seed("strict", java.util.Map.of("s", "v")).start()) {
            SecretClient foreign = EmulatorClients.builder(strict, "strict",
                    request -> Mono.just(new AccessToken("not-from-the-emulator", OffsetDateTime.now().plusHours(1))))
                    .buildClient();

            assertThatThrownBy(() -> foreign.getSecret("s")).isInstanceOfSatisfying(HttpResponseException.class,
                    e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(401));
            assertThat(EmulatorClients.secretClient(strict, "strict").getSecret("s").getValue()).isEqualTo("v");
        }
    }
}
