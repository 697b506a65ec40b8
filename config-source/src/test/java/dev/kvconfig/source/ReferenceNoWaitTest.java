package dev.kvconfig.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.security.keyvault.certificates.models.CertificateContentType;
import com.azure.security.keyvault.certificates.models.CertificatePolicy;
import com.azure.security.keyvault.certificates.models.ImportCertificateOptions;
import com.azure.security.keyvault.keys.models.CreateEcKeyOptions;
import dev.kvconfig.emulator.Faults;
import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.emulator.junit.KeyVaultEmulatorExtension;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SecretKeysHandler;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * References never make a reader wait on the vault after startup: those in the configuration are fetched while the
 * config is built and held (never dropped by {@code max-staleness}), refreshed in the background. The emulator's
 * counters prove it: with 800 ms of latency injected after startup, reads send no request at all.
 */
class ReferenceNoWaitTest {

    private static final Duration LATENCY = Duration.ofMillis(800);

    @RegisterExtension
    static final KeyVaultEmulatorExtension EMULATOR = KeyVaultEmulatorExtension.of(KeyVaultEmulator.builder()
            .vault("nowait").seed("nowait", Map.of("nowait-db-password", "nowait-value-1")));

    @BeforeAll
    static void seed() {
        TestItems.keys(EMULATOR.get(), "nowait").createEcKey(new CreateEcKeyOptions("nowait-signing"));
        TestItems.TestCertificate cert = TestItems.TestCertificate.issue("nowait.example.com", "EC", Duration.ofDays(90));
        TestItems.certificates(EMULATOR.get(), "nowait").importCertificate(new ImportCertificateOptions("nowait-web",
                cert.pem().getBytes(StandardCharsets.US_ASCII)).setPolicy(new CertificatePolicy("Unknown",
                        "CN=nowait.example.com").setContentType(CertificateContentType.PEM)));
    }

    private static Map<String, String> settings() {
        Map<String, String> s = new HashMap<>(TestVaults.settings(EMULATOR.get(), "nowait"));
        s.put("keyvault.refresh.max-staleness", "1s");
        s.put("keyvault.expiry-warning", "0");
        s.put("app.secret", "${keyvault::nowait-db-password}");
        s.put("app.key", "${keyvault-key::nowait-signing#jwk}");
        s.put("app.cert", "${keyvault-cert::nowait-web#thumbprint}");
        s.put("app.chain", "${keyvault-cert::nowait-web#chain}");
        return s;
    }

    @Test
    void references_firstReadAfterStartupAndReadsPastMaxStaleness_sendNoRequest() throws Exception {
        SmallRyeConfig config = TestVaults.config(settings());
        try {
            EMULATOR.get().faults(Faults.latency(LATENCY));
            EMULATOR.get().resetStats();

            assertThat(config.getValue("app.secret", String.class)).isEqualTo("nowait-value-1");
            assertThat(config.getValue("app.key", String.class)).contains("\"kty\":\"EC\"");
            assertThat(config.getValue("app.cert", String.class)).matches("[0-9A-F]{40}");
            assertThat(config.getValue("app.chain", String.class)).startsWith("-----BEGIN CERTIFICATE-----");
            assertThat(EMULATOR.get().stats().total()).as("requests during first reads").isZero();

            // Past refresh.max-staleness (1s): nothing was dropped, so nothing is fetched on the reading thread.
            Thread.sleep(1_200);
            assertThat(config.getValue("app.secret", String.class)).isEqualTo("nowait-value-1");
            assertThat(config.getValue("app.key", String.class)).contains("\"kty\":\"EC\"");
            assertThat(config.getValue("app.chain", String.class)).startsWith("-----BEGIN CERTIFICATE-----");
            assertThat(EMULATOR.get().stats().total()).as("requests during reads past max-staleness").isZero();
        } finally {
            EMULATOR.get().clearFaults();
            KeyVaultConfigSource.closeAll(config);
        }
    }

