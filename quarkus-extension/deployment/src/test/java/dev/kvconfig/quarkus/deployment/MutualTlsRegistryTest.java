package dev.kvconfig.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.security.keyvault.certificates.CertificateClient;
import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.source.KeyVaultConfigSource;
import io.quarkus.test.QuarkusUnitTest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Path;
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
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Mutual TLS on two vault TLS configurations: the HTTPS server on {@code web} (its certificate, and the client CA as
 * its trust anchor) requires client certificates; the clients are Vert.x HTTP clients configured from the registry's
 * {@code client} configuration, as Quarkus' REST clients are from {@code tls-configuration-name}. The server's anchor
 * is rotated to a new client CA, then the client certificate is renewed under it: no request fails, and the server
 * sees the new client certificate on new connections.
 */
class MutualTlsRegistryTest {

    private static final ExplicitEmulator VAULTS = ExplicitEmulator.of(() -> KeyVaultEmulator.builder().vault("demo"),
            "demo")
            .afterStart(e -> {
                CertificateClient vault = TestCa.certificates(e.vaultUrl("demo").toString(), e.trustStore(),
                        e.trustStorePassword());
                TestCa serverCa = TestCa.create("kvconfig mTLS server CA");
                TestCa clientCa = TestCa.create("kvconfig mTLS client CA 1");
                serverCa.issue("RSA", Duration.ofDays(90)).importAs(vault, "mtls-server");
                serverCa.self().importAs(vault, "server-ca");
                clientCa.self().importAs(vault, "client-ca");
                clientCa.issue("EC", Duration.ofDays(90)).importAs(vault, "client-tls");
            });

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(TestCa.class, TestCa.Issued.class, PeerSerialRoute.class,
                    ExplicitEmulator.class))
            .overrideConfigKey("quarkus.keyvault.devservices.enabled", "false")
            .overrideConfigKey("quarkus.keyvault.refresh.interval", "1h")
            .overrideConfigKey("quarkus.keyvault.tls-material.web.certificate", "mtls-server")
            .overrideConfigKey("quarkus.keyvault.tls-material.web.trust", "client-ca")
            .overrideConfigKey("quarkus.keyvault.tls-material.client.certificate", "client-tls")
            .overrideConfigKey("quarkus.keyvault.tls-material.client.trust", "server-ca")
            .overrideConfigKey("quarkus.http.tls-configuration-name", "web")
            .overrideConfigKey("quarkus.http.ssl.client-auth", "required")
            .overrideConfigKey("quarkus.http.test-ssl-port", "0")
            .overrideConfigKey("quarkus.http.insecure-requests", "disabled")
            .setBeforeAllCustomizer(VAULTS::start)
            .setAfterAllCustomizer(VAULTS::stop);

    @TestHTTPResource(value = "/peer-serial", tls = true)
    URL peerSerial;

    @Inject
    Config config;

    @Inject
    TlsConfigurationRegistry registry;

    @Inject
    Vertx vertx;

    @Test
    void mutualTls_clientAnchorThenClientCertificateRotated_serverAcceptsThroughout() throws Exception {
        TestCa newClientCa = TestCa.create("kvconfig mTLS client CA 2");
        TlsConfiguration client = registry.get("client").orElseThrow();
        String oldClient = TestCa.serial((java.security.cert.X509Certificate) client.getKeyStore()
                .getCertificate("client"));

        Load load = new Load(client);
        load.startAndWaitFor(12);
        // The anchor first: the server then trusts the new CA and, until the next rotation, the one it replaced.
        newClientCa.self().importAs(certificates(), "client-ca");
        source().refreshNow().get(30, TimeUnit.SECONDS);
        load.waitForMore(8);
        TestCa.Issued newClient = newClientCa.issue("EC", Duration.ofDays(90));
        newClient.importAs(certificates(), "client-tls");
        long written = System.nanoTime();
        source().refreshNow().get(30, TimeUnit.SECONDS);
        load.waitFor(newClient.serial(), 12);
        load.stop();

        assertThat(load.failures).as("failed requests, first: %s", load.firstFailure.get()).hasValue(0);
        assertThat(load.serials).contains(oldClient, newClient.serial());
        assertThat(source().status().tls()).containsKeys("web", "client");
        assertThat(source().status().tls().get("web").trust()).singleElement()
                .satisfies(a -> assertThat(a.serialNumber()).isEqualTo(TestCa.serial(newClientCa.certificate)));
        System.out.printf(Locale.ROOT, "Quarkus mTLS rotation: %d requests from 4 threads, %d failed; %d ms from the "
                + "new client certificate written to the server seeing it%n", load.requests.get(),
                load.failures.get(), TimeUnit.NANOSECONDS.toMillis(load.firstSeen(newClient.serial()) - written));
    }

    private KeyVaultConfigSource source() {
        return KeyVaultConfigSource.of(config).get(0);
    }

    private CertificateClient certificates() {
        return TestCa.certificates(config.getValue("quarkus.keyvault.url", String.class),
                Path.of(config.getValue("quarkus.keyvault.tls.trust-store", String.class)),
                config.getValue("quarkus.keyvault.tls.trust-store-password", String.class));
    }

    /**
     * GETs {@code /peer-serial} from 4 threads, each with a new Vert.x client from the {@code client} configuration's
     * options and without keep-alive (a new connection, a full handshake), recording the client serial the server saw.
     */
    private final class Load {
        final AtomicLong requests = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        final AtomicReference<String> firstFailure = new AtomicReference<>();
        final Set<String> serials = ConcurrentHashMap.newKeySet();
        private final ConcurrentHashMap<String, Long> firstSeen = new ConcurrentHashMap<>();
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final ExecutorService threads = Executors.newFixedThreadPool(4);
        private final List<Future<?>> running = new ArrayList<>();
        private final TlsConfiguration tls;

        Load(TlsConfiguration tls) {
            this.tls = tls;
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

        void waitFor(String serial, long more) throws InterruptedException {
            waitUntil(() -> firstSeen.containsKey(serial));
            waitForMore(more);
        }

        long firstSeen(String serial) {
            return firstSeen.get(serial);
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
                            + "; client serials seen: " + serials);
                }
                Thread.sleep(5);
            }
        }

        private void loop() {
            while (!stopped.get()) {
                HttpClient http = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setKeepAlive(false)
                        .setKeyCertOptions(tls.getKeyStoreOptions()).setTrustOptions(tls.getTrustStoreOptions())
                        .setVerifyHost(true));
                try {
                    String body = http.request(HttpMethod.GET, peerSerial.getPort(), peerSerial.getHost(),
                            peerSerial.getPath())
                            .compose(r -> r.send().compose(HttpClientResponse::body))
                            .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).toString();
                    if (body.startsWith("no ")) {
                        throw new IllegalStateException(body);
                    }
                    serials.add(body);
                    firstSeen.putIfAbsent(body, System.nanoTime());
                } catch (Exception e) {
                    failures.incrementAndGet();
                    firstFailure.compareAndSet(null, e.toString());
                } finally {
                    http.close();
                }
                requests.incrementAndGet();
            }
        }
    }
}
