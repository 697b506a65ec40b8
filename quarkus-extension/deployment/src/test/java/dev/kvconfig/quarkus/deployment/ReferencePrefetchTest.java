package dev.kvconfig.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvconfig.emulator.KeyVaultEmulator;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every {@code ${keyvault::…}} (and {@code ${keyvault-key::…}}) reference written in the configuration is fetched
 * while the application starts and held from then on: with 800 ms of latency injected into the vault after startup,
 * reading each reference for the first time sends no request at all (the emulator's counters, read over its admin API
 * since the test runs in Quarkus' class loader, say so), so no read waits on the network on the caller's thread.
 */
class ReferencePrefetchTest {

    private static final String ADMIN_URL = "kvtest.prefetch.admin-url";

    private static final ExplicitEmulator VAULTS = ExplicitEmulator.of(() -> KeyVaultEmulator.builder()
            .vault("prefetch")
            .seed("prefetch", Map.of("ref-one", "value-one", "ref-two", "value-two", "ref-three", "value-three",
                    "ref-four", "value-four")), "prefetch")
            .property(ADMIN_URL, e -> e.adminUrl().toString())
            .afterStart(e -> VaultWriter.createRsaKey(e, "prefetch", "ref-signing"));

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(ExplicitEmulator.class, VaultWriter.class))
            .overrideConfigKey("quarkus.keyvault.devservices.enabled", "false")
            // No background refresh of the source or the references can send a request during the reads.
            .overrideConfigKey("quarkus.keyvault.refresh.interval", "1h")
            .overrideConfigKey("app.one", "${keyvault::ref-one}")
            .overrideConfigKey("app.two", "${keyvault::ref-two}")
            .overrideConfigKey("app.three", "user=app;password=${keyvault::ref-three}")
            .overrideConfigKey("app.four", "${keyvault::ref-four}")
            .overrideConfigKey("app.signing-key", "${keyvault-key::ref-signing}")
            .setBeforeAllCustomizer(VAULTS::start)
            .setAfterAllCustomizer(VAULTS::stop);

    @Inject
    Config config;

    @Test
    void references_firstReadAfterStartupWithVaultLatency_sendNoRequest() throws Exception {
        admin("PUT", "/faults", "{\"latencyMs\":800}");
        try {
            admin("POST", "/stats/reset", "");

            assertThat(config.getValue("app.two", String.class)).isEqualTo("value-two");
            assertThat(config.getValue("app.three", String.class)).isEqualTo("user=app;password=value-three");
            assertThat(config.getValue("app.four", String.class)).isEqualTo("value-four");
            assertThat(config.getValue("app.one", String.class)).isEqualTo("value-one");
            assertThat(config.getValue("app.signing-key", String.class)).startsWith("-----BEGIN PUBLIC KEY-----");

            String stats = admin("GET", "/stats", null);
            assertThat(count(stats, "GetSecret")).as("GetSecret requests during first reads: %s", stats).isZero();
            assertThat(count(stats, "GetKey")).as("GetKey requests during first reads: %s", stats).isZero();
            assertThat(count(stats, "total")).as("requests during first reads: %s", stats).isZero();
        } finally {
            admin("DELETE", "/faults", null);
        }
    }

    /** The first {@code "key":n} of the stats JSON, 0 when absent ({@code "GetSecret"} does not match GetSecrets). */
    private static long count(String stats, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":(\\d+)").matcher(stats);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private String admin(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        HttpRequest request = HttpRequest.newBuilder(URI.create(config.getValue(ADMIN_URL, String.class) + path))
                .method(method, publisher).header("Content-Type", "application/json").build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s", method, path).isBetween(200, 299);
        return response.body();
    }
}
