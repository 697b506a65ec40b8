package dev.kvconfig.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.security.keyvault.certificates.CertificateClient;
import dev.kvconfig.emulator.KeyVaultEmulator;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * SSL bundles from {@code keyvault.tls-material.<name>.*} behind a real embedded Tomcat ({@code server.ssl.bundle=web},
 * random port): certificates imported with the official SDK into the emulator, the refresh driven with
 * {@code refreshNow()}, and clients whose {@code SSLContext} comes from another vault bundle
 * ({@code SslBundles.getBundle("client").createSslContext()}), making requests from 4 threads, each on a new
 * connection and a new context (a full handshake), through each switch. Run on every Boot line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class SslBundleTest {

    KeyVaultEmulator emulator;
    CertificateClient certificates;

    @BeforeAll
    void startEmulator() {
        emulator = KeyVaultEmulator.builder().vault("tls").start();
        certificates = TestCa.certificates(emulator, "tls");
    }

    @AfterAll
    void stopEmulator() {
        emulator.close();
    }

    /** The web application: one endpoint answering the client certificate's serial ({@code none} without one). */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class TlsApp {
        @Bean
        RouterFunction<ServerResponse> clientSerial() {
            return RouterFunctions.route().GET("/serial", request -> {
                Object chain = request.servletRequest().getAttribute("jakarta.servlet.request.X509Certificate");
                return ServerResponse.ok().body(chain instanceof X509Certificate[] c && c.length > 0
                        ? TestCa.serial(c[0]) : "none");
            }).build();
        }
    }

    /** Starts {@link TlsApp} on embedded Tomcat, HTTPS on a random port from bundle {@code web}. */
    private ConfigurableApplicationContext start(Map<String, String> tls, String... args) {
        Map<String, Object> settings = new LinkedHashMap<>(Vaults.settings(emulator, "tls"));
        settings.putAll(tls);
        List<String> all = new ArrayList<>(List.of("--spring.config.import=keyvault:", "--server.port=0",
                "--server.ssl.bundle=web"));
        all.addAll(List.of(args));
        return new SpringApplicationBuilder(TlsApp.class).web(WebApplicationType.SERVLET).bannerMode(Banner.Mode.OFF)
                .properties(settings).run(all.toArray(String[]::new));
    }

    private static URL url(ConfigurableApplicationContext app) throws Exception {
        return new URL("https://localhost:" + app.getEnvironment().getProperty("local.server.port") + "/serial");
    }

    private static Supplier<SSLContext> client(ConfigurableApplicationContext app, String bundle) {
        SslBundles bundles = app.getBean(SslBundles.class);
        return () -> bundles.getBundle(bundle).createSslContext();
    }

    /** One request on a new connection through {@code context}: the serial of the certificate the server presented. */
    private static String serverSerial(URL url, SSLContext context) throws Exception {
        HttpsURLConnection c = (HttpsURLConnection) url.openConnection();
        c.setSSLSocketFactory(context.getSocketFactory());
        c.setRequestProperty("Connection", "close");
        c.connect();
        // Read while the connection is open: "Connection: close" ends it with the body.
        String serial = TestCa.serial((X509Certificate) c.getServerCertificates()[0]);
        try (InputStream in = c.getInputStream()) {
            in.readAllBytes();
        }
        c.disconnect();
        return serial;
    }

    private static void refresh(ConfigurableApplicationContext app) throws Exception {
        app.getBean(KeyVaultSources.class).refreshNow().get(30, TimeUnit.SECONDS);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> tlsHealth(ConfigurableApplicationContext app, String name) {
        Map<String, Object> vault = (Map<String, Object>) LineHealth.of(app, "keyvaultHealthIndicator").details()
                .get("default");
        return (Map<String, Object>) ((Map<String, Object>) vault.get("tls")).get(name);
    }

    @Test
    void serverBundle_renewedCertificate_tomcatPresentsItOnNewHandshakesWithoutFailedRequests() throws Exception {
        TestCa ca = TestCa.create("kvconfig spring rotation CA");
        TestCa.Issued first = ca.issue("localhost", "RSA", Duration.ofDays(90));
        TestCa.importPem(certificates, "web-tls", first);
        TestCa.importPem(certificates, "web-ca", ca.self());
        try (ConfigurableApplicationContext app = start(Map.of("keyvault.tls-material.web.certificate", "web-tls",
                "keyvault.tls-material.client.trust", "web-ca"))) {
            assertThat(tlsHealth(app, "web").get("certificate").toString()).contains("serial=" + first.serial());
            TestCa.Issued second = ca.issue("localhost", "RSA", Duration.ofDays(90));
            Load load = new Load(url(app), client(app, "client"), second.serial());
            load.startAndWaitFor(20);

            load.written();
            TestCa.importPem(certificates, "web-tls", second);
            refresh(app);
            load.markSwitched();
            load.waitForAfterSwitch(20);
            load.stop();

            assertThat(load.failures).as("failed requests, first: %s", load.firstFailure.get()).hasValue(0);
            assertThat(load.serialsBeforeSwitch).contains(first.serial());
            assertThat(load.serialsAfterSwitch).containsExactly(second.serial());
            assertThat(tlsHealth(app, "web").get("certificate").toString()).contains("serial=" + second.serial(),
                    "name=web-tls", "subject=" + second.leaf().getSubjectX500Principal().getName(),
                    "not-after=" + second.leaf().getNotAfter().toInstant());
            System.out.printf(Locale.ROOT, "Spring Boot %s Tomcat TLS rotation: %d requests from 4 threads, %d failed, "
                    + "%d during the switch (new version written to first handshake presenting it: %d ms)%n",
                    org.springframework.boot.SpringBootVersion.getVersion(), load.requests.get(), load.failures.get(),
                    load.duringSwitch(), load.switchMillis());
        }
    }

    @Test
    void serverBundle_badNewVersions_areRefusedAndTomcatKeepsServingTheLastGood(CapturedOutput output)
            throws Exception {
        TestCa ca = TestCa.create("kvconfig spring refusal CA");
        TestCa.Issued good = ca.issue("localhost", "RSA", Duration.ofDays(90));
        TestCa.importPem(certificates, "api-tls", good);
        TestCa.importPem(certificates, "api-ca", ca.self());
        try (ConfigurableApplicationContext app = start(Map.of("keyvault.tls-material.web.certificate", "api-tls",
                "keyvault.tls-material.client.trust", "api-ca"))) {
            Map<TestCa.Issued, String> bad = new LinkedHashMap<>();
            bad.put(ca.issue("localhost", "RSA", Duration.ofDays(-1)), "expired on");
            bad.put(ca.issue("localhost", "EC", Duration.ofDays(90)), "has a EC key but the served version");
            for (Map.Entry<TestCa.Issued, String> b : bad.entrySet()) {
                TestCa.importPem(certificates, "api-tls", b.getKey());
                refresh(app);
                assertThat(output.getAll()).contains("TLS certificate refused, still serving version")
                        .contains("certificate 'api-tls'").contains(b.getValue());
                assertThat(tlsHealth(app, "web")).hasEntrySatisfying("refused",
                        r -> assertThat(r.toString()).contains(b.getValue()));
                assertThat(tlsHealth(app, "web").get("certificate").toString()).contains("serial=" + good.serial());
                Load load = new Load(url(app), client(app, "client"), null);
                load.startAndWaitFor(8);
                load.stop();
                assertThat(load.failures).as("failed requests, first: %s", load.firstFailure.get()).hasValue(0);
                assertThat(load.serialsBeforeSwitch).containsExactly(good.serial());
            }
        }
    }

    @Test
    void mutualTls_clientBundleTrustAnchorRotatedThenServerCertificate_noFailedRequests() throws Exception {
        TestCa oldServerCa = TestCa.create("kvconfig spring server CA 1");
        TestCa newServerCa = TestCa.create("kvconfig spring server CA 2");
        TestCa clientCa = TestCa.create("kvconfig spring client CA");
        TestCa.importPem(certificates, "mtls-web", oldServerCa.issue("localhost", "RSA", Duration.ofDays(90)));
        TestCa.importPem(certificates, "mtls-server-ca", oldServerCa.self());
        TestCa.importPem(certificates, "mtls-client-ca", clientCa.self());
        TestCa.Issued client = clientCa.issue("client one", "EC", Duration.ofDays(90));
        TestCa.importPem(certificates, "mtls-client", client);
        try (ConfigurableApplicationContext app = start(Map.of(
                "keyvault.tls-material.web.certificate", "mtls-web",
                "keyvault.tls-material.web.trust", "mtls-client-ca",
                "keyvault.tls-material.client.certificate", "mtls-client",
                "keyvault.tls-material.client.trust", "mtls-server-ca"), "--server.ssl.client-auth=need")) {
            TestCa.Issued newServer = newServerCa.issue("localhost", "RSA", Duration.ofDays(90));
            // Built once, before both rotations: its managers are the bundle's live ones.
            SSLContext builtOnce = app.getBean(SslBundles.class).getBundle("client").createSslContext();
            assertThat(serverSerial(url(app), builtOnce)).isNotEqualTo(newServer.serial());
            Load load = new Load(url(app), client(app, "client"), newServer.serial());
            load.startAndWaitFor(20);
            // The client's anchor first: its bundle then trusts the new CA and, until the next rotation, the old one.
            TestCa.importPem(certificates, "mtls-server-ca", newServerCa.self());
            refresh(app);
            load.waitForMore(10);
            assertThat(tlsHealth(app, "client").get("trust").toString())
                    .contains("serial=" + TestCa.serial(newServerCa.certificate));
            load.written();
            TestCa.importPem(certificates, "mtls-web", newServer);
            refresh(app);
            load.markSwitched();
            load.waitForAfterSwitch(20);
            load.stop();

            assertThat(load.failures).as("failed requests, first: %s", load.firstFailure.get()).hasValue(0);
            assertThat(load.serialsAfterSwitch).containsExactly(newServer.serial());
            assertThat(load.clientSerials).containsExactly(client.serial());
            assertThat(serverSerial(url(app), builtOnce)).as("a context built before the rotation")
                    .isEqualTo(newServer.serial());
            System.out.printf(Locale.ROOT, "Spring Boot %s Tomcat mTLS rotation (client anchor, then server "
                    + "certificate): %d requests from 4 threads, %d failed, %d during the switch (%d ms)%n",
                    org.springframework.boot.SpringBootVersion.getVersion(), load.requests.get(), load.failures.get(),
                    load.duringSwitch(), load.switchMillis());
        }
    }

    /**
     * The same path refuses a certificate whose key is not exportable (its backing secret holds no key; the core's
     * TlsMaterialTest checks that message): the emulator, like Key Vault, refuses a key-less import and keeps the keys
     * it creates exportable, so an expired certificate stands in here.
     */
    @Test
    void bundle_certificateThatCannotServeTls_failsStartupNamingTheBundle() {
        long threadsBefore = Vaults.refresherThreads();
        TestCa.importPem(certificates, "old-tls", TestCa.create("kvconfig spring old CA").issue("localhost", "RSA",
                Duration.ofDays(-2)));

        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> start(Map.of(
                "keyvault.tls-material.web.certificate", "old-tls")));

        assertThat(thrown).isNotNull();
        assertThat(java.util.stream.Stream.iterate(thrown, t -> t != null, Throwable::getCause))
                .anySatisfy(t -> assertThat(t).isInstanceOf(KeyVaultConfigException.class));
        assertThat(Vaults.refresherThreads()).as("refresher threads left running").isEqualTo(threadsBefore);
        // Boot's failure report, kept in memory by the shared suite's logging (FailureReports), not printed
        assertThat(FailureReports.last()).contains("APPLICATION FAILED TO START")
                .contains("SSL bundle 'web' cannot be registered: keyvault.tls-material.web.*: TLS material from "
                        + "certificate 'old-tls' in vault default (")
                .contains("refused at startup: certificate 'old-tls'")
                .contains("expired on")
                .contains("Action:")
                .contains("remove that group so no bundle named 'web' is made");
    }

    private static final class Load {
        final AtomicLong requests = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        final AtomicLong afterSwitch = new AtomicLong();
        final AtomicReference<String> firstFailure = new AtomicReference<>();
        final Set<String> serialsBeforeSwitch = ConcurrentHashMap.newKeySet();
        final Set<String> serialsAfterSwitch = ConcurrentHashMap.newKeySet();
        final Set<String> clientSerials = ConcurrentHashMap.newKeySet();
        private final AtomicBoolean switched = new AtomicBoolean();
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final AtomicLong writtenAt = new AtomicLong();
        private final AtomicLong requestsAtWrite = new AtomicLong();
        private final AtomicLong firstNewAt = new AtomicLong();
        private final AtomicLong requestsAtFirstNew = new AtomicLong();
        private final ExecutorService threads = Executors.newFixedThreadPool(4);
        private final List<Future<?>> running = new ArrayList<>();
        private final URL url;
        private final Supplier<SSLContext> contexts;
        private final String newSerial;

        /** @param newSerial the serial of the version the switch brings, to time its first handshake */
        Load(URL url, Supplier<SSLContext> contexts, String newSerial) {
            this.url = url;
            this.contexts = contexts;
            this.newSerial = newSerial;
        }

        void startAndWaitFor(long count) throws InterruptedException {
            for (int i = 0; i < 4; i++) {
                running.add(threads.submit(this::loop));
            }
            waitUntil(() -> requests.get() >= count);
        }

        void waitForMore(long count) throws InterruptedException {
            long target = requests.get() + count;
            waitUntil(() -> requests.get() >= target);
        }

        /** The new version is about to be written to the vault. */
        void written() {
            requestsAtWrite.set(requests.get());
            writtenAt.set(System.nanoTime());
        }

        void markSwitched() {
            switched.set(true);
        }

        void waitForAfterSwitch(long count) throws InterruptedException {
            waitUntil(() -> afterSwitch.get() >= count);
        }

        /** Requests completed from the write of the new version to the first handshake presenting it. */
        long duringSwitch() {
            return requestsAtFirstNew.get() - requestsAtWrite.get();
        }

        long switchMillis() {
            return TimeUnit.NANOSECONDS.toMillis(firstNewAt.get() - writtenAt.get());
        }

        void stop() throws Exception {
            stopped.set(true);
            for (Future<?> f : running) {
                f.get(60, TimeUnit.SECONDS);
            }
            threads.shutdown();
        }

        private void waitUntil(BooleanSupplier condition) throws InterruptedException {
            while (!condition.getAsBoolean()) {
                if (running.stream().anyMatch(Future::isDone)) {
                    throw new AssertionError("a load thread ended early");
                }
                if (failures.get() > 0) {
                    stopped.set(true);
                    throw new AssertionError(failures.get() + " failed requests, first: " + firstFailure.get());
                }
                Thread.sleep(5);
            }
        }

        private void loop() {
            while (!stopped.get()) {
                boolean after = switched.get();
                try {
                    HttpsURLConnection c = (HttpsURLConnection) url.openConnection();
                    // A new context per request: no session to resume, so every request is a full handshake.
                    c.setSSLSocketFactory(contexts.get().getSocketFactory());
                    c.setRequestProperty("Connection", "close");
                    c.setConnectTimeout(30_000);
                    c.setReadTimeout(30_000);
                    c.connect();
                    String serverSerial = TestCa.serial((X509Certificate) c.getServerCertificates()[0]);
                    int status = c.getResponseCode();
                    String body;
                    try (InputStream in = c.getInputStream()) {
                        body = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
                    }
                    c.disconnect();
                    if (status != 200) {
                        throw new IllegalStateException("HTTP " + status);
                    }
                    if (serverSerial.equals(newSerial) && firstNewAt.get() == 0) {
                        synchronized (firstNewAt) {
                            if (firstNewAt.get() == 0) {
                                firstNewAt.set(System.nanoTime());
                                requestsAtFirstNew.set(requests.get() + 1);
                            }
                        }
                    }
                    (after ? serialsAfterSwitch : serialsBeforeSwitch).add(serverSerial);
                    clientSerials.add(body);
                    if (after) {
                        afterSwitch.incrementAndGet();
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
