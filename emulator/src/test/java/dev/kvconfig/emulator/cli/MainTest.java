package dev.kvconfig.emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.credential.AccessToken;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import dev.kvconfig.emulator.EmulatorClients;
import dev.kvconfig.emulator.server.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/** The CLI: flags, usage errors, and a real emulator process used only through its info file. */
class MainTest {

    private static int run(ByteArrayOutputStream err, String... args) {
        return Main.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void run_unknownFlag_printsUsageAndExits2() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(run(err, "--vault", "demo", "--bogus")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option '--bogus'").contains("Usage:");
    }

    @Test
    void run_noVault_exits2() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(run(err, "--port", "0")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--vault");
    }

    @Test
    void run_badValues_exit2NamingTheFlag() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(run(err, "--port", "abc", "--vault", "demo")).isEqualTo(2);
        assertThat(run(err, "--vault", "x")).isEqualTo(2);
        assertThat(run(err, "--vault", "demo", "--seed", "demo")).isEqualTo(2);
        assertThat(run(err, "--vault", "demo", "--key", "demo")).isEqualTo(2);
        assertThat(run(err, "--vault", "demo", "--key", "demo=jwt:oct")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("type 'oct' is not rsa or ec");
        assertThat(run(err, "--vault", "demo", "--latency-ms")).isEqualTo(2);
        assertThat(run(err, "--vault", "demo", "--seed", "demo=/no/such/file.properties")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--port needs a whole number")
                .contains("vault name 'x' is invalid").contains("--seed needs VAULT=FILE.properties")
                .contains("--latency-ms needs a value").contains("not a readable file");
    }

    @Test
    void parse_keyFlag_seedsTheKeyAtStart() throws Exception {
        try (var emulator = Main.parse(new String[] {"--vault", "demo", "--key", "demo=jwt-signing:rsa",
                "--key=demo=ec-signing"}).builder().start()) {
            var keys = new com.azure.security.keyvault.keys.KeyClientBuilder()
                    .vaultUrl(emulator.vaultUrl("demo").toString()).credential(emulator.credential())
                    .httpClient(EmulatorClients.httpClient(emulator)).disableChallengeResourceVerification()
                    .buildClient();
            assertThat(keys.getKey("jwt-signing").getKeyType().toString()).isEqualTo("RSA");
            assertThat(keys.getKey("ec-signing").getKeyType().toString()).isEqualTo("EC");
        }
    }

    @Test
    void run_help_printsUsageAndExits0() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--info-file");
    }

    @Test
    void process_writesInfoFile_andFreshClientConfiguredFromItWorks(@TempDir Path dir) throws Exception {
        Path info = dir.resolve("info.json");
        Path seed = Path.of("src/main/resources/demo-secrets.properties").toAbsolutePath();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--port", "0", "--vault", "demo", "--seed", "demo=" + seed,
                "--info-file", info.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(info) && process.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(info).as("info file (process log: %s)", dir.resolve("out.log")).exists();

            @SuppressWarnings("unchecked")
            Map<String, Object> json = (Map<String, Object>) Json.parse(Files.readAllBytes(info));
            @SuppressWarnings("unchecked")
            String vaultUrl = ((Map<String, String>) json.get("vaults")).get("demo");
            SecretClient client = new SecretClientBuilder()
                    .vaultUrl(vaultUrl)
                    .httpClient(EmulatorClients.httpClient(Path.of((String) json.get("trustStore")),
                            (String) json.get("trustStorePassword"), (String) json.get("trustStoreType")))
                    .credential(request -> Mono.just(new AccessToken("any-token", OffsetDateTime.now().plusHours(1))))
                    .disableChallengeResourceVerification()
                    .buildClient();

            assertThat(client.getSecret("greeting-message").getValue()).isEqualTo("Hello from the kvconfig emulator");
            assertThat(client.getSecret("db-password").getValue()).isEqualTo("demo-only-password");

            HttpResponse<String> stats = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(json.get("adminUrl") + "/stats")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(stats.body()).contains("\"GetSecret\":3"); // challenge 401 + two reads
            assertThat(List.of(json.keySet().toArray())).contains("vaults", "trustStore", "trustStorePassword",
                    "trustStoreType", "adminUrl", "authorityHost", "tenantId", "subscriptionId");
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
