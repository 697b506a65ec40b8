package dev.kvconfig.micronaut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.azure.security.keyvault.certificates.CertificateClient;
import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.micronaut.testing.KeyVaultTestProperties;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.runtime.server.EmbeddedServer;
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
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * {@code keyvault.tls-material.<name>} behind Micronaut's embedded Netty HTTPS server ({@code micronaut.server.ssl
 * .key-name}) and its HTTP client ({@code micronaut.http.client.ssl.key-name}): certificates made at test time, imported
 * with the official SDK into the emulator, the refresh driven with {@code refreshNow()}, requests from 4 threads, each on
 * a new connection (a full handshake), through each switch.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServeTlsTest {

    private static final String VAULT = "tls";

    KeyVaultEmulator emulator;
    CertificateClient certificates;

    @BeforeAll
    void startEmulator() {
        emulator = KeyVaultEmulator.builder().vault(VAULT).start();
        certificates = TestCa.certificates(emulator, VAULT);
    }

    @AfterAll
    void stopEmulator() {
        emulator.close();
    }

    /** The vault, the HTTPS server on a random port, and {@code extra} (the groups, key-name, trust-name). */
    private Map<String, Object> settings(Map<String, String> extra) {
        Map<String, Object> p = new LinkedHashMap<>(KeyVaultTestProperties.of(emulator, VAULT));
        p.put("micronaut.server.ssl.enabled", "true");
        p.put("micronaut.server.ssl.port", "-1");
        p.put("micronaut.server.port", "-1");
        p.put("tls-probe.enabled", "true");
        p.putAll(extra);
        return p;
    }

    private static String serial(X509Certificate certificate) {
        return TestCa.serial(certificate);
    }

    @Test
    void server_renewedCertificate_newHandshakesPresentItWithNoFailedRequests() throws Exception {
        TestCa ca = TestCa.create("kvconfig micronaut rotation CA");
        TestCa.Issued first = ca.issue("localhost", "RSA", Duration.ofDays(90));
        TestCa.importPem(certificates, "web-tls", first, true);
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, settings(Map.of(
                "keyvault.tls-material.web.certificate", "web-tls",
                "micronaut.server.ssl.key-name", "web")))) {
            KeyVaultSources vaults = server.getApplicationContext().getBean(KeyVaultSources.class);
            Load load = new Load(jdkClient(server, ca.trustManager()));
            load.startAndWaitFor(20);

            TestCa.Issued second = ca.issue("localhost", "RSA", Duration.ofDays(90));
            TestCa.importPem(certificates, "web-tls", second, true);
            long written = System.nanoTime();
            long requestsAtWrite = load.requests.get();
            vaults.refreshNow().get(30, TimeUnit.SECONDS);
            long refreshed = System.nanoTime();
            load.markSwitched();
            load.waitForAfterSwitch(20);
            load.stop();

            assertThat(load.failures).as("failed requests, first: %s", load.firstFailure.get()).hasValue(0);
            assertThat(load.serialsBeforeSwitch).contains(first.serial());
            assertThat(load.serialsAfterSwitch).containsExactly(second.serial());
            Load.Seen seen = load.firstSeen.get(second.serial());
            assertThat(seen.requests()).isGreaterThan(requestsAtWrite);
            assertThat(tlsDetails(server, "web").get("certificate").toString())
                    .contains("name=web-tls", "serial=" + second.serial());
            System.out.printf(Locale.ROOT, "Micronaut TLS rotation (server): %d requests from 4 threads, %d failed; "
                    + "%d requests from the new version written to the first handshake presenting it, %d ms (refreshNow "
                    + "%d ms of it)%n", load.requests.get(), load.failures.get(), seen.requests() - requestsAtWrite,
                    TimeUnit.NANOSECONDS.toMillis(seen.nanos() - written),
                    TimeUnit.NANOSECONDS.toMillis(refreshed - written));
        }
    }

    @Test
    void server_badNewVersions_areRefusedAndTheServerKeepsServingTheLastGood() throws Exception {
        TestCa ca = TestCa.create("kvconfig micronaut refusal CA");
        TestCa.Issued good = ca.issue("localhost", "RSA", Duration.ofDays(90));
        TestCa.importPem(certificates, "api-tls", good, true);
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, settings(Map.of(
                "keyvault.tls-material.api.certificate", "api-tls",
                "micronaut.server.ssl.key-name", "api")))) {
            KeyVaultSources vaults = server.getApplicationContext().getBean(KeyVaultSources.class);
            Map<TestCa.Issued, String> bad = Map.of(
                    ca.issue("localhost", "RSA", Duration.ofDays(-1)), "expired on",
                    ca.issue("localhost", "EC", Duration.ofDays(90)), "has a EC key but the served version");
            for (Map.Entry<TestCa.Issued, String> b : bad.entrySet()) {
                Load load = new Load(jdkClient(server, ca.trustManager()));
                load.startAndWaitFor(8);
                try (Logs log = new Logs(Logs.CORE)) {
                    TestCa.importPem(certificates, "api-tls", b.getKey(), true);
                    vaults.refreshNow().get(30, TimeUnit.SECONDS);
                    assertThat(log.warnings()).anySatisfy(w -> assertThat(w)
                            .contains("TLS certificate refused, still serving version")
                            .contains("certificate 'api-tls'").contains(b.getValue()));
                }
                load.markSwitched();
                load.waitForAfterSwitch(8);
                load.stop();
                assertThat(load.failures).as("failed requests, first: %s", load.firstFailure.get()).hasValue(0);
                assertThat(load.serialsAfterSwitch).containsExactly(good.serial());
                Map<String, Object> details = tlsDetails(server, "api");
                assertThat(details.get("certificate").toString()).contains("serial=" + good.serial());
                assertThat(details.get("refused").toString()).contains("api-tls", b.getValue());
                assertThat(vaults.statuses().get(0).refused()).anySatisfy(r -> assertThat(r).contains(b.getValue()));
            }
        }
    }

    @Test
    void mutualTls_clientAnchorThenClientCertificateRotated_micronautClientAndServerSwitchWithNoFailedRequests()
            throws Exception {
        TestCa serverCa = TestCa.create("kvconfig micronaut server CA");
        TestCa oldClientCa = TestCa.create("kvconfig micronaut client CA 1");
        TestCa newClientCa = TestCa.create("kvconfig micronaut client CA 2");
        TestCa.importPem(certificates, "edge-tls", serverCa.issue("localhost", "RSA", Duration.ofDays(90)), true);
        TestCa.importPem(certificates, "edge-ca", serverCa.self(), true);
        TestCa.importPem(certificates, "caller-ca", oldClientCa.self(), true);
        TestCa.Issued oldClient = oldClientCa.issue("caller one", "EC", Duration.ofDays(90));
        TestCa.importPem(certificates, "caller-tls", oldClient, true);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("keyvault.tls-material.edge.certificate", "edge-tls");
        settings.put("keyvault.tls-material.edge.trust", "caller-ca");
        settings.put("keyvault.tls-material.caller.certificate", "caller-tls");
        settings.put("keyvault.tls-material.caller.trust", "edge-ca");
        settings.put("micronaut.server.ssl.key-name", "edge");
        settings.put("micronaut.server.ssl.trust-name", "edge");
        settings.put("micronaut.server.ssl.client-authentication", "need");
        settings.put("micronaut.http.client.ssl.key-name", "caller");
        settings.put("micronaut.http.client.ssl.trust-name", "caller");
        settings.put("micronaut.http.client.pool.enabled", "false");
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, settings(settings));
                HttpClient client = server.getApplicationContext().createBean(HttpClient.class, server.getURL())) {
            KeyVaultSources vaults = server.getApplicationContext().getBean(KeyVaultSources.class);
            // "Connection: close": every request a new connection; the server answers with the client's serial.
            Load load = new Load(() -> client.toBlocking().retrieve(HttpRequest.GET("/tls-probe")
                    .header("Connection", "close")));
            load.startAndWaitFor(20);
            // The anchor first: the server then trusts the new CA and, until the next rotation, the one it replaced.
            TestCa.importPem(certificates, "caller-ca", newClientCa.self(), true);
            vaults.refreshNow().get(30, TimeUnit.SECONDS);
            load.waitForMore(10);
            TestCa.Issued newClient = newClientCa.issue("caller two", "EC", Duration.ofDays(90));
            TestCa.importPem(certificates, "caller-tls", newClient, true);
            long written = System.nanoTime();
            long requestsAtWrite = load.requests.get();
            vaults.refreshNow().get(30, TimeUnit.SECONDS);
            long refreshed = System.nanoTime();
            load.markSwitched();
            load.waitForAfterSwitch(20);
            load.stop();

            assertThat(load.failures).as("failed requests, first: %s", load.firstFailure.get()).hasValue(0);
            assertThat(load.serialsBeforeSwitch).contains(oldClient.serial());
            assertThat(load.serialsAfterSwitch).containsExactly(newClient.serial());
            Map<String, Object> edge = tlsDetails(server, "edge");
            assertThat(edge.get("trust").toString()).contains("name=caller-ca",
                    "serial=" + serial(newClientCa.certificate));
            Load.Seen seen = load.firstSeen.get(newClient.serial());
            System.out.printf(Locale.ROOT, "Micronaut mTLS rotation (HTTP client certificate): %d requests from 4 "
                    + "threads, %d failed; %d requests from the new version written to the first handshake presenting "
                    + "it, %d ms (refreshNow %d ms of it)%n", load.requests.get(), load.failures.get(),
                    seen.requests() - requestsAtWrite, TimeUnit.NANOSECONDS.toMillis(seen.nanos() - written),
                    TimeUnit.NANOSECONDS.toMillis(refreshed - written));
        }
    }

    @Test
    void keyName_trustOnlyGroup_failsServerStartLoggingWhatToSet() {
        TestCa.importPem(certificates, "only-ca", TestCa.create("kvconfig micronaut anchor CA").self(), true);
        // Micronaut asks for the key store while binding on Netty's event loop: the server does not start, and the
        // reason reaches the log (Netty's channel initializer), not the exception.
        try (Logs log = new Logs("io.netty.channel.ChannelInitializer", "io.micronaut.http.server.netty.NettyHttpServer")) {
            assertThatThrownBy(() -> ApplicationContext.run(EmbeddedServer.class, settings(Map.of(
                    "keyvault.tls-material.anchors.trust", "only-ca",
                    "micronaut.server.ssl.key-name", "anchors"))).close())
                    .hasMessageContaining("Unable to start Micronaut server");
            assertThat(log.warnings()).anySatisfy(w -> assertThat(w).contains("key-name anchors names kvconfig TLS "
                    + "material without a certificate: set keyvault.tls-material.anchors.certificate"));
        }
    }

    @Test
    void startup_certificateWithNonExportableKey_failsNamingTheGroup() {
        TestCa.Issued cert = TestCa.create("kvconfig micronaut ne CA").issue("localhost", "RSA", Duration.ofDays(9));
        TestCa.importPem(certificates, "ne-tls", cert, false);
        assertThatThrownBy(() -> ApplicationContext.run(EmbeddedServer.class, settings(Map.of(
                "keyvault.tls-material.locked.certificate", "ne-tls",
                "micronaut.server.ssl.key-name", "locked"))).close())
                .hasStackTraceContaining("keyvault.tls-material.locked.*: TLS material from certificate 'ne-tls'")
                .hasStackTraceContaining("not exportable");
    }

    /** The health indicator's {@code tls} entry for {@code name} in the main vault's details. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> tlsDetails(EmbeddedServer server, String name) {
        HealthResult health = Mono.from(server.getApplicationContext().getBean(KeyVaultHealthIndicator.class)
                .getResult()).block();
        Map<String, Object> vault = (Map<String, Object>) ((Map<String, Object>) health.getDetails()).get("default");
        return (Map<String, Object>) ((Map<String, Object>) vault.get("tls")).get(name);
    }

    /** The JDK's HTTPS client, a new SSL context per request (no session to resume): the server's serial. */
    private static Request jdkClient(EmbeddedServer server, TrustManager trust) throws Exception {
        URL url = new URL("https://localhost:" + server.getPort() + "/tls-probe");
        return () -> {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, null);
            HttpsURLConnection c = (HttpsURLConnection) url.openConnection();
            c.setSSLSocketFactory(context.getSocketFactory());
            c.setRequestProperty("Connection", "close");
            c.setConnectTimeout(30_000);
            c.setReadTimeout(30_000);
            c.connect();
            String serverSerial = serial((X509Certificate) c.getServerCertificates()[0]);
            try (InputStream in = c.getInputStream()) {
                in.readAllBytes();
            }
            c.disconnect();
            return serverSerial;
        };
    }

    /** One request on a new connection; returns the serial it observed. */
    @FunctionalInterface
    interface Request {
        String call() throws Exception;
    }

    /**
     * Requests from 4 threads until stopped, the serial each observed recorded by whether the request started after
     * {@link #markSwitched()}, and the first time (and request count) each serial was seen.
     */
    static final class Load {
        record Seen(long nanos, long requests) {
        }

        final AtomicLong requests = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        final AtomicLong afterSwitch = new AtomicLong();
        final AtomicReference<String> firstFailure = new AtomicReference<>();
        final Set<String> serialsBeforeSwitch = ConcurrentHashMap.newKeySet();
        final Set<String> serialsAfterSwitch = ConcurrentHashMap.newKeySet();
        final Map<String, Seen> firstSeen = new ConcurrentHashMap<>();
        private final AtomicBoolean switched = new AtomicBoolean();
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final ExecutorService threads = Executors.newFixedThreadPool(4);
        private final List<Future<?>> running = new ArrayList<>();
        private final Request request;

        Load(Request request) {
            this.request = request;
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

        void markSwitched() {
            switched.set(true);
        }

        void waitForAfterSwitch(long count) throws InterruptedException {
            waitUntil(() -> afterSwitch.get() >= count);
        }

        void stop() throws Exception {
            stopped.set(true);
            for (Future<?> f : running) {
                f.get(60, TimeUnit.SECONDS);
            }
            threads.shutdown();
        }

        private void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!condition.getAsBoolean()) {
                if (running.stream().anyMatch(Future::isDone)) {
                    throw new AssertionError("a load thread ended early");
                }
                if (failures.get() > 0 || System.nanoTime() > deadline) {
                    stopped.set(true);
                    throw new AssertionError(requests.get() + " requests, " + failures.get() + " failed, first: "
                            + firstFailure.get());
                }
                Thread.sleep(5);
            }
        }

        private void loop() {
            while (!stopped.get()) {
                boolean after = switched.get();
                try {
                    String serial = request.call();
                    firstSeen.putIfAbsent(serial, new Seen(System.nanoTime(), requests.get() + 1));
                    (after ? serialsAfterSwitch : serialsBeforeSwitch).add(serial);
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

    /** Takes these loggers' lines while open, for the test to assert instead of printing them into the build log. */
    static final class Logs implements AutoCloseable {
        /** The core's logger ({@code System.Logger} routed to SLF4J by this module). */
        static final String CORE = "dev.kvconfig.source";

        private final List<Logger> loggers = new ArrayList<>();
        private final ListAppender<ILoggingEvent> events = new ListAppender<>();

        Logs(String... names) {
            events.start();
            for (String name : names) {
                Logger logger = (Logger) LoggerFactory.getLogger(name);
                logger.addAppender(events);
                logger.setAdditive(false);
                loggers.add(logger);
            }
        }

        /** WARN and ERROR lines: the message, then each cause's message. */
        List<String> warnings() {
            return events.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).map(e -> {
                StringBuilder line = new StringBuilder(e.getFormattedMessage());
                for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                    line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
                }
                return line.toString();
            }).toList();
        }

        @Override
        public void close() {
            for (Logger logger : loggers) {
                logger.detachAppender(events);
                logger.setAdditive(true);
            }
        }
    }
}
