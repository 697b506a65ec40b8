package dev.kvconfig.emulator.certificates;

import dev.kvconfig.emulator.keys.KeysModule;
import dev.kvconfig.emulator.secrets.SecretStore;
import dev.kvconfig.emulator.server.Handler;
import dev.kvconfig.emulator.server.Json;
import dev.kvconfig.emulator.server.Request;
import dev.kvconfig.emulator.server.ServiceError;
import dev.kvconfig.emulator.server.VaultContext;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class VaultCertificatesTest {
    private static final String BASE = "https://localhost:8443";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);

    /** One backing secret as the certificates package hands it over. */
    record Stored(String name, String version, String value, String contentType, String kid) {
        @Override
        public String toString() {
            return "Stored[" + name + "]";
        }
    }

    private final List<Stored> stored = new ArrayList<>();
    /** The keys module's handlers on vault "demo", by "METHOD pattern". */
    private final Map<String, Handler> keyRoutes = new HashMap<>();
    private final VaultCertificates certificates = new VaultCertificates(CLOCK, registeredKeys().keys("demo"),
            (name, version, value, contentType, kid, enabled, nbf, exp, tags) ->
                    stored.add(new Stored(name, version, value, contentType, kid)));

    private KeysModule registeredKeys() {
        KeysModule module = new KeysModule();
        module.register(new VaultContext("demo", new SecretStore("demo", CLOCK, () -> { }), CLOCK),
                (method, pattern, operationId, handler) -> keyRoutes.put(method + " " + pattern, handler));
        return module;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> getKey(String name) {
        Request request = new Request("GET", List.of("keys", name, ""), Map.of("name", name, "version", ""),
                Map.of("api-version", "7.5"), Map.of(), new byte[0], BASE);
        return (Map<String, Object>) keyRoutes.get("GET /keys/{name}/{version}").handle(request).body();
    }

    private static Map<String, Object> req(String json) {
        return Json.parseObject(json.getBytes(StandardCharsets.UTF_8));
    }

    private static ServiceError error(ThrowingCallable call) {
        try {
            call.call();
        } catch (ServiceError e) {
            return e;
        } catch (Throwable t) {
            throw new AssertionError("expected a ServiceError", t);
        }
        throw new AssertionError("expected a ServiceError, got none");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static String pemRequest(String pem) {
        return "{\"value\":" + Json.writeString(pem) + "}";
    }

    private Map<String, Object> importPem(String name, TestCertificates certs) {
        return certificates.importCertificate(BASE, name, req(pemRequest(certs.pem())));
    }

    @Test
    void importPem_chainWithKey_returnsBundleWithThumbprintAndPolicy() throws Exception {
        TestCertificates certs = TestCertificates.rsa("app.example.com");
        String request = "{\"value\":" + Json.writeString(certs.pem()) + ",\"policy\":{\"secret_props\":"
                + "{\"contentType\":\"application/x-pem-file\"}},\"tags\":{\"env\":\"test\"}}";

        Map<String, Object> bundle = certificates.importCertificate(BASE, "web-cert", req(request));

        String id = (String) bundle.get("id");
        String version = id.substring(id.lastIndexOf('/') + 1);
        assertThat(id).isEqualTo(BASE + "/certificates/web-cert/" + version);
        assertThat(version).matches("[0-9a-f]{32}");
        assertThat(bundle).containsEntry("kid", BASE + "/keys/web-cert/" + version)
                .containsEntry("sid", BASE + "/secrets/web-cert/" + version)
                .containsEntry("tags", Map.of("env", "test"));
        byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(certs.leaf().getEncoded());
        assertThat(bundle.get("x5t")).isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(sha1));
        assertThat(Base64.getDecoder().decode((String) bundle.get("cer"))).isEqualTo(certs.leaf().getEncoded());
        Map<String, Object> policy = map(bundle.get("policy"));
        assertThat(policy).containsEntry("id", BASE + "/certificates/web-cert/policy")
                .containsEntry("secret_props", Map.of("contentType", "application/x-pem-file"))
                .containsEntry("issuer", Map.of("name", "Unknown"));
        assertThat(map(policy.get("key_props"))).containsEntry("kty", "RSA").containsEntry("exportable", true)
                .containsEntry("key_size", 2048);
        Map<String, Object> x509 = map(policy.get("x509_props"));
        assertThat(x509).containsEntry("subject", "CN=app.example.com")
                .containsEntry("sans", Map.of("dns_names", List.of("app.example.com")))
                .containsEntry("key_usage", List.of("digitalSignature"));
        assertThat(map(bundle.get("attributes"))).containsEntry("enabled", true).containsKeys("nbf", "exp");
    }

    @Test
    void importPem_writesManagedBackingSecretAndKeyWithSameVersion() {
        Map<String, Object> bundle = importPem("ec-cert", TestCertificates.ec("ec.example.com"));

        assertThat(stored).hasSize(1);
        Stored secret = stored.get(0);
        assertThat(secret.contentType()).isEqualTo("application/x-pem-file");
        assertThat(secret.kid()).isEqualTo(bundle.get("kid"));
        assertThat(BASE + "/secrets/ec-cert/" + secret.version()).isEqualTo(bundle.get("sid"));
        assertThat(secret.value()).contains("-----BEGIN PRIVATE KEY-----").contains("-----BEGIN CERTIFICATE-----");
        Map<String, Object> key = getKey("ec-cert");
        assertThat(key).containsEntry("managed", true);
        assertThat(map(key.get("key"))).containsEntry("kid", bundle.get("kid")).containsEntry("kty", "EC")
                .containsEntry("crv", "P-256").doesNotContainKey("d");
    }

    @Test
    void importPkcs12_withPassword_backingSecretIsPasswordlessPfx() throws Exception {
        TestCertificates certs = TestCertificates.rsa("pfx.example.com");
        String value = Base64.getEncoder().encodeToString(certs.pkcs12("p4ss"));

        Map<String, Object> bundle = certificates.importCertificate(BASE, "pfx",
                req("{\"value\":\"" + value + "\",\"pwd\":\"p4ss\"}"));

        assertThat(map(bundle.get("policy")).get("secret_props"))
                .isEqualTo(Map.of("contentType", "application/x-pkcs12"));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(new ByteArrayInputStream(Base64.getDecoder().decode(stored.get(0).value())), new char[0]);
        String alias = store.aliases().nextElement();
        assertThat(store.getCertificate(alias)).isEqualTo(certs.leaf());
        assertThat(store.getCertificateChain(alias)).hasSize(2);
        assertThat(store.getKey(alias, new char[0])).isEqualTo(certs.leafKeys().getPrivate());
    }

    @Test
    void importPkcs12_wrongPassword_isBadParameterWithoutPassword() {
        String value = Base64.getEncoder().encodeToString(TestCertificates.rsa("x").pkcs12("right"));

        ServiceError e = error(() -> certificates.importCertificate(BASE, "pfx",
                req("{\"value\":\"" + value + "\",\"pwd\":\"wrong\"}")));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).isEqualTo("BadParameter");
        assertThat(e.getMessage()).doesNotContain("wrong").doesNotContain("right");
        assertThat(stored).isEmpty();
    }

    @Test
    void importPem_withoutPrivateKey_isBadParameter() {
        TestCertificates certs = TestCertificates.rsa("nokey");

        ServiceError e = error(() -> certificates.importCertificate(BASE, "c",
                req(pemRequest(TestCertificates.pem(null, certs.leaf())))));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("Private key is not specified");
    }

    @Test
    void importPem_keyOfOtherCertificate_isBadParameter() {
        TestCertificates one = TestCertificates.rsa("one");
        TestCertificates two = TestCertificates.rsa("two");

        ServiceError e = error(() -> certificates.importCertificate(BASE, "c",
                req(pemRequest(TestCertificates.pem(two.leafKeys().getPrivate(), one.leaf())))));

        assertThat(e.status()).isEqualTo(400);
    }

    @Test
    void import_missingValue_isBadParameter() {
        assertThat(error(() -> certificates.importCertificate(BASE, "c", req("{}"))).status()).isEqualTo(400);
    }

    @Test
    void get_latestAndByVersion_returnsCerOfEach() throws Exception {
        TestCertificates first = TestCertificates.rsa("first");
        TestCertificates second = TestCertificates.rsa("second");
        String firstId = (String) importPem("c", first).get("id");
        importPem("c", second);

        assertThat(certificate(certificates.get(BASE, "C", ""))).isEqualTo(second.leaf());
        String firstVersion = firstId.substring(firstId.lastIndexOf('/') + 1);
        assertThat(certificate(certificates.get(BASE, "c", firstVersion))).isEqualTo(first.leaf());
        assertThat(certificates.versions("c")).hasSize(2);
    }

    private static X509Certificate certificate(Map<String, Object> bundle) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(Base64.getDecoder().decode((String) bundle.get("cer"))));
    }

    @Test
    void get_unknown_isCertificateNotFound() {
        ServiceError e = error(() -> certificates.get(BASE, "nope", ""));

        assertThat(e.status()).isEqualTo(404);
        assertThat(e.code()).isEqualTo("CertificateNotFound");
    }

    @Test
    void latestOfEach_items_haveIdWithoutVersionAndThumbprint() {
        importPem("b", TestCertificates.ec("b"));
        importPem("a", TestCertificates.ec("a"));

        List<CertificateVersion> all = certificates.latestOfEach();

        assertThat(all).extracting(CertificateVersion::name).containsExactly("a", "b");
        assertThat(VaultCertificates.item(BASE + "/certificates/a", all.get(0)))
                .containsEntry("id", BASE + "/certificates/a").containsKeys("x5t", "attributes", "tags");
    }

    @Test
    void getPolicy_returnsPolicyWithId() {
        importPem("p", TestCertificates.ec("p"));

        Map<String, Object> policy = certificates.getPolicy(BASE, "p");

        assertThat(policy).containsEntry("id", BASE + "/certificates/p/policy").containsKeys("key_props",
                "secret_props", "x509_props", "issuer", "attributes");
    }
}
