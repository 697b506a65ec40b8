package dev.kvconfig.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.security.keyvault.certificates.CertificateClient;
import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.source.KeyVaultConfigSource;
import io.quarkus.test.QuarkusUnitTest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.microprofile.config.Config;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Quarkus HTTPS server on {@code quarkus.http.tls-configuration-name=web}, a TLS registry configuration from
 * {@code quarkus.keyvault.tls-material.web.certificate}: clients on 4 threads, each request on a new connection and a
 * new client context (a full handshake), while a renewed version is imported with the SDK and the source refreshed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TlsRegistryTest {

    private static final String CA_FILE = "kvconfig.test.tls-ca";
    private static Path caFile;

    private static final ExplicitEmulator VAULTS = ExplicitEmulator.of(() -> KeyVaultEmulator.builder().vault("demo"),
            "demo")
            .afterStart(e -> {
                TestCa ca = TestCa.create("kvconfig Quarkus TLS CA");
                caFile = ca.save();
                ca.issue("RSA", Duration.ofDays(90)).importAs(TestCa.certificates(e.vaultUrl("demo").toString(),
                        e.trustStore(), e.trustStorePassword()), "web-tls");
            })
            .property(CA_FILE, e -> caFile.toString());

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(TestCa.class, TestCa.Issued.class, ExplicitEmulator.class))
            .overrideConfigKey("quarkus.keyvault.devservices.enabled", "false")
            // Refreshes only when the test asks: no background cycle can race the assertions.
            .overrideConfigKey("quarkus.keyvault.refresh.interval", "1h")
            .overrideConfigKey("quarkus.keyvault.tls-material.web.certificate", "web-tls")
            .overrideConfigKey("quarkus.http.tls-configuration-name", "web")
            .overrideConfigKey("quarkus.http.test-ssl-port", "0")
            .overrideConfigKey("quarkus.http.insecure-requests", "disabled")
            .setLogRecordPredicate(r -> r.getLoggerName().startsWith("dev.kvconfig"))
            // After both tests: the switch was logged once, and each bad version was refused with its reason.
            .assertLogRecords(records -> assertThat(records).extracting(TlsRegistryTest::text)
                    .anySatisfy(l -> assertThat(l).contains("TLS configuration web registered from"))
                    .anySatisfy(l -> assertThat(l).contains("TLS certificate 'web-tls' now serves version"))
                    .anySatisfy(l -> assertThat(l).contains("TLS certificate refused, still serving version",
                            "web-tls", "expired on"))
                    .anySatisfy(l -> assertThat(l).contains("TLS certificate refused, still serving version",
                            "web-tls", "has a EC key but the served version")))
            .setBeforeAllCustomizer(VAULTS::start)
            .setAfterAllCustomizer(VAULTS::stop);

    @TestHTTPResource(value = "/q/health/ready", tls = true)
    URL ready;

    @Inject
    Config config;

    @Inject
    TlsConfigurationRegistry registry;

    @Test
    @Order(1)
    void httpsServer_renewedCertificate_newHandshakesPresentItWithoutFailedRequests() throws Exception {
        TestCa ca = TestCa.load(Path.of(System.getProperty(CA_FILE)));
        String first = served();
        TestCa.Issued renewed = ca.issue("RSA", Duration.ofDays(90));

        Load load = new Load(ready, ca.trust(), renewed.serial());
        load.startAndWaitFor(20);
        assertThat(load.serials).containsExactly(first);
        renewed.importAs(certificates(), "web-tls");
        long written = System.nanoTime();
        load.markWritten();
        source().refreshNow().get(30, TimeUnit.SECONDS);
        long refreshed = System.nanoTime();
        load.markRefreshed(refreshed);
        load.waitForNew(20);
        load.stop();

        assertThat(load.failures).as("failed requests, first: %s", load.firstFailure.get()).hasValue(0);
        // Every handshake that started after the refresh returned presented the new certificate.
        assertThat(load.serialsAfterRefresh).containsExactly(renewed.serial());
        assertThat(served()).isEqualTo(renewed.serial());
        // Health: the readiness data shows the certificate in use under the vault's "tls" details.
        assertThat(load.lastBody.get()).contains("default.tls", "web", "serial=" + renewed.serial());
        System.out.printf(Locale.ROOT, "Quarkus TLS rotation: %d requests from 4 threads, %d failed; %d requests "
                + "between the new version written and the first handshake presenting it; %d ms from written to that "
                + "handshake (the refresh took %d ms)%n", load.requests.get(), load.failures.get(),
                load.duringSwitch.get(), TimeUnit.NANOSECONDS.toMillis(load.firstNewAt.get() - written),
                TimeUnit.NANOSECONDS.toMillis(refreshed - written));
    }

    @Test
    @Order(2)
    void httpsServer_badNewVersions_areRefusedAndTheServerKeepsTheLastGood() throws Exception {
        TestCa ca = TestCa.load(Path.of(System.getProperty(CA_FILE)));
        String good = served();
        List<TestCa.Issued> bad = List.of(ca.issue("RSA", Duration.ofDays(-1)), ca.issue("EC", Duration.ofDays(90)));
        List<String> reasons = List.of("expired on", "has a EC key but the served version");
        for (int i = 0; i < bad.size(); i++) {
            bad.get(i).importAs(certificates(), "web-tls");
            source().refreshNow().get(30, TimeUnit.SECONDS);
            String reason = reasons.get(i);
            assertThat(source().status().refused()).anySatisfy(r -> assertThat(r).contains(reason));
            assertThat(source().status().tls().get("web").lastRefusal()).hasValueSatisfying(r -> assertThat(r)
                    .contains(reason));

            Load load = new Load(ready, ca.trust(), bad.get(i).serial());
            load.startAndWaitFor(8);
            load.stop();
            assertThat(load.failures).as("failed requests, first: %s", load.firstFailure.get()).hasValue(0);
            assertThat(load.serials).containsExactly(good);
        }
        assertThat(served()).isEqualTo(good);
    }

    /** The serial in the registry configuration's key store snapshot. */
    private String served() throws Exception {
        TlsConfiguration web = registry.get("web").orElseThrow();
        KeyStore store = web.getKeyStore();
        return TestCa.serial((X509Certificate) store.getCertificate("web"));
    }

    private KeyVaultConfigSource source() {
        return KeyVaultConfigSource.of(config).get(0);
    }

    private CertificateClient certificates() {
        return TestCa.certificates(config.getValue("quarkus.keyvault.url", String.class),
                Path.of(config.getValue("quarkus.keyvault.tls.trust-store", String.class)),
                config.getValue("quarkus.keyvault.tls.trust-store-password", String.class));
    }

    /** The message as logged: JBoss Logging's printf-style lines and the core's MessageFormat ones. */
    private static String text(LogRecord r) {
        return r instanceof ExtLogRecord e ? e.getFormattedMessage() : new SimpleFormatter().formatMessage(r);
    }

    /**
     * GETs from 4 threads until stopped, each on a new connection and a new client context (a full handshake),
     * recording the server's serials, and when the serial {@code expected} is first presented.
     */
    private static final class Load {
        final AtomicLong requests = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        final AtomicLong duringSwitch = new AtomicLong();
        final AtomicLong afterNew = new AtomicLong();
        final AtomicLong firstNewAt = new AtomicLong();
        final AtomicReference<String> firstFailure = new AtomicReference<>();
        final AtomicReference<String> lastBody = new AtomicReference<>();
        final Set<String> serials = ConcurrentHashMap.newKeySet();
        final Set<String> serialsAfterRefresh = ConcurrentHashMap.newKeySet();
        private final AtomicBoolean written = new AtomicBoolean();
        private final AtomicLong refreshedAt = new AtomicLong(Long.MAX_VALUE);
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final ExecutorService threads = Executors.newFixedThreadPool(4);
        private final List<Future<?>> running = new ArrayList<>();
        private final URL url;
        private final TrustManagerFactory trust;
        private final String expected;

        Load(URL url, TrustManagerFactory trust, String expected) {
            this.url = url;
            this.trust = trust;
            this.expected = expected;
        }

        void startAndWaitFor(long count) throws InterruptedException {
            for (int i = 0; i < 4; i++) {
                running.add(threads.submit(this::loop));
            }
            waitUntil(() -> requests.get() >= count);
        }

        void markWritten() {
            written.set(true);
        }

        void markRefreshed(long nanoTime) {
            refreshedAt.set(nanoTime);
        }

        void waitForNew(long count) throws InterruptedException {
            waitUntil(() -> afterNew.get() >= count);
        }

        void stop() throws Exception {
            stopped.set(true);
            for (Future<?> f : running) {
                f.get(60, TimeUnit.SECONDS);
            }
            threads.shutdown();
        }

        private void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!condition.getAsBoolean()) {
                if (failures.get() > 0 || System.nanoTime() > deadline) {
                    stopped.set(true);
                    throw new AssertionError(failures.get() + " failed requests, first: " + firstFailure.get()
                            + "; serials seen: " + serials);
                }
                Thread.sleep(5);
            }
        }

        private void loop() {
            while (!stopped.get()) {
                long started = System.nanoTime();
                try {
                    SSLContext context = SSLContext.getInstance("TLS");
                    context.init(null, trust.getTrustManagers(), null);
                    HttpsURLConnection c = (HttpsURLConnection) url.openConnection();
                    c.setSSLSocketFactory(context.getSocketFactory());
                    c.setRequestProperty("Connection", "close");
                    c.setConnectTimeout(30_000);
                    c.setReadTimeout(30_000);
                    c.connect();
                    String serial = TestCa.serial((X509Certificate) c.getServerCertificates()[0]);
                    try (InputStream in = c.getInputStream()) {
                        lastBody.set(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                    c.disconnect();
                    serials.add(serial);
                    if (started > refreshedAt.get()) {
                        serialsAfterRefresh.add(serial);
                    }
                    if (serial.equals(expected)) {
                        firstNewAt.compareAndSet(0, System.nanoTime());
                        afterNew.incrementAndGet();
                    } else if (written.get() && firstNewAt.get() == 0) {
                        duringSwitch.incrementAndGet();
                    }
                } catch (Exception e) {
                    failures.incrementAndGet();
                    firstFailure.compareAndSet(null, e.toString());
                }
                requests.incrementAndGet();
            }
        }
    }
}
