package dev.kvconfig.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.security.keyvault.certificates.CertificateClient;
import com.azure.security.keyvault.certificates.models.CertificateContentType;
import com.azure.security.keyvault.certificates.models.CertificatePolicy;
import com.azure.security.keyvault.certificates.models.ImportCertificateOptions;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.kvconfig.emulator.junit.KeyVaultEmulatorExtension;
import io.smallrye.config.SmallRyeConfig;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
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
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link TlsMaterial} behind a real HTTPS server (the JDK's {@link HttpsServer}) and real clients: certificates
 * imported with the official SDK into the emulator, the refresh driven with {@code refreshNow()}, requests from 4
 * threads on new connections (a new client {@code SSLContext} per request, so every request is a full handshake)
 * through each switch.
 */
class TlsMaterialTest {

    @RegisterExtension
    static final KeyVaultEmulatorExtension EMULATOR = KeyVaultEmulatorExtension.withVaults("demo");

    private static CertificateClient certificates;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void clients() {
        certificates = TestItems.certificates(EMULATOR.get(), "demo");
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void serverCertificate_renewedVersion_newHandshakesPresentItWithoutFailedRequests() throws Exception {
        Ca ca = Ca.create("kvconfig rotation CA");
        TestItems.TestCertificate first = ca.issue("localhost", "RSA", Duration.ofDays(90));
        importPem("web-tls", first);
        KeyVaultConfigSource source = source();
        TlsMaterial tls = track(TlsMaterial.builder(source).certificate("web-tls").build());
        List<TlsMaterial.Status> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        tls.addChangeListener(told::add);
        assertThat(tls.status().certificate().orElseThrow().serialNumber()).isEqualTo(serial(first.leaf()));
        HttpsServer server = server(tls.keyManager(), null);

        TestItems.TestCertificate second = ca.issue("localhost", "RSA", Duration.ofDays(90));
        Load load = new Load(server, null, ca.trustManager());
        load.startAndWaitFor(20);
        importPem("web-tls", second);
        source.refreshNow().get(30, TimeUnit.SECONDS);
        load.markSwitched();
        load.waitForAfterSwitch(20);
        load.stop();

        assertThat(load.failures).as("failed requests, first: %s", load.firstFailure.get()).hasValue(0);
        assertThat(load.serialsAfterSwitch).containsExactly(serial(second.leaf()));
        assertThat(load.serialsBeforeSwitch).contains(serial(first.leaf()));
        assertThat(tls.status().certificate().orElseThrow().serialNumber()).isEqualTo(serial(second.leaf()));
        assertThat(told).hasSize(1);
        System.out.printf(Locale.ROOT, "TLS rotation: %d requests from 4 threads, %d failed, %d after the switch%n",
                load.requests.get(), load.failures.get(), load.afterSwitch.get());
    }

    @Test
    void serverCertificate_badNewVersions_areRefusedAndTheLastGoodKeepsServing() throws Exception {
        Ca ca = Ca.create("kvconfig refusal CA");
        TestItems.TestCertificate good = ca.issue("localhost", "RSA", Duration.ofDays(90));
        importPem("api-tls", good);
        KeyVaultConfigSource source = source();
        TlsMaterial tls = track(TlsMaterial.builder(source).certificate("api-tls").build());
        HttpsServer server = server(tls.keyManager(), null);

        Map<TestItems.TestCertificate, String> bad = Map.of(
                ca.issue("localhost", "RSA", Duration.ofDays(-1)), "expired on",
                ca.issue("localhost", "EC", Duration.ofDays(90)), "has a EC key but the served version");
        for (Map.Entry<TestItems.TestCertificate, String> b : bad.entrySet()) {
            try (TestItems.LogCapture log = new TestItems.LogCapture()) {
                importPem("api-tls", b.getKey());
                source.refreshNow().get(30, TimeUnit.SECONDS);
                assertThat(log.warnings()).anySatisfy(w -> assertThat(w)
                        .contains("TLS certificate refused, still serving version")
                        .contains("certificate 'api-tls'").contains(b.getValue()));
            }
            assertThat(tls.status().lastRefusal()).hasValueSatisfying(r -> assertThat(r).contains(b.getValue()));
            assertThat(source.status().refused()).anySatisfy(r -> assertThat(r).contains(b.getValue()));
            assertThat(tls.status().certificate().orElseThrow().serialNumber()).isEqualTo(serial(good.leaf()));
            Load load = new Load(server, null, ca.trustManager());
            load.startAndWaitFor(8);
            load.stop();
            assertThat(load.failures).hasValue(0);
            assertThat(load.serialsBeforeSwitch).containsExactly(serial(good.leaf()));
        }
    }

    @Test
    void mutualTls_clientTrustAnchorThenClientCertificateRotated_serverAcceptsThroughout() throws Exception {
        Ca serverCa = Ca.create("kvconfig server CA");
        Ca oldClientCa = Ca.create("kvconfig client CA 1");
        Ca newClientCa = Ca.create("kvconfig client CA 2");
        importPem("mtls-server", serverCa.issue("localhost", "RSA", Duration.ofDays(90)));
        importPem("server-ca", serverCa.self());
        importPem("client-ca", oldClientCa.self());
        TestItems.TestCertificate oldClient = oldClientCa.issue("client one", "EC", Duration.ofDays(90));
        importPem("client-tls", oldClient);
        KeyVaultConfigSource source = source();
        TlsMaterial serverTls = track(TlsMaterial.builder(source).certificate("mtls-server").trust("client-ca")
                .build());
        TlsMaterial clientTls = track(TlsMaterial.builder(source).certificate("client-tls").trust("server-ca")
                .build());
        HttpsServer server = server(serverTls.keyManager(), serverTls.trustManager());

        Load load = new Load(server, clientTls.keyManager(), clientTls.trustManager());
        load.startAndWaitFor(20);
        // The anchor first: the server then trusts the new CA and, until the next rotation, the one it replaced.
        importPem("client-ca", newClientCa.self());
        source.refreshNow().get(30, TimeUnit.SECONDS);
        load.waitForMore(10);
        TestItems.TestCertificate newClient = newClientCa.issue("client two", "EC", Duration.ofDays(90));
        importPem("client-tls", newClient);
        source.refreshNow().get(30, TimeUnit.SECONDS);
        load.markSwitched();
        load.waitForAfterSwitch(20);
        load.stop();

        assertThat(load.failures).as("failed requests, first: %s", load.firstFailure.get()).hasValue(0);
        assertThat(load.clientSerialsAfterSwitch).containsExactly(serial(newClient.leaf()));
        assertThat(load.clientSerialsBeforeSwitch).contains(serial(oldClient.leaf()));
        assertThat(serverTls.status().trust()).singleElement()
                .satisfies(s -> assertThat(s.serialNumber()).isEqualTo(serial(newClientCa.certificate)));
        System.out.printf(Locale.ROOT, "mTLS rotation: %d requests from 4 threads, %d failed, %d after the switch%n",
                load.requests.get(), load.failures.get(), load.afterSwitch.get());
    }

    @Test
    void trustAnchor_expiredNewVersion_isRefusedAndTheServedAnchorStays() throws Exception {
        Ca good = Ca.create("kvconfig anchor CA");
        importPem("anchor-ca", good.self());
        KeyVaultConfigSource source = source();
        TlsMaterial tls = track(TlsMaterial.builder(source).trust("anchor-ca").build());
        TestItems.TestCertificate expired = Ca.create("kvconfig expired CA").issue("expired CA", "RSA",
                Duration.ofDays(-1));
        try (TestItems.LogCapture log = new TestItems.LogCapture()) {
            importPem("anchor-ca", expired);
            source.refreshNow().get(30, TimeUnit.SECONDS);
            assertThat(log.warnings()).anySatisfy(w -> assertThat(w).contains("TLS trust anchor refused")
                    .contains("trust anchor certificate 'anchor-ca'").contains("expired on"));
        }
        assertThat(tls.status().lastRefusal()).hasValueSatisfying(r -> assertThat(r).contains("expired on"));
        assertThat(tls.status().trust()).singleElement()
                .satisfies(s -> assertThat(s.serialNumber()).isEqualTo(serial(good.certificate)));
        assertThat(tls.trustManager().getAcceptedIssuers()).containsExactly(good.certificate);
    }

    @Test
    void build_expiredCertificate_isRefusedAtStartupNamingIt() throws Exception {
        importPem("old-tls", Ca.create("kvconfig old CA").issue("localhost", "RSA", Duration.ofDays(-2)));
        KeyVaultConfigSource source = source();
        assertThatThrownBy(() -> TlsMaterial.builder(source).certificate("old-tls").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TLS material from certificate 'old-tls' in vault default")
                .hasMessageContaining("refused at startup")
                .hasMessageContaining("expired on");
    }

    @Test
    void build_missingCertificate_failsNamingItAndThePermission() throws Exception {
        KeyVaultConfigSource source = source();
        assertThatThrownBy(() -> TlsMaterial.builder(source).certificate("no-such-tls").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("certificate 'no-such-tls'")
                .hasMessageContaining("'get' on certificates and secrets");
    }

    @Test
    void build_certificateWithNonExportableKey_isRefusedAtStartupSayingSo() throws Exception {
        TestItems.TestCertificate cert = Ca.create("kvconfig ne CA").issue("localhost", "RSA", Duration.ofDays(9));
        certificates.importCertificate(new ImportCertificateOptions("ne-tls", cert.pem().getBytes(
                StandardCharsets.US_ASCII)).setPolicy(new CertificatePolicy("Unknown",
                        cert.leaf().getSubjectX500Principal().getName()).setContentType(CertificateContentType.PEM)
                        .setExportable(false)));
        KeyVaultConfigSource source = source();
        assertThatThrownBy(() -> TlsMaterial.builder(source).certificate("ne-tls").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TLS material from certificate 'ne-tls' in vault default")
                .hasMessageContaining("not exportable")
                .hasMessageContaining("exportable=true");
    }

    @Test
    void toString_andStatus_showNamesAndSerialsButNoKeyMaterial() throws Exception {
        TestItems.TestCertificate cert = Ca.create("kvconfig print CA").issue("localhost", "RSA", Duration.ofDays(9));
        importPem("print-tls", cert);
        KeyVaultConfigSource source = source();
        TlsMaterial tls = track(TlsMaterial.builder(source).certificate("print-tls").trust("print-tls").build());
        String key = java.util.Base64.getEncoder().encodeToString(cert.leafKeys().getPrivate().getEncoded());
        String everything = tls + " " + tls.status() + " " + tls.keyManager() + " " + tls.trustManager();
        assertThat(everything).contains("print-tls").contains(serial(cert.leaf()))
                .doesNotContain(key.substring(0, 40)).doesNotContain("PRIVATE KEY");
    }

    @Test
    void keyManager_keyTypes_offerTheCertificateOnlyForItsKeyAlgorithm() throws Exception {
        TestItems.TestCertificate cert = Ca.create("kvconfig km CA").issue("localhost", "RSA", Duration.ofDays(9));
        importPem("km-tls", cert);
        TlsMaterial tls = track(TlsMaterial.builder(source()).certificate("km-tls").build());
        javax.net.ssl.X509ExtendedKeyManager km = tls.keyManager();
        String alias = km.chooseServerAlias("RSA", null, null);
        assertThat(alias).startsWith("km-tls/");
        assertThat(km.chooseServerAlias("RSASSA-PSS", null, null)).isEqualTo(alias);
        assertThat(km.chooseServerAlias("EC", null, null)).isNull();
        assertThat(km.chooseServerAlias(null, null, null)).isNull();
        assertThat(km.chooseClientAlias(new String[] {"EC", "RSA"}, null, null)).isEqualTo(alias);
        assertThat(km.getPrivateKey(alias).getEncoded()).isEqualTo(cert.leafKeys().getPrivate().getEncoded());
        assertThat(km.getCertificateChain(alias)).containsExactly(cert.leaf(), cert.ca());
        assertThat(km.getPrivateKey("km-tls/unknown")).isNull();
        assertThatThrownBy(tls::trustManager).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no trust anchors");
    }

    @Test
    void builder_badNameOrNothingNamed_isRejected() throws Exception {
        KeyVaultConfigSource source = source();
        assertThatThrownBy(() -> TlsMaterial.builder(source).certificate("web_tls"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("certificate: 'web_tls' is not a Key Vault certificate name");
        assertThatThrownBy(() -> TlsMaterial.builder(source).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs a certificate, trust anchors or both");
    }

    @Test
    void settings_tlsMaterialGroup_buildsTheMaterialAndHealthShowsWhatItServes() throws Exception {
        Ca ca = Ca.create("kvconfig settings CA");
        TestItems.TestCertificate web = ca.issue("localhost", "RSA", Duration.ofDays(20));
        importPem("set-tls", web);
        importPem("set-ca", ca.self());
        Map<String, String> settings = new java.util.LinkedHashMap<>(TestVaults.settings(EMULATOR.get(), "demo"));
        settings.put("keyvault.tls-material.web.certificate", "set-tls");
        settings.put("keyvault.tls-material.web.trust", "set-ca");
        SmallRyeConfig config = TestVaults.config(settings);
        open.add(() -> KeyVaultConfigSource.closeAll(config));
        List<KeyVaultConfigSource> sources = KeyVaultConfigSource.of(config);
        TlsMaterialSettings group = sources.get(0).options().tlsMaterials().get("web");
        assertThat(group).hasToString("TlsMaterialSettings[name=web, certificate=set-tls, trust=[set-ca], vault=default]");

        TlsMaterial tls = track(group.build(sources));

        assertThat(tls.name()).isEqualTo("web");
        VaultStatus status = sources.get(0).status();
        assertThat(status.tls()).containsOnlyKeys("web");
        @SuppressWarnings("unchecked")
        Map<String, Object> details = (Map<String, Object>) ((Map<String, Object>) status.healthDetails().get("tls"))
                .get("web");
        assertThat(details.get("certificate").toString()).contains("name=set-tls", "serial=" + serial(web.leaf()),
                "subject=" + web.leaf().getSubjectX500Principal().getName(), "not-after=" + web.leaf().getNotAfter().toInstant());
        assertThat(details.get("trust").toString()).contains("name=set-ca");
        // 20 days left is within the default 30-day expiry warning
        assertThat(status.expiring()).extracting(ExpiringItem::name).contains("set-tls");
        assertThatThrownBy(() -> group.build(List.of())).hasMessage("TLS material web (keyvault.tls-material.web.vault"
                + "=default): no Key Vault source serves vault default; check that it is configured and started");

        tls.close();
        assertThat(sources.get(0).status().tls()).isEmpty();
    }

    @Test
    void settings_tlsMaterialGroup_missingCertificate_failsNamingTheGroup() {
        Map<String, String> settings = new java.util.LinkedHashMap<>(TestVaults.settings(EMULATOR.get(), "demo"));
        settings.put("keyvault.tls-material.api.certificate", "absent-tls");
        SmallRyeConfig config = TestVaults.config(settings);
        open.add(() -> KeyVaultConfigSource.closeAll(config));
        List<KeyVaultConfigSource> sources = KeyVaultConfigSource.of(config);
        assertThatThrownBy(() -> sources.get(0).options().tlsMaterials().get("api").build(sources))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("keyvault.tls-material.api.*: TLS material from certificate 'absent-tls'");
    }

    private KeyVaultConfigSource source() {
        SmallRyeConfig config = TestVaults.config(TestVaults.settings(EMULATOR.get(), "demo"));
        open.add(() -> KeyVaultConfigSource.closeAll(config));
        return TestVaults.source(config);
    }

    private TlsMaterial track(TlsMaterial tls) {
        open.add(tls);
        return tls;
    }

    private static void importPem(String name, TestItems.TestCertificate cert) {
        certificates.importCertificate(new ImportCertificateOptions(name,
                cert.pem().getBytes(StandardCharsets.US_ASCII)).setPolicy(
                        new CertificatePolicy("Unknown", cert.leaf().getSubjectX500Principal().getName())
                                .setContentType(CertificateContentType.PEM)));
    }

    private static String serial(X509Certificate certificate) {
        return certificate.getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
    }

    /** An HTTPS server on the loopback whose context holds these managers; it answers with the client's serial. */
    private HttpsServer server(KeyManager keyManager, TrustManager trustManager) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {keyManager}, trustManager == null ? null : new TrustManager[] {trustManager},
                null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = context.getDefaultSSLParameters();
                p.setNeedClientAuth(trustManager != null);
                params.setSSLParameters(p);
            }
        });
        server.createContext("/", exchange -> {
            String body = "none";
            if (trustManager != null) {
                body = serial((X509Certificate) ((HttpsExchange) exchange).getSSLSession().getPeerCertificates()[0]);
            }
            byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        ExecutorService executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        server.start();
        open.add(executor::shutdownNow);
        open.add(() -> server.stop(0));
        return server;
    }

    /**
     * Requests from 4 threads until stopped, each on a new connection and a new client context (a full handshake), the
     * server's and (mTLS) the client's serial recorded by whether the request started after {@link #markSwitched()}.
     */
    private static final class Load {
        final AtomicLong requests = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        final AtomicLong afterSwitch = new AtomicLong();
        final AtomicReference<String> firstFailure = new AtomicReference<>();
        final Set<String> serialsBeforeSwitch = ConcurrentHashMap.newKeySet();
        final Set<String> serialsAfterSwitch = ConcurrentHashMap.newKeySet();
        final Set<String> clientSerialsBeforeSwitch = ConcurrentHashMap.newKeySet();
        final Set<String> clientSerialsAfterSwitch = ConcurrentHashMap.newKeySet();
        private final AtomicBoolean switched = new AtomicBoolean();
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final ExecutorService threads = Executors.newFixedThreadPool(4);
        private final List<Future<?>> running = new ArrayList<>();
        private final URL url;
        private final KeyManager keyManager;
        private final TrustManager trustManager;

        Load(HttpsServer server, KeyManager keyManager, TrustManager trustManager) throws Exception {
            this.url = new URL("https://localhost:" + server.getAddress().getPort() + "/");
            this.keyManager = keyManager;
            this.trustManager = trustManager;
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
                    SSLContext context = SSLContext.getInstance("TLS");
                    context.init(keyManager == null ? null : new KeyManager[] {keyManager},
                            new TrustManager[] {trustManager}, null);
                    HttpsURLConnection c = (HttpsURLConnection) url.openConnection();
                    c.setSSLSocketFactory(context.getSocketFactory());
                    c.setRequestProperty("Connection", "close");
                    c.setConnectTimeout(30_000);
                    c.setReadTimeout(30_000);
                    c.connect();
                    // Read while the connection is open: "Connection: close" ends it with the body.
                    String serverSerial = serial((X509Certificate) c.getServerCertificates()[0]);
                    String body;
                    try (InputStream in = c.getInputStream()) {
                        body = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
                    }
                    c.disconnect();
                    (after ? serialsAfterSwitch : serialsBeforeSwitch).add(serverSerial);
                    if (keyManager != null) {
                        (after ? clientSerialsAfterSwitch : clientSerialsBeforeSwitch).add(body);
                    }
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

    /** A test CA: self-signed RSA, issuing leaves with SANs {@code localhost} and {@code 127.0.0.1}. */
    private static final class Ca {
        final KeyPair keys;
        final X509Certificate certificate;
        private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

        private Ca(KeyPair keys, X509Certificate certificate) {
            this.keys = keys;
            this.certificate = certificate;
        }

        static Ca create(String name) {
            try {
                KeyPair keys = generate("RSA");
                Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                X500Name subject = new X500Name("CN=" + name);
                X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                        new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(SERIALS.incrementAndGet()),
                                Date.from(now.minus(1, ChronoUnit.DAYS)), Date.from(now.plus(400, ChronoUnit.DAYS)),
                                subject, keys.getPublic())
                                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                                .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
                return new Ca(keys, certificate);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        /** This CA as an importable certificate (its own key, itself as the chain). */
        TestItems.TestCertificate self() {
            return new TestItems.TestCertificate(keys, certificate, certificate);
        }

        /** A leaf valid from two days ago for {@code validity} (negative: already expired). */
        TestItems.TestCertificate issue(String commonName, String keyAlgorithm, Duration validity) {
            try {
                KeyPair leafKeys = generate(keyAlgorithm);
                Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                X509Certificate leaf = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                        new X500Name(certificate.getSubjectX500Principal().getName()),
                        BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(now.minus(2, ChronoUnit.DAYS)),
                        Date.from(now.plus(validity)), new X500Name("CN=" + commonName + ",O=kvconfig"),
                        leafKeys.getPublic())
                        .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                            new GeneralName(GeneralName.dNSName, "localhost"),
                            new GeneralName(GeneralName.iPAddress, "127.0.0.1")}))
                        .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
                return new TestItems.TestCertificate(leafKeys, leaf, certificate);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        /** The JDK's trust manager over this CA alone: the test client's trust when the server side is tested. */
        TrustManager trustManager() {
            try {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setCertificateEntry("ca", certificate);
                TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
                factory.init(store);
                return factory.getTrustManagers()[0];
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private static KeyPair generate(String algorithm) throws Exception {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (algorithm.equals("EC")) {
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                generator.initialize(2048);
            }
            return generator.generateKeyPair();
        }
    }
}