    /**
     * Handlers registered on the builder rather than discovered (as the Quarkus extension registers them) get a context
     * that expands values with no handler, so a value holding a reference cannot be read expanded: the scan reads it
     * raw, and every reference is fetched at startup all the same.
     */
    @Test
    void references_handlersRegisteredOnTheBuilder_firstReadsSendNoRequest() {
        Map<String, String> s = settings();
        s.put("app.other", "user=app;password=${keyvault::nowait-db-password}");
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDiscoveredSources()
                .addDefaultInterceptors()
                .withSecretKeyHandlerFactories(new KeyVaultSecretKeysHandlerFactory(),
                        new KeyVaultKeyHandlerFactory(), new KeyVaultCertificateHandlerFactory())
                .withSources(new PropertiesConfigSource(s, "test-settings", 250))
                .build();
        try {
            EMULATOR.get().faults(Faults.latency(LATENCY));
            EMULATOR.get().resetStats();

            assertThat(config.getValue("app.other", String.class)).isEqualTo("user=app;password=nowait-value-1");
            assertThat(config.getValue("app.secret", String.class)).isEqualTo("nowait-value-1");
            assertThat(config.getValue("app.key", String.class)).contains("\"kty\":\"EC\"");
            assertThat(config.getValue("app.chain", String.class)).startsWith("-----BEGIN CERTIFICATE-----");
            assertThat(EMULATOR.get().stats().total()).as("requests during first reads").isZero();
        } finally {
            EMULATOR.get().clearFaults();
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void reference_readPastRefreshInterval_servesHeldValueAndRefreshesInTheBackground() throws Exception {
        EMULATOR.get().setSecret("nowait", "nowait-rotating", "nowait-rotating-1");
        Map<String, String> s = settings();
        s.put("keyvault.refresh.interval", "1s");
        s.put("app.rotating", "${keyvault::nowait-rotating}");
        SmallRyeConfig config = TestVaults.config(s);
        try {
            EMULATOR.get().faults(Faults.latency(LATENCY));
            assertThat(config.getValue("app.rotating", String.class)).isEqualTo("nowait-rotating-1");

            EMULATOR.get().setSecret("nowait", "nowait-rotating", "nowait-rotating-2");
            Thread.sleep(1_200);
            // Past refresh.interval: this read starts the refresh but does not wait for it (800 ms at the vault), so
            // it gets the held value. Had it fetched on this thread, it would return the new one.
            assertThat(config.getValue("app.rotating", String.class)).isEqualTo("nowait-rotating-1");
            String seen = config.getValue("app.rotating", String.class);
            for (int i = 0; i < 300 && !seen.equals("nowait-rotating-2"); i++) {
                Thread.sleep(100);
                seen = config.getValue("app.rotating", String.class);
            }
            assertThat(seen).isEqualTo("nowait-rotating-2");
        } finally {
            EMULATOR.get().clearFaults();
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void reference_builtAtRunTime_isFetchedOnceOnFirstReadThenHeld() throws Exception {
        EMULATOR.get().setSecret("nowait", "nowait-runtime", "nowait-runtime-value");
        Map<String, String> s = settings();
        SecretKeysHandler handler = new KeyVaultSecretKeysHandlerFactory().getSecretKeysHandler(context(s));
        try {
            EMULATOR.get().resetStats();
            // Not in the configuration when the handler was created: the first read fetches it, on this thread.
            assertThat(handler.decode("nowait-runtime")).isEqualTo("nowait-runtime-value");
            long first = TestVaults.count(EMULATOR.get(), "nowait", "GetSecret");
            assertThat(first).isBetween(1L, 2L); // the fetch, and the bearer challenge of a new client
            Thread.sleep(1_200);
            assertThat(handler.decode("nowait-runtime")).isEqualTo("nowait-runtime-value");
            assertThat(TestVaults.count(EMULATOR.get(), "nowait", "GetSecret")).isEqualTo(first);
        } finally {
            ((AutoCloseable) handler).close();
        }
    }

    @Test
    void reference_missingThenCreated_failureIsNotKept() throws Exception {
        Map<String, String> s = settings();
        s.put("app.later", "${keyvault::nowait-created-later}");
        SmallRyeConfig config = TestVaults.config(s);
        try (TestItems.LogCapture log = new TestItems.LogCapture()) {
            assertThatThrownBy(() -> config.getValue("app.later", String.class))
                    .hasMessageContaining("${keyvault::nowait-created-later}: the secret does not exist in vault default");

            EMULATOR.get().setSecret("nowait", "nowait-created-later", "nowait-created-value");

            assertThat(config.getValue("app.later", String.class)).isEqualTo("nowait-created-value");
            assertThat(log.warnings()).isEmpty();
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    /** The settings as an adapter's context hands them to a handler factory. */
    private static ConfigSourceContext context(Map<String, String> settings) {
        return new ConfigSourceContext() {
            @Override
            public ConfigValue getValue(String name) {
                String value = settings.get(name);
                return value == null ? null : ConfigValue.builder().withName(name).withValue(value).build();
            }

            @Override
            public Iterator<String> iterateNames() {
                return settings.keySet().iterator();
            }
        };
    }
}
